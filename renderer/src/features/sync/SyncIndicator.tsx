// The header's sync indicator: reachability as measured by real requests, the last successful sync, and
// what is still waiting. Mounting it starts the background runner of this window.
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { db } from '../../db/instance';
import { outboxCounts } from '../../sync/dossierState';
import { startSyncRunner, syncNow } from '../../sync/runtime';
import { readState, readStatus } from '../../sync/state';

export function useSyncOverview() {
  return useLiveQuery(async () => {
    const [status, enrolment, counts] = await Promise.all([readStatus(db), readState(db, 'enrolment'), outboxCounts(db)]);
    return { status, enrolment: enrolment ?? null, counts };
  }, []);
}

export function SyncIndicator() {
  const { t } = useTranslation();
  const overview = useSyncOverview();
  useEffect(() => startSyncRunner(), []);
  if (!overview) return null;
  const { status, enrolment, counts } = overview;

  let color = 'gray';
  let label = t('sync.unknown');
  let state: string = status.connection;
  if (!enrolment) {
    label = t('sync.notEnrolled');
    state = 'not_enrolled';
  } else if (status.auth === 'expired' || status.auth === 'unauthorized') {
    color = 'red';
    label = t('sync.expired');
    state = 'auth';
  } else if (status.connection === 'online') {
    color = 'green';
    label = t('sync.online');
  } else if (status.connection === 'offline') {
    color = 'red';
    label = t('sync.offline');
  } else if (status.connection === 'error') {
    color = 'orange';
    label = t('sync.serverError');
  }
  const detail = enrolment ? `${status.lastSuccessAt ? t('sync.lastSync', { at: formatVnDateTime(status.lastSuccessAt) }) : t('sync.neverSynced')}${counts.unsent > 0 ? ` · ${t('sync.unsent', { count: counts.unsent })}` : ''}` : '';
  return (
    <UnstyledButton onClick={() => void syncNow()} aria-label={`${label}. ${t('sync.syncNow')}`} title={[detail, status.lastError ?? t('sync.syncNow')].filter(Boolean).join('\n')}>
    <Group gap={6} wrap="nowrap" data-testid="sync-indicator" data-connection={state}>
      <Badge color={color} variant="light" style={{ flexShrink: 0 }}>{status.running ? t('sync.syncing') : label}</Badge>
      {/* The detail gives way first when the header is short of room; the button's title still has it. */}
      {detail && <Text size="xs" c="dimmed" data-testid="sync-last-success" truncate maw={{ base: 150, xl: 300 }} visibleFrom="lg">{detail}</Text>}
    </Group>
    </UnstyledButton>
  );
}
