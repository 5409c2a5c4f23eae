// Sync settings for the admin screen: enrolment with a one-time code, the server, "sync now", what is
// waiting or quarantined and why, conflicts to resolve, and a clock-skew warning.
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { db } from '../../db/instance';
import i18n from '../../i18n';
import { describeWriteError } from '../../db/errors';
import { retryQuarantined } from '../../sync/conflicts';
import { skewWarning } from '../../sync/engine';
import { getSyncEngine, syncNow } from '../../sync/runtime';
import { syncAdminDetails } from '../../sync/dossierState';
import { readSetting } from '../../db/settings';
import { ConflictActions } from './ConflictActions';
import { useSyncOverview } from './SyncIndicator';
import { UploadList } from './UploadList';

function EnrolForm({ defaultUrl, again }: { defaultUrl: string; again: boolean }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(defaultUrl);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const desk = await readSetting(db, 'desk');
      await getSyncEngine().enrol(url, code, i18n.t('setup.deviceName', { deskNo: desk?.deskNo ?? '' }).trim());
      setCode('');
      setError(null);
      notifications.show({ color: 'green', message: t('sync.enrolDone') });
      void syncNow();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">{t('sync.enrolHelp')}</Text>
        <Group align="flex-end" grow>
          <TextInput label={t('sync.serverUrl')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} placeholder="https://motcua.example.gov.vn" required />
          <TextInput label={t('sync.enrolCode')} value={code} onChange={(e) => setCode(e.currentTarget.value)} placeholder="XXXX-XXXX-XXXX" required autoComplete="off" />
        </Group>
        <Group>
          <Button type="submit" loading={busy}>{again ? t('sync.reenrol') : t('sync.enrol')}</Button>
        </Group>
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </Stack>
    </form>
  );
}

export function SyncAdminPanel() {
  const { t } = useTranslation();
  const overview = useSyncOverview();
  const details = useLiveQuery(() => syncAdminDetails(db), []);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  if (!overview || !details) return null;
  const { status, enrolment, counts } = overview;

  const runNow = async () => {
    setBusy(true);
    const outcome = await syncNow();
    setBusy(false);
    if (outcome.ok) notifications.show({ color: 'green', message: t('sync.syncDone', { pushed: outcome.pushed, pulled: outcome.pulled }) });
  };
  const retry = async (seq: number) => {
    try {
      await retryQuarantined(db, seq);
      setActionError(null);
    } catch (e) {
      setActionError(describeWriteError(e));
    }
  };
  const conflictOf = new Set(details.conflicts.map((c) => c.dossierId));
  const skew = status.skewMs;

  return (
    <Paper withBorder p="lg" data-testid="sync-admin">
      <Stack>
        <Title order={3}>{t('sync.adminTitle')}</Title>
        {skewWarning(skew) && (
          <Alert color="orange" role="alert" data-testid="clock-skew">
            {t('sync.skew', { minutes: Math.round(Math.abs(skew!) / 60_000), direction: skew! < 0 ? t('sync.skewAhead') : t('sync.skewBehind') })}
          </Alert>
        )}
        <Title order={4}>{t('sync.enrolTitle')}</Title>
        {enrolment && (
          <Text data-testid="enrolment">
            {t('sync.enrolled', { agency: enrolment.agencyCode, desk: enrolment.deskNo, desks: enrolment.desksInAgency, expires: formatVnDateTime(enrolment.expiresAt) })}
            {' '}
            {t('sync.server', { url: enrolment.serverUrl })}
          </Text>
        )}
        {(!enrolment || status.auth !== 'ok') && <EnrolForm defaultUrl={enrolment?.serverUrl ?? ''} again={!!enrolment} />}
        {enrolment && status.auth === 'ok' && (
          <details>
            <summary>{t('sync.reenrol')}</summary>
            <EnrolForm defaultUrl={enrolment.serverUrl} again />
          </details>
        )}
        {enrolment && (
          <Stack gap={4}>
            <Group>
              <Button onClick={runNow} loading={busy || status.running} data-testid="sync-now">{t('sync.syncNow')}</Button>
              <Text size="sm">{status.lastSuccessAt ? t('sync.lastSync', { at: formatVnDateTime(status.lastSuccessAt) }) : t('sync.neverSynced')}</Text>
            </Group>
            <Text size="sm" data-testid="sync-counts">{t('sync.counts', counts)}</Text>
            {status.lastError && (
              <Alert color="orange" title={t('sync.lastError')} data-testid="sync-error">
                {status.lastError}
                {status.nextAttemptAt ? ` ${t('sync.nextAttempt', { at: formatVnDateTime(status.nextAttemptAt) })}` : ''}
              </Alert>
            )}
            {details.audit?.refused && (
              <Alert color="red" title={t('backup.auditRefused')} data-testid="audit-refused">{details.audit.refused.reason}</Alert>
            )}
            <Text size="sm" c="dimmed">{details.reference?.catalog ? t('sync.reference', { catalog: details.reference.catalog, calendar: details.reference.calendar, office: details.reference.office }) : t('sync.referenceNone')}</Text>
          </Stack>
        )}
        <Title order={4}>{t('sync.conflictsTitle')}</Title>
        {details.conflicts.length === 0 ? (
          <Text c="dimmed">{t('sync.noConflicts')}</Text>
        ) : (
          details.conflicts.map((c) => (
            <Paper key={c.id} withBorder p="sm">
              <Text fw={600} ff="monospace">{c.code}</Text>
              <ConflictActions conflict={c} />
            </Paper>
          ))
        )}
        <Title order={4}>{t('sync.quarantinedTitle')}</Title>
        {actionError && <Alert color="red" role="alert">{actionError}</Alert>}
        {details.quarantined.length === 0 ? (
          <Text c="dimmed">{t('sync.noQuarantined')}</Text>
        ) : (
          <Table data-testid="quarantined">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.code')}</Table.Th>
                <Table.Th>{t('sync.change')}</Table.Th>
                <Table.Th>{t('sync.reason')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details.quarantined.map((e) => (
                <Table.Tr key={e.seq}>
                  <Table.Td ff="monospace">
                    <a href={`#/dossier/${encodeURIComponent(e.dossierId)}`}>{e.dossier.code || '—'}</a>
                  </Table.Td>
                  <Table.Td>{t(`sync.kind.${e.kind.replace('dossier.', '')}`)}</Table.Td>
                  <Table.Td>{e.lastError}</Table.Td>
                  <Table.Td>{!conflictOf.has(e.dossierId) && <Button size="xs" variant="default" onClick={() => retry(e.seq!)}>{t('sync.retry')}</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <UploadList />
      </Stack>
    </Paper>
  );
}
