// The province's domestic waybill forms, besides UPU S10 (always accepted with its check digit).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { WaybillPattern } from '@shared/postal/waybill';
import { db } from '../../db/instance';
import { saveWaybillPatterns, type DeskConfig } from '../../db/settings';
import { describeWriteError } from '../../db/errors';

export function WaybillPatternsForm({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<WaybillPattern[]>(config.waybillPatterns);
  const [draft, setDraft] = useState<WaybillPattern>({ name: '', regex: '', example: '' });
  const [error, setError] = useState<string | null>(null);
  const save = async (next: WaybillPattern[]) => {
    try {
      await saveWaybillPatterns(db, next);
      setRows(next);
      setError(null);
      notifications.show({ color: 'green', message: t('setup.saved') });
      return true;
    } catch (e) {
      setError(describeWriteError(e));
      return false;
    }
  };
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="xs">{t('postal.patternsTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('postal.patternsHelp')}</Text>
      <Stack>
        {rows.length > 0 && (
          <Table data-testid="waybill-patterns">
            <Table.Tbody>
              {rows.map((p, i) => (
                <Table.Tr key={`${p.name}-${i}`}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td ff="monospace">{p.regex}</Table.Td>
                  <Table.Td ff="monospace">{p.example}</Table.Td>
                  <Table.Td><Button size="xs" variant="default" color="red" onClick={() => void save(rows.filter((_, j) => j !== i))}>{t('setup.remove')}</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={(e) => { e.preventDefault(); void save([...rows, draft]).then((ok) => ok && setDraft({ name: '', regex: '', example: '' })); }}>
          <Group align="flex-end">
            <TextInput label={t('postal.patternName')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
            <TextInput label={t('postal.patternRegex')} value={draft.regex} onChange={(e) => setDraft({ ...draft, regex: e.currentTarget.value })} ff="monospace" />
            <TextInput label={t('postal.patternExample')} value={draft.example} onChange={(e) => setDraft({ ...draft, example: e.currentTarget.value })} />
            <Button type="submit" variant="default">{t('postal.patternAdd')}</Button>
          </Group>
        </form>
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </Stack>
    </Paper>
  );
}
