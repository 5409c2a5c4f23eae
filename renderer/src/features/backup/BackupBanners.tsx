// The reminders at the top of every screen: an administrator whose last backup is older than a week, and
// everyone on a desk restored from a backup that has not yet checked with the province.
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Text } from '@mantine/core';
import { BACKUP_REMIND_AFTER_MS } from '@shared/backup/format';
import { can, type Role } from '@shared/domain/roles';
import { db } from '../../db/instance';
import { readLastBackup, readRestoreState } from '../../db/backup';
import { navigate } from '../../ui/router';
import { useNow } from '../../ui/useNow';
import { formatWhen } from './format';

export function BackupBanners({ role }: { role: Role }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const last = useLiveQuery(() => readLastBackup(db), []);
  const restore = useLiveQuery(() => readRestoreState(db), []);
  const overdue = last !== undefined && can(role, 'backup') && (!last || now - last.at > BACKUP_REMIND_AFTER_MS);
  return (
    <>
      {restore && restore.reconciledAt == null && (
        <Alert color="orange" mb="md" role="alert" data-testid="restore-pending">
          {restore.gap
            ? t('backup.restorePending', { at: formatWhen(restore.backupCreatedAt), from: restore.gap.from + 1, to: restore.gap.to })
            : t('backup.restorePendingNoGap', { at: formatWhen(restore.backupCreatedAt) })}
        </Alert>
      )}
      {overdue && (
        <Alert color="yellow" mb="md" data-testid="backup-overdue">
          <Group justify="space-between">
            <Text size="sm">{last ? t('backup.overdue', { days: Math.floor((now - last.at) / 86_400_000), at: formatWhen(last.at) }) : t('backup.overdueNever')}</Text>
            <Button size="xs" variant="default" onClick={() => navigate('settings')}>{t('backup.backupNow')}</Button>
          </Group>
        </Alert>
      )}
    </>
  );
}
