// Postal work: collected dossiers waiting for a handover batch, and the batches in both directions.
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { batchProgress, type PostalBatch } from '@shared/postal/batch';
import { can } from '@shared/domain/roles';
import { db } from '../../db/instance';
import { createBatch, listBatches, unbatchedIntakes } from '../../db/postal';
import { describeWriteError } from '../../db/errors';
import { navigate } from '../../ui/router';
import { useSession } from '../accounts/useSession';
import { ReturnByPostPanel } from './ReturnByPostPanel';

function BatchTable({ batches, testId }: { batches: PostalBatch[]; testId: string }) {
  const { t } = useTranslation();
  if (batches.length === 0) return <Text c="dimmed" size="sm">{t('postal.noBatches')}</Text>;
  return (
    <Table data-testid={testId} highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('postal.batchCode')}</Table.Th>
          <Table.Th>{t('postal.createdAt')}</Table.Th>
          <Table.Th>{t('postal.createdBy')}</Table.Th>
          <Table.Th>{batches[0]?.kind === 'return' ? t('postal.resultsHeader') : t('postal.progress')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {batches.map((b) => {
          const p = batchProgress(b);
          return (
            <Table.Tr key={b.id}>
              <Table.Td><Anchor href={`#/batch/${b.id}`} ff="monospace">{b.code}</Anchor></Table.Td>
              <Table.Td>{formatVnDateTime(b.createdAt)}</Table.Td>
              <Table.Td>{b.createdBy}</Table.Td>
              <Table.Td>
                {b.kind === 'intake'
                  ? <Badge color={p.done ? 'green' : 'yellow'} variant="light">{t('postal.confirmedOf', { confirmed: p.confirmed, total: p.total })}</Badge>
                  : <Text size="sm">{t('postal.resultsCount', { count: p.total })}</Text>}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function PostalPage() {
  const { t } = useTranslation();
  const session = useSession();
  const waiting = useLiveQuery(() => unbatchedIntakes(db), []);
  const batches = useLiveQuery(() => listBatches(db, 'intake'), []);
  const returnBatches = useLiveQuery(() => listBatches(db, 'return'), []);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mayBatch = !!session && can(session.role, 'postal');

  const toggle = (id: string) => setChosen((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  const make = async () => {
    setError(null);
    try {
      const ids = (waiting ?? []).filter((d) => chosen.has(d.id)).map((d) => d.id);
      const batch = await createBatch(db, 'intake', ids, note);
      setChosen(new Set());
      setNote('');
      navigate(`batch/${batch.id}`);
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Stack>
      <Title order={2}>{t('postal.title')}</Title>
      <Text size="sm" c="dimmed">{t('postal.scanAnywhere')}</Text>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">{t('postal.waitingTitle')}</Title>
        {!waiting || waiting.length === 0 ? (
          <Text c="dimmed" size="sm">{t('postal.noneWaiting')}</Text>
        ) : (
          <Stack>
            <Table data-testid="unbatched">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <Checkbox aria-label={t('postal.chooseAll')} checked={chosen.size === waiting.length} indeterminate={chosen.size > 0 && chosen.size < waiting.length}
                      onChange={() => setChosen(chosen.size === waiting.length ? new Set() : new Set(waiting.map((d) => d.id)))} />
                  </Table.Th>
                  <Table.Th>{t('list.code')}</Table.Th>
                  <Table.Th>{t('postal.inboundWaybill')}</Table.Th>
                  <Table.Th>{t('list.applicant')}</Table.Th>
                  <Table.Th>{t('postal.collectedAtShort')}</Table.Th>
                  <Table.Th>{t('postal.collector')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {waiting.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td><Checkbox aria-label={d.code} checked={chosen.has(d.id)} onChange={() => toggle(d.id)} /></Table.Td>
                    <Table.Td ff="monospace"><Anchor href={`#/dossier/${d.id}`}>{d.code}</Anchor></Table.Td>
                    <Table.Td ff="monospace">{d.postal?.inboundWaybill}</Table.Td>
                    <Table.Td>{d.applicant.fullName}</Table.Td>
                    <Table.Td>{d.postal && formatVnDateTime(d.postal.collectedAt)}</Table.Td>
                    <Table.Td>{d.postal?.collectorName}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {mayBatch && (
              <Group align="flex-end">
                <TextInput label={t('postal.batchNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1 }} maxLength={500} />
                <Button onClick={() => void make()} disabled={chosen.size === 0} data-testid="make-batch">
                  {t('postal.makeBatch', { count: chosen.size })}
                </Button>
              </Group>
            )}
            {error && <Alert color="red" role="alert">{error}</Alert>}
          </Stack>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">{t('postal.batchesTitle')}</Title>
        {batches && <BatchTable batches={batches} testId="batches" />}
      </Paper>
      <ReturnByPostPanel mayAct={mayBatch} />
      <Paper withBorder p="md">
        <Title order={4} mb="sm">{t('postal.returnBatchesTitle')}</Title>
        {returnBatches && <BatchTable batches={returnBatches} testId="return-batches" />}
      </Paper>
    </Stack>
  );
}
