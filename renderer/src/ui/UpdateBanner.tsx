// "Có phiên bản mới — Tải lại": the officer applies a new version of the browser desk, never while a
// reception is being typed.
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Text } from '@mantine/core';
import { applyWaitingUpdate, useOfflineShell } from '../host/offlineShell';
import { useWorkInProgress } from './workInProgress';

export function UpdateBanner() {
  const { t } = useTranslation();
  const shell = useOfflineShell();
  const busy = useWorkInProgress();
  if (shell !== 'update_waiting') return null;
  return (
    <Alert color="blue" mb="md" role="status" data-testid="update-banner">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{busy ? t('offlineShell.updateAfterReception') : t('offlineShell.updateReady')}</Text>
        <Button size="xs" disabled={busy} onClick={() => void applyWaitingUpdate()}>
          {t('offlineShell.reload')}
        </Button>
      </Group>
    </Alert>
  );
}
