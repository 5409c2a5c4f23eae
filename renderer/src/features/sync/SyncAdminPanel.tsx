// Sync settings for the admin screen: enrolment with a one-time code, the server, "sync now", what is
// waiting or quarantined and why, conflicts to resolve, and a clock-skew warning.
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
import { useSyncStrings } from './strings';

function EnrolForm({ defaultUrl, again }: { defaultUrl: string; again: boolean }) {
  const { s } = useSyncStrings();
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
      notifications.show({ color: 'green', message: s.enrolDone });
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
        <Text size="sm" c="dimmed">{s.enrolHelp}</Text>
        <Group align="flex-end" grow>
          <TextInput label={s.serverUrl} value={url} onChange={(e) => setUrl(e.currentTarget.value)} placeholder="https://motcua.example.gov.vn" required />
          <TextInput label={s.enrolCode} value={code} onChange={(e) => setCode(e.currentTarget.value)} placeholder="XXXX-XXXX-XXXX" required autoComplete="off" />
        </Group>
        <Group>
          <Button type="submit" loading={busy}>{again ? s.reenrol : s.enrol}</Button>
        </Group>
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </Stack>
    </form>
  );
}

export function SyncAdminPanel() {
  const { s, f } = useSyncStrings();
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
    if (outcome.ok) notifications.show({ color: 'green', message: f(s.syncDone, { pushed: outcome.pushed, pulled: outcome.pulled }) });
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
        <Title order={3}>{s.adminTitle}</Title>
        {skewWarning(skew) && (
          <Alert color="orange" role="alert" data-testid="clock-skew">
            {f(s.skew, { minutes: Math.round(Math.abs(skew!) / 60_000), direction: skew! < 0 ? s.skewAhead : s.skewBehind })}
          </Alert>
        )}
        <Title order={4}>{s.enrolTitle}</Title>
        {enrolment && (
          <Text data-testid="enrolment">
            {f(s.enrolled, { agency: enrolment.agencyCode, desk: enrolment.deskNo, desks: enrolment.desksInAgency, expires: formatVnDateTime(enrolment.expiresAt) })}
            {' '}
            {f(s.server, { url: enrolment.serverUrl })}
          </Text>
        )}
        {(!enrolment || status.auth !== 'ok') && <EnrolForm defaultUrl={enrolment?.serverUrl ?? ''} again={!!enrolment} />}
        {enrolment && status.auth === 'ok' && (
          <details>
            <summary>{s.reenrol}</summary>
            <EnrolForm defaultUrl={enrolment.serverUrl} again />
          </details>
        )}
        {enrolment && (
          <Stack gap={4}>
            <Group>
              <Button onClick={runNow} loading={busy || status.running} data-testid="sync-now">{s.syncNow}</Button>
              <Text size="sm">{status.lastSuccessAt ? f(s.lastSync, { at: formatVnDateTime(status.lastSuccessAt) }) : s.neverSynced}</Text>
            </Group>
            <Text size="sm" data-testid="sync-counts">{f(s.counts, counts)}</Text>
            {status.lastError && (
              <Alert color="orange" title={s.lastError} data-testid="sync-error">
                {status.lastError}
                {status.nextAttemptAt ? ` ${f(s.nextAttempt, { at: formatVnDateTime(status.nextAttemptAt) })}` : ''}
              </Alert>
            )}
            <Text size="sm" c="dimmed">{details.reference?.catalog ? f(s.reference, { catalog: details.reference.catalog, calendar: details.reference.calendar, office: details.reference.office }) : s.referenceNone}</Text>
          </Stack>
        )}
        <Title order={4}>{s.conflictsTitle}</Title>
        {details.conflicts.length === 0 ? (
          <Text c="dimmed">{s.noConflicts}</Text>
        ) : (
          details.conflicts.map((c) => (
            <Paper key={c.id} withBorder p="sm">
              <Text fw={600} ff="monospace">{c.code}</Text>
              <ConflictActions conflict={c} />
            </Paper>
          ))
        )}
        <Title order={4}>{s.quarantinedTitle}</Title>
        {actionError && <Alert color="red" role="alert">{actionError}</Alert>}
        {details.quarantined.length === 0 ? (
          <Text c="dimmed">{s.noQuarantined}</Text>
        ) : (
          <Table data-testid="quarantined">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{s.code}</Table.Th>
                <Table.Th>{s.change}</Table.Th>
                <Table.Th>{s.reason}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details.quarantined.map((e) => (
                <Table.Tr key={e.seq}>
                  <Table.Td ff="monospace">
                    <a href={`#/dossier/${encodeURIComponent(e.dossierId)}`}>{e.dossier.code || '—'}</a>
                  </Table.Td>
                  <Table.Td>{s.kind[e.kind]}</Table.Td>
                  <Table.Td>{e.lastError}</Table.Td>
                  <Table.Td>{!conflictOf.has(e.dossierId) && <Button size="xs" variant="default" onClick={() => retry(e.seq!)}>{s.retry}</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
