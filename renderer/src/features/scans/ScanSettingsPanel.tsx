// Settings of digitising: the scanner's hot folder (Electron), the resolution images are placed at, and
// the storage the desk uses.
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { can } from '@shared/domain/roles';
import { MAX_SCAN_DPI, MIN_SCAN_DPI } from '@shared/scans/rules';
import type { ScanFolderStatus } from '@shared/host/contract';
import { db } from '../../db/instance';
import { readScanDpi, saveScanDpi } from '../../db/scans';
import { describeWriteError } from '../../db/errors';
import { host } from '../../host';
import { useSession } from '../accounts/useSession';
import { StorageUsage } from './StorageUsage';

export function ScanSettingsPanel() {
  const { t } = useTranslation();
  const session = useSession();
  const stored = useLiveQuery(() => readScanDpi(db), []);
  const [dpi, setDpi] = useState<number | string>('');
  const [folder, setFolder] = useState<ScanFolderStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (stored !== undefined) setDpi(stored);
  }, [stored]);
  useEffect(() => {
    host.scanFolder().then(setFolder, (e: unknown) => setError(describeWriteError(e)));
  }, []);
  const mayDigitise = !!session && can(session.role, 'digitise');
  const maySettings = !!session && can(session.role, 'settings');
  if (!mayDigitise) return null;

  const choose = async () => {
    setError(null);
    try {
      setFolder(await host.scanFolderChoose());
    } catch (e) {
      setError(describeWriteError(e));
    }
  };
  const saveDpi = async () => {
    setError(null);
    try {
      await saveScanDpi(db, Number(dpi));
      notifications.show({ color: 'green', message: t('scans.dpiSaved', { dpi }) });
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Paper withBorder p="md" data-testid="scan-settings">
      <Title order={3} mb="sm">{t('scans.settingsTitle')}</Title>
      <Stack gap="sm">
        <div>
          <Text fw={500} size="sm">{t('scans.hotFolder')}</Text>
          {folder?.supported ? (
            <Group gap="xs">
              <Text size="sm" ff="monospace" data-testid="scan-folder">{folder.folder ?? t('scans.noFolder')}</Text>
              <Button size="compact-sm" variant="light" onClick={() => void choose()}>{folder.folder ? t('scans.changeFolder') : t('scans.chooseFolder')}</Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed" data-testid="scan-folder-browser">{t('scans.noHotFolderInBrowser')}</Text>
          )}
          {folder?.supported && <Text size="xs" c="dimmed">{t('scans.hotFolderHelp')}</Text>}
        </div>
        <div>
          <Group align="flex-end" gap="xs">
            <NumberInput label={t('scans.dpi')} min={MIN_SCAN_DPI} max={MAX_SCAN_DPI} step={50} allowDecimal={false} value={dpi} onChange={setDpi} disabled={!maySettings} w={200} data-testid="scan-dpi" />
            {maySettings && <Button onClick={() => void saveDpi()} disabled={Number(dpi) === stored}>{t('scans.saveDpi')}</Button>}
          </Group>
          <Text size="xs" c="dimmed" mt={4}>{t('scans.dpiHelp')}</Text>
        </div>
        <StorageUsage />
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </Stack>
    </Paper>
  );
}
