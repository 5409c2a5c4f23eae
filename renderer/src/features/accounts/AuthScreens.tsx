// First run (the administrator), login, and the lock screen laid over the work so nothing typed is lost.
import { RestoreForm } from '../backup/RestoreForm';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { db } from '../../db/instance';
import { createFirstAdmin, login, logout, unlockScreen } from '../../db/accounts';
import { describeWriteError } from '../../db/errors';
import type { Session } from '../../db/session';

function useSubmit(action: () => Promise<unknown>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(describeWriteError(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function FirstAdminForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [restoring, setRestoring] = useState(false);
  const { error, busy, submit } = useSubmit(async () => {
    if (password !== again) throw new Error(t('auth.passwordsDiffer'));
    await createFirstAdmin(db, { username, displayName, password });
  });
  return (
    <Center mih="70vh">
      <Stack>
        <Paper withBorder p="xl" w={460} component="form" onSubmit={submit}>
          <Stack>
            <Title order={2}>{t('auth.firstRunTitle')}</Title>
            <Text size="sm">{t('auth.firstRunIntro')}</Text>
            <TextInput label={t('auth.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus required />
            <TextInput label={t('auth.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required />
            <PasswordInput label={t('auth.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
            <PasswordInput label={t('auth.passwordAgain')} value={again} onChange={(e) => setAgain(e.currentTarget.value)} required />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Button type="submit" loading={busy}>{t('auth.create')}</Button>
          </Stack>
        </Paper>
        <Paper withBorder p="xl" w={460}>
          {restoring ? (
            <RestoreForm newMachine />
          ) : (
            <Stack gap="xs">
              <Text size="sm">{t('backup.restoreNewMachine')}</Text>
              <Button variant="default" onClick={() => setRestoring(true)} w="fit-content">{t('backup.restoreTitle')}…</Button>
            </Stack>
          )}
        </Paper>
      </Stack>
    </Center>
  );
}

export function LoginForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(() => login(db, username, password));
  return (
    <Center mih="70vh">
      <Paper withBorder p="xl" w={420} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>{t('auth.loginTitle')}</Title>
          <TextInput label={t('auth.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus required />
          <PasswordInput label={t('auth.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Button type="submit" loading={busy}>{t('auth.login')}</Button>
        </Stack>
      </Paper>
    </Center>
  );
}

/** Covers the screen; the work underneath stays mounted, so what was typed survives the lock. */
export function LockScreen({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await unlockScreen(db, password);
    setPassword('');
  });
  return (
    <div role="dialog" aria-modal="true" aria-label={t('auth.lockedTitle')} style={{ position: 'fixed', inset: 0, zIndex: 1000, background: 'var(--mantine-color-gray-1)' }}>
      <Center h="100%">
        <Paper withBorder p="xl" w={440} component="form" onSubmit={submit}>
          <Stack>
            <Title order={2}>{t('auth.lockedTitle')}</Title>
            <Text size="sm">{t('auth.lockedIntro', { name: `${session.displayName} (${session.username})` })}</Text>
            <PasswordInput label={t('auth.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus required />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => void logout(db)}>{t('auth.otherAccount')}</Button>
              <Button type="submit" loading={busy}>{t('auth.unlock')}</Button>
            </Group>
          </Stack>
        </Paper>
      </Center>
    </div>
  );
}
