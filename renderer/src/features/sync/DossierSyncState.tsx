// A dossier's sync state on its page: pending, sent (and when), failed with the reason, quarantined with
// the reason, or a conflict with the officer's choices.
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { db } from '../../db/instance';
import { dossierSyncInfo, type DossierSyncState as State } from '../../sync/dossierState';
import { ConflictActions } from './ConflictActions';

const COLOR: Record<State, string> = { pending: 'blue', sent: 'green', failed: 'orange', quarantined: 'red', conflict: 'red' };

export function DossierSyncState({ dossierId }: { dossierId: string }) {
  const { t } = useTranslation();
  const info = useLiveQuery(() => dossierSyncInfo(db, dossierId), [dossierId]);
  if (!info) return null;
  return (
    <Paper withBorder p="md" data-testid="dossier-sync-state" data-sync-state={info.state}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Title order={5}>{t('sync.stateTitle')}</Title>
          <Badge color={COLOR[info.state]} variant="light">{t(`sync.state.${info.state}`)}</Badge>
        </Group>
        {info.state === 'sent' && info.sentAt != null && <Text size="xs" c="dimmed">{t('sync.sentAt', { at: formatVnDateTime(info.sentAt) })}</Text>}
        {info.conflict ? <ConflictActions conflict={info.conflict} /> : info.reason && <Text size="sm" c={info.state === 'failed' ? 'orange' : 'red'}>{info.reason}</Text>}
      </Stack>
    </Paper>
  );
}
