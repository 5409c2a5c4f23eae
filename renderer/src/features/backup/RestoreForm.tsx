// "Khôi phục từ bản sao lưu": in Settings for administrators, and on the first-run screen of a new
// machine. The file is checked in full before anything on the desk changes (db/backup.ts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, FileInput, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { db } from '../../db/instance';
import { restoreBackup } from '../../db/backup';
import { describeWriteError } from '../../db/errors';
import { host } from '../../host';
import { SYNC_LOCK } from '../../sync/engine';
import { defaultLocks } from '../../sync/locks';
import { formatWhen } from './format';

export function RestoreForm({ newMachine = false }: { newMachine?: boolean }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [pass, setPass] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError(t('backup.noFile'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Under the sync engine's lock: no cycle writes the outbox or the sync state while they are replaced.
      const r = await defaultLocks().request(SYNC_LOCK, {}, () => restoreBackup(db, file, pass, { secrets: host }));
      notifications.show({ color: 'green', autoClose: false, message: t('backup.restored', { count: r.counts.dossiers ?? 0, at: formatWhen(r.backupCreatedAt) }) });
      setPass('');
      setFile(null);
      setConfirmed(false);
    } catch (err) {
      setError(describeWriteError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} data-testid="restore-form">
      <Stack gap="xs">
        <Title order={newMachine ? 3 : 4}>{t('backup.restoreTitle')}</Title>
        <Text size="sm">{t('backup.restoreIntro')}</Text>
        <FileInput label={t('backup.file')} value={file} onChange={setFile} accept=".mcbk,application/octet-stream" clearable data-testid="restore-file" />
        <PasswordInput label={t('backup.restorePassphrase')} value={pass} onChange={(e) => setPass(e.currentTarget.value)} autoComplete="off" />
        {!newMachine && <Checkbox label={t('backup.confirm')} checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />}
        {error && <Alert color="red" role="alert" data-testid="restore-error">{error}</Alert>}
        <Button type="submit" color={newMachine ? undefined : 'red'} variant={newMachine ? 'default' : 'filled'} loading={busy} disabled={!newMachine && !confirmed} w="fit-content">{t('backup.restore')}</Button>
      </Stack>
    </form>
  );
}
