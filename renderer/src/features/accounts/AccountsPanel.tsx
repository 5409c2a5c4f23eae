// The administrator's accounts list: add, reset a password, remove (never the last administrator).
import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, NativeSelect, NumberInput, Paper, PasswordInput, Stack, Table, TextInput, Title } from '@mantine/core';
import { ROLES, ROLE_LABEL_VI, type Role } from '@shared/domain/roles';
import { db } from '../../db/instance';
import { createAccount, listAccounts, removeAccount, resetPassword } from '../../db/accounts';
import { describeWriteError } from '../../db/errors';
import { DEFAULT_IDLE_LOCK_MINUTES, readSetting, saveIdleLockMinutes } from '../../db/settings';

export function AccountsPanel() {
  const { t } = useTranslation();
  const accounts = useLiveQuery(() => listAccounts(db), []);
  const idle = useLiveQuery(() => readSetting(db, 'idleLockMinutes'), []);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'officer' as Role, password: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [idleValue, setIdleValue] = useState<number | string>('');
  const run = async (action: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await action();
      setMessage({ ok: true, text: t('auth.saved') });
    } catch (e) {
      setMessage({ ok: false, text: describeWriteError(e) });
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await createAccount(db, form);
      setForm({ username: '', displayName: '', role: 'officer', password: '' });
    });
  };
  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={3}>{t('auth.accountsTitle')}</Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('auth.username')}</Table.Th>
              <Table.Th>{t('auth.displayName')}</Table.Th>
              <Table.Th>{t('auth.role')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(accounts ?? []).map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.username}</Table.Td>
                <Table.Td>{a.displayName}</Table.Td>
                <Table.Td>{ROLE_LABEL_VI[a.role]}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="compact-sm" variant="default" onClick={() => { const p = window.prompt(`${t('auth.newPassword')} (${a.username})`); if (p) void run(() => resetPassword(db, a.id, p)); }}>
                      {t('auth.resetPassword')}
                    </Button>
                    <Button size="compact-sm" color="red" variant="light" onClick={() => void run(() => removeAccount(db, a.id))}>
                      {t('auth.remove')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <form onSubmit={add}>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('auth.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.currentTarget.value })} required />
            <TextInput label={t('auth.displayName')} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })} required />
            <NativeSelect label={t('auth.role')} value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })} data={ROLES.map((r) => ({ value: r, label: ROLE_LABEL_VI[r] }))} />
            <PasswordInput label={t('auth.password')} value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} required />
            <Button type="submit">{t('auth.newAccount')}</Button>
          </Group>
        </form>
        <Group align="flex-end">
          <NumberInput label={t('auth.idleLock')} min={0} max={240} value={idleValue === '' ? (idle ?? DEFAULT_IDLE_LOCK_MINUTES) : idleValue} onChange={setIdleValue} w={340} />
          <Button variant="default" onClick={() => void run(() => saveIdleLockMinutes(db, Number(idleValue === '' ? (idle ?? DEFAULT_IDLE_LOCK_MINUTES) : idleValue)))}>{t('auth.saveIdle')}</Button>
        </Group>
        {message && <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
      </Stack>
    </Paper>
  );
}
