import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatVnDate, formatVnDateTime, parseVnDate } from '@shared/calendar/vnTime';
import { formatMoney } from '@shared/domain/procedure';
import { STATUS_LABEL_VI } from '@shared/domain/status';
import { db } from '../../db/instance';
import { exportFeeReport, feeReportFor, unpaidDossiers, type ExportFormat } from '../../db/reports';
import type { DeskConfig } from '../../db/settings';
import { PrintDialog, type PrintJob } from '../printing/PrintDialog';
import { feeReportJob } from '../printing/jobs';
import { describeWriteError } from '../../db/errors';
import { navigate } from '../../ui/router';
import { saveExport } from './saveExport';

/** Unpaid fees, and the day's fees per officer and procedure (exportable). */
export function FeesPanel({ config }: { config: DeskConfig }) {
  const { t } = useTranslation();
  const [day, setDay] = useState(formatVnDate(Date.now()));
  const [error, setError] = useState<string | null>(null);
  const key = parseVnDate(day);
  const unpaid = useLiveQuery(() => unpaidDossiers(db), []);
  const report = useLiveQuery(() => (key ? feeReportFor(db, key) : Promise.resolve(null)), [key]);
  const [job, setJob] = useState<PrintJob | null>(null);
  const run = async (kind: ExportFormat) => {
    if (!key) return;
    setError(null);
    try {
      const prepared = await exportFeeReport(db, key, kind);
      if (prepared.feeReport) setJob(feeReportJob(prepared.feeReport, config));
      else await saveExport(prepared);
    } catch (e) {
      setError(t('reports.failed', { reason: describeWriteError(e) }));
    }
  };
  return (
    <Stack>
      <Paper withBorder p="md">
        <Group justify="space-between" align="end" mb="sm">
          <Title order={4}>{t('reports.feeReport')}</Title>
          <Group align="end">
            <TextInput label={t('reports.feeDay')} value={day} onChange={(e) => setDay(e.currentTarget.value)} error={key ? null : t('reports.badRange')} w={180} />
            <Button variant="default" onClick={() => void run('csv')} disabled={!key}>{t('reports.exportCsv')}</Button>
            <Button variant="default" onClick={() => void run('pdf')} disabled={!key}>{t('reports.exportFeePdf')}</Button>
            <Button onClick={() => void run('xlsx')} disabled={!key}>{t('reports.exportXlsx')}</Button>
          </Group>
        </Group>
        {error && <Alert color="red" role="alert" mb="sm">{error}</Alert>}
        {report && report.rows.length === 0 ? <Text c="dimmed">{t('reports.noFees')}</Text> : report && (
          <Table striped withTableBorder data-testid="fee-report">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.collector')}</Table.Th><Table.Th>{t('reports.procedure')}</Table.Th><Table.Th ta="right">{t('reports.cases')}</Table.Th>
                <Table.Th ta="right">{t('reports.cash')}</Table.Th><Table.Th ta="right">{t('reports.transfer')}</Table.Th><Table.Th ta="right">{t('reports.qr')}</Table.Th><Table.Th ta="right">{t('reports.sum')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => (
                <Table.Tr key={`${r.officer}-${r.procedureCode}`}>
                  <Table.Td>{r.officer}</Table.Td><Table.Td>{r.procedureName}</Table.Td><Table.Td ta="right">{r.count}</Table.Td>
                  <Table.Td ta="right">{formatMoney(r.cash)}</Table.Td><Table.Td ta="right">{formatMoney(r.transfer)}</Table.Td><Table.Td ta="right">{formatMoney(r.qr)}</Table.Td><Table.Td ta="right">{formatMoney(r.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {report && report.rows.length > 0 && <Text fw={700} mt="sm" data-testid="fee-total">{t('reports.feeTotal', { total: formatMoney(report.total.total), count: report.total.count })}</Text>}
        {job && <PrintDialog job={job} onClose={() => setJob(null)} />}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">{t('reports.unpaid')}</Title>
        {unpaid && unpaid.length === 0 ? <Text c="dimmed">{t('reports.noUnpaid')}</Text> : (
          <Table striped withTableBorder data-testid="unpaid">
            <Table.Thead>
              <Table.Tr><Table.Th>{t('reports.code')}</Table.Th><Table.Th>{t('reports.applicant')}</Table.Th><Table.Th>{t('reports.procedure')}</Table.Th><Table.Th>{t('reports.status')}</Table.Th><Table.Th>{t('reports.receivedAt')}</Table.Th><Table.Th ta="right">{t('reports.fee')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {unpaid?.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td><Anchor href={`#/dossier/${d.id}`} onClick={(e) => { e.preventDefault(); navigate(`dossier/${d.id}`); }} ff="monospace">{d.code}</Anchor></Table.Td>
                  <Table.Td>{d.applicant.fullName}</Table.Td><Table.Td>{d.procedureName}</Table.Td><Table.Td>{STATUS_LABEL_VI[d.status]}</Table.Td>
                  <Table.Td>{formatVnDateTime(d.receivedAt)}</Table.Td><Table.Td ta="right">{d.fee > 0 ? formatMoney(d.fee) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
