// Settings → "Sao lưu và khôi phục" (administrators): a backup now (Electron: into the chosen folder;
// browser: a download), the automatic daily backup (Electron), and the restore.
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Group, NumberInput, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { BackupError, backupFileName } from '@shared/backup/format';
import type { BackupFolder } from '@shared/host/contract';
import { db } from '../../db/instance';
import { BACKUP_PASSPHRASE_SECRET, DEFAULT_BACKUP_KEEP, createBackup, hostSink, readBackupSchedule, readLastBackup, saveBackupSchedule } from '../../db/backup';
import { describeWriteError } from '../../db/errors';
import { host } from '../../host';
import { RestoreForm } from './RestoreForm';
import { formatBytes, formatWhen } from './format';

function useShell() {
  const [shell, setShell] = useState<'electron' | 'browser' | null>(null);
  useEffect(() => {
    host.appInfo().then((i) => setShell(i.shell), () => setShell('browser'));
  }, []);
  return shell;
}

export function BackupPanel() {
  const { t } = useTranslation();
  const shell = useShell();
  const last = useLiveQuery(() => readLastBackup(db), []);
  const schedule = useLiveQuery(() => readBackupSchedule(db), []);
  const [folder, setFolder] = useState<BackupFolder>({ folder: null, files: [] });
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [auto, setAuto] = useState<boolean | null>(null);
  const [keep, setKeep] = useState<number | string>(DEFAULT_BACKUP_KEEP);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (shell === 'electron') host.backupFolder().then(setFolder, () => {});
  }, [shell]);
  useEffect(() => {
    if (schedule !== undefined && auto === null) {
      setAuto(schedule?.enabled ?? false);
      setKeep(schedule?.keep ?? DEFAULT_BACKUP_KEEP);
    }
  }, [schedule, auto]);

  const checkPass = () => {
    if (pass !== again) throw new BackupError(t('backup.passphrasesDiffer'));
  };
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeWriteError(e));
    } finally {
      setBusy(false);
    }
  };
  const backupNow = () =>
    run(async () => {
      checkPass();
      if (shell === 'electron' && !folder.folder) throw new BackupError(t('backup.noFolder'));
      const now = Date.now();
      const sink = hostSink(host, backupFileName(now), schedule?.keep ?? DEFAULT_BACKUP_KEEP);
      const r = await createBackup(db, pass, sink, { now, secrets: host });
      notifications.show({ color: 'green', message: t('backup.created', { count: r.counts.dossiers ?? 0, size: formatBytes(r.bytes), where: sink.location ?? r.name }) });
      if (shell === 'electron') setFolder(await host.backupFolder());
    });
  const chooseFolder = () => run(async () => setFolder(await host.backupChooseFolder()));
  const saveSchedule = () =>
    run(async () => {
      if (auto) {
        if (!pass) throw new BackupError(t('backup.autoNeedsPassphrase'));
        checkPass();
        if (!folder.folder) throw new BackupError(t('backup.noFolder'));
      }
      await saveBackupSchedule(db, !!auto, Number(keep));
      if (auto) await host.secretSet({ key: BACKUP_PASSPHRASE_SECRET, value: pass });
      else await host.secretDelete({ key: BACKUP_PASSPHRASE_SECRET });
      notifications.show({ color: 'green', message: t('backup.scheduleSaved') });
    });

  return (
    <Paper withBorder p="lg" data-testid="backup-panel">
      <Stack>
        <Title order={3}>{t('backup.title')}</Title>
        <Text size="sm">{t('backup.intro')}</Text>
        <Text size="sm" fw={600} data-testid="last-backup">
          {last ? t('backup.last', { at: formatWhen(last.at), how: last.auto ? t('backup.lastAuto') : t('backup.lastManual'), size: formatBytes(last.bytes), actor: last.actor }) : t('backup.never')}
        </Text>
        <Group grow align="flex-start">
          <PasswordInput label={t('backup.passphrase')} description={t('backup.passphraseHelp')} value={pass} onChange={(e) => setPass(e.currentTarget.value)} autoComplete="new-password" />
          <PasswordInput label={t('backup.passphraseAgain')} value={again} onChange={(e) => setAgain(e.currentTarget.value)} autoComplete="new-password" mt={22} />
        </Group>
        {shell === 'browser' && <Text size="sm" c="dimmed">{t('backup.browserNote')}</Text>}
        <Button onClick={() => void backupNow()} loading={busy} w="fit-content">{shell === 'browser' ? t('backup.createBrowser') : t('backup.create')}</Button>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {shell === 'electron' && (
          <Stack gap="xs">
            <Title order={4}>{t('backup.folderTitle')}</Title>
            <Group>
              <Text size="sm">{folder.folder ? t('backup.folder', { folder: folder.folder }) : t('backup.folderNone')}</Text>
              <Button variant="default" size="xs" onClick={() => void chooseFolder()}>{t('backup.chooseFolder')}</Button>
            </Group>
            <Group align="flex-end">
              <Checkbox label={t('backup.auto')} checked={!!auto} onChange={(e) => setAuto(e.currentTarget.checked)} />
              <NumberInput label={t('backup.keep')} value={keep} onChange={setKeep} min={1} max={365} w={140} />
              <Button variant="default" onClick={() => void saveSchedule()} loading={busy}>{t('backup.saveSchedule')}</Button>
            </Group>
            <Text size="xs" c="dimmed">{t('backup.autoPassphraseHelp')}</Text>
            {folder.files.length > 0 && (
              <Table withTableBorder>
                <Table.Thead><Table.Tr><Table.Th>{t('backup.files')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {folder.files.map((f) => (
                    <Table.Tr key={f.name}><Table.Td>{f.name}</Table.Td><Table.Td>{formatBytes(f.bytes)}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
        <RestoreForm />
      </Stack>
    </Paper>
  );
}
