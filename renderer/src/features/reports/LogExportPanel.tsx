import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { formatVnDate, parseVnDate } from '@shared/calendar/vnTime';
import { can } from '@shared/domain/roles';
import { DOSSIER_STATUSES, STATUS_LABEL_VI, type DossierStatus } from '@shared/domain/status';
import type { LogFilter } from '@shared/reports/log';
import { db } from '../../db/instance';
import { countLog, exportLog, logChoices, type ExportFormat } from '../../db/reports';
import type { DeskConfig } from '../../db/settings';
import { describeWriteError } from '../../db/errors';
import { PrintDialog, type PrintJob } from '../printing/PrintDialog';
import { trackingBookJob } from '../printing/jobs';
import { useSession } from '../accounts';
import { saveExport } from './saveExport';

const MAX_PDF_ROWS = 5000;

/** The tracking book (form 07) for a range and filters, as .xlsx, .csv or the PDF form. */
export function LogExportPanel({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const session = useSession();
  const today = formatVnDate(Date.now());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [field, setField] = useState<string | null>(null);
  const [procedure, setProcedure] = useState<string | null>(null);
  const [officer, setOfficer] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<PrintJob | null>(null);
  const choices = useLiveQuery(() => logChoices(db), []);
  const a = parseVnDate(from);
  const b = parseVnDate(to);
  const filter: LogFilter | null = a && b && a <= b
    ? { from: a, to: b, statuses: statuses as DossierStatus[], fieldName: field ?? undefined, procedureCode: procedure ?? undefined, officerName: officer ?? undefined }
    : null;
  const count = useLiveQuery(() => (filter ? countLog(db, filter) : Promise.resolve(null)), [JSON.stringify(filter)]);
  const mayReveal = !!session && can(session.role, 'reveal');

  const run = async (kind: ExportFormat) => {
    if (!filter) return setError(t('reports.badRange'));
    if (kind === 'pdf' && (count ?? 0) > MAX_PDF_ROWS) return setError(t('reports.tooMany', { count, max: MAX_PDF_ROWS }));
    setBusy(kind);
    setError(null);
    try {
      const prepared = await exportLog(db, filter, kind, reveal && mayReveal);
      if (kind === 'pdf') setJob(trackingBookJob(filter.from, filter.to, prepared.trackingRows ?? [], config));
      else await saveExport(prepared);
    } catch (e) {
      setError(t('reports.failed', { reason: describeWriteError(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput label={t('reports.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="log-from" />
          <TextInput label={t('reports.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="log-to" />
          <MultiSelect label={t('reports.status')} placeholder={t('reports.all')} value={statuses} onChange={setStatuses} clearable
            data={DOSSIER_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL_VI[s] }))} />
          <Select label={t('reports.field')} placeholder={t('reports.all')} value={field} onChange={setField} clearable data={choices?.fields ?? []} />
          <Select label={t('reports.procedure')} placeholder={t('reports.all')} value={procedure} onChange={setProcedure} clearable searchable
            data={(choices?.procedures ?? []).map((p) => ({ value: p.code, label: p.name }))} />
          <Select label={t('reports.officer')} placeholder={t('reports.all')} value={officer} onChange={setOfficer} clearable data={choices?.officers ?? []} />
        </SimpleGrid>
        {mayReveal && <Checkbox label={t('reports.reveal')} checked={reveal} onChange={(e) => setReveal(e.currentTarget.checked)} />}
        <Text size="sm" c="dimmed">{t('reports.revealHint')}</Text>
        {!filter ? <Alert color="yellow">{t('reports.badRange')}</Alert> : <Text data-testid="log-count">{t('reports.count', { count: count ?? 0 })}</Text>}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void run('csv')} loading={busy === 'csv'} disabled={!filter}>{t('reports.exportCsv')}</Button>
          <Button variant="default" onClick={() => void run('pdf')} loading={busy === 'pdf'} disabled={!filter}>{t('reports.exportPdf')}</Button>
          <Button onClick={() => void run('xlsx')} loading={busy === 'xlsx'} disabled={!filter}>{t('reports.exportXlsx')}</Button>
        </Group>
      </Stack>
      {job && <PrintDialog job={job} onClose={() => setJob(null)} />}
    </Paper>
  );
}
