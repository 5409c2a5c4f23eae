// Settings → retention (administrators): the period, how many dossiers are past it and confirmed by the
// province, and the purge of their personal data on the desk.
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { db } from '../../db/instance';
import { describeWriteError } from '../../db/errors';
import { countPurgeable, purgeExpiredPersonalData, readRetentionDays, saveRetentionDays } from '../../db/retention';

export function RetentionPanel() {
  const { t } = useTranslation();
  const saved = useLiveQuery(() => readRetentionDays(db), []);
  const eligible = useLiveQuery(() => countPurgeable(db), [saved]);
  const [days, setDays] = useState<number | string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const act = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof RangeError ? e.message : describeWriteError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="lg" data-testid="retention-panel">
      <Stack>
        <Title order={3}>{t('backup.retentionTitle')}</Title>
        <Text size="sm">{t('backup.retentionIntro')}</Text>
        <Group align="flex-end">
          <NumberInput label={t('backup.retentionDays')} value={days ?? saved ?? ''} onChange={setDays} min={30} w={320} />
          <Button variant="default" loading={busy} onClick={() => void act(async () => { await saveRetentionDays(db, Number(days ?? saved)); notifications.show({ color: 'green', message: t('setup.saved') }); })}>{t('setup.save')}</Button>
        </Group>
        <Text size="sm" data-testid="purgeable">{t('backup.purgeable', { count: eligible ?? 0 })}</Text>
        {!!eligible && <Checkbox label={t('backup.purgeConfirm', { count: eligible })} checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />}
        <Button color="red" w="fit-content" disabled={!eligible || !confirmed} loading={busy} onClick={() => void act(async () => { const n = await purgeExpiredPersonalData(db); setConfirmed(false); notifications.show({ color: 'green', message: t('backup.purged', { count: n }) }); })}>{t('backup.purge')}</Button>
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </Stack>
    </Paper>
  );
}
