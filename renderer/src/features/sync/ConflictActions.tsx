// The officer's choices for one sync conflict. Nothing is decided without them.
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SyncConflict } from '../../db/db';
import { db } from '../../db/instance';
import { describeWriteError } from '../../db/errors';
import { acknowledgePeerConflict, conflictDesk, resolveWithDesk, resolveWithNewCode, resolveWithProvince } from '../../sync/conflicts';

export function ConflictActions({ conflict }: { conflict: SyncConflict }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A clash with another desk of the agency (its change is what the province holds): named in the button.
  const otherDesk = conflictDesk(conflict);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      setError(null);
      notifications.show({ color: 'green', message: t('sync.resolved') });
    } catch (e) {
      setError(describeWriteError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={6} data-testid="conflict" data-conflict-kind={conflict.kind}>
      <Text size="sm">{conflict.reason}</Text>
      <Group gap="xs">
        {conflict.kind === 'peer' ? (
          <Button size="xs" disabled={busy} onClick={() => run(() => acknowledgePeerConflict(db, conflict.id))}>{t('office.acknowledge')}</Button>
        ) : conflict.kind === 'status' ? (
          <>
            <Button size="xs" disabled={busy} onClick={() => run(() => resolveWithProvince(db, conflict.id))}>
              {otherDesk ? t('office.keepOtherDesk', { desk: otherDesk }) : t('sync.keepProvince')}
            </Button>
            <Button size="xs" variant="default" disabled={busy} onClick={() => run(() => resolveWithDesk(db, conflict.id))}>{t('sync.keepDesk')}</Button>
          </>
        ) : (
          <Button size="xs" disabled={busy} onClick={() => run(() => resolveWithNewCode(db, conflict.id))}>{t('sync.newCode')}</Button>
        )}
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
    </Stack>
  );
}
