import { AccountsPanel, AuditIntegrityPanel, useSession } from '../accounts';
import { can } from '@shared/domain/roles';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { readState } from '../../sync/state';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { defaultDaysOff } from '@shared/calendar/holidays';
import { officeHoursProblem } from '@shared/calendar/workingDays';
import { formatDateKey, parseVnDate, vnParts } from '@shared/calendar/vnTime';
import { formatDossierCode, parseCodePattern } from '@shared/codes/dossierCode';
import { db } from '../../db/instance';
import { describeWriteError } from '../../db/errors';
import { addDeskCalendarDay, removeDeskCalendarDay, saveCalendarBase, saveCodePattern, type CalendarBase, type DeskConfig } from '../../db/settings';
import { SetupForm } from './SetupForm';
import { SyncAdminPanel } from '../sync';
import { BackupPanel, RetentionPanel } from '../backup';
import { WaybillPatternsForm } from '../postal/WaybillPatternsForm';
import { ScanSettingsPanel } from '../scans';

function CodePatternForm({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const [pattern, setPattern] = useState(config.codePattern);
  const enrolled = Boolean(useLiveQuery(() => readState(db, 'enrolment'), []));
  const [error, setError] = useState<string | null>(null);
  let example: string;
  try {
    example = formatDossierCode(parseCodePattern(pattern), config.office?.agencyCode ?? 'MA', Date.now(), 1);
  } catch {
    example = '—';
  }
  const save = async () => {
    try {
      parseCodePattern(pattern);
      await saveCodePattern(db, pattern);
      setError(null);
      notifications.show({ color: 'green', message: t('setup.saved') });
    } catch (e) {
      setError(describeWriteError(e));
    }
  };
  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={3}>{t('setup.codePattern')}</Title>
        <Group align="flex-end">
          <TextInput style={{ flex: 1 }} label={t('setup.codePattern')} value={pattern} onChange={(e) => setPattern(e.currentTarget.value)} description={enrolled ? t('setup.managedByProvince') : t('setup.codePatternHelp', { example })} error={error} readOnly={enrolled} />
          <Button onClick={save} disabled={enrolled}>{t('setup.save')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CalendarForm({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const { overrides: _effective, ...base } = config.calendar;
  const [cal, setCal] = useState<CalendarBase>(base);
  const [row, setRow] = useState({ date: '', kind: 'off' as 'off' | 'work', note: '' });
  const [error, setError] = useState<string | null>(null);
  const year = vnParts(Date.now()).year;

  const saveBase = async () => {
    const problem = officeHoursProblem(cal.hours, cal.sameDayCutoff);
    if (problem) {
      setError(problem);
      return;
    }
    try {
      await saveCalendarBase(db, cal);
      setError(null);
      notifications.show({ color: 'green', message: t('setup.saved') });
    } catch (e) {
      setError(describeWriteError(e));
    }
  };
  const removeOverride = async (date: string) => {
    try {
      await removeDeskCalendarDay(db, date);
    } catch (e) {
      setError(describeWriteError(e));
    }
  };
  const addOverride = async () => {
    const date = parseVnDate(row.date);
    if (!date) {
      setError(t('setup.badDate'));
      return;
    }
    if (row.note.trim().length < 2) {
      setError(t('setup.noteRequired'));
      return;
    }
    try {
      await addDeskCalendarDay(db, { date, kind: row.kind, note: row.note.trim() });
      setRow({ date: '', kind: 'off', note: '' });
      setError(null);
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={3}>{t('setup.calendar')}</Title>
        <Checkbox label={t('setup.saturdayMorning')} checked={cal.saturdayMorning} onChange={(e) => setCal({ ...cal, saturdayMorning: e.currentTarget.checked })} />
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          <TextInput label={t('setup.cutoff')} value={cal.sameDayCutoff} onChange={(e) => setCal({ ...cal, sameDayCutoff: e.currentTarget.value })} />
          {(Object.keys(cal.hours) as (keyof CalendarBase['hours'])[]).map((k) => (
            <TextInput key={k} label={t(`setup.hoursLabel.${k}`)} value={cal.hours[k]} onChange={(e) => setCal({ ...cal, hours: { ...cal.hours, [k]: e.currentTarget.value } })} />
          ))}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button onClick={saveBase}>{t('setup.save')}</Button>
        </Group>
        <Title order={4}>{t('setup.overrides')}</Title>
        <Group align="flex-end">
          <TextInput label={t('setup.overrideDate')} value={row.date} onChange={(e) => setRow({ ...row, date: e.currentTarget.value })} placeholder="dd/mm/yyyy" />
          <NativeSelect label={t('setup.overrideKind')} value={row.kind} onChange={(e) => setRow({ ...row, kind: e.currentTarget.value as 'off' | 'work' })} data={[{ value: 'off', label: t('setup.overrideOff') }, { value: 'work', label: t('setup.overrideWork') }]} />
          <TextInput style={{ flex: 1 }} label={t('setup.overrideNote')} value={row.note} onChange={(e) => setRow({ ...row, note: e.currentTarget.value })} />
          <Button onClick={addOverride}>{t('setup.addOverride')}</Button>
        </Group>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Table>
          <Table.Tbody>
            {config.calendarEntries.map((o) => (
              <Table.Tr key={`${o.source}-${o.date}`} c={o.supersededByDesk ? 'dimmed' : undefined} td={o.supersededByDesk ? 'line-through' : undefined}>
                <Table.Td>{formatDateKey(o.date)}</Table.Td>
                <Table.Td>{o.kind === 'off' ? t('setup.overrideOff') : t('setup.overrideWork')}</Table.Td>
                <Table.Td>{o.note}</Table.Td>
                <Table.Td>{o.source === 'desk' ? t('setup.calendarOfDesk') : o.supersededByDesk ? t('setup.calendarOfProvinceReplaced') : t('setup.calendarOfProvince')}</Table.Td>
                <Table.Td>{o.source === 'desk' && <Button size="xs" variant="subtle" color="red" onClick={() => removeOverride(o.date)}>{t('setup.remove')}</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={4}>{t('setup.holidaysOf', { year })}</Title>
        <Text size="sm">
          {defaultDaysOff(year).map((d) => `${formatDateKey(d.date)} ${d.name}`).join(' · ')}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Each form only for a role whose commands accept it (the commands refuse the others anyway). */
export function SettingsPage({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const session = useSession();
  const may = (p: Parameters<typeof can>[1]) => !!session && can(session.role, p);
  return (
    <Stack maw={1000} mx="auto">
      {!may('settings') && <Alert color="gray" data-testid="settings-admin-only">{t('backup.adminOnly')}</Alert>}
      {may('settings') && <SetupForm config={config} />}
      {may('settings') && <CodePatternForm config={config} />}
      {may('settings') && <CalendarForm config={config} />}
      {may('settings') && <WaybillPatternsForm config={config} />}
      {may('digitise') && <ScanSettingsPanel />}
      {may('sync') && <SyncAdminPanel />}
      {may('backup') && <BackupPanel />}
      {may('purge') && <RetentionPanel />}
      {may('accounts') && <AccountsPanel />}
      {may('audit_verify') && <AuditIntegrityPanel />}
    </Stack>
  );
}
