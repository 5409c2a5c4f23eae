import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart, DonutChart } from '@mantine/charts';
import { formatDateKey, formatVnDateTime } from '@shared/calendar/vnTime';
import { onTimeRate, PERIOD_KINDS, type Figures, type FiguresRow, type PeriodKind } from '@shared/reports/figures';
import { db } from '../../db/instance';
import { dashboard, exportResultsReport } from '../../db/reports';
import { describeWriteError } from '../../db/errors';
import { useNow } from '../../ui/useNow';
import { saveExport } from './saveExport';

const pct = (r: number | null) => (r == null ? '—' : `${(r * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`);

function Stat({ label, value, hint, testId }: { label: string; value: string | number; hint: string; testId: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">{label}</Text>
      <Text fz={30} fw={700} data-testid={testId}>{value}</Text>
      <Text size="xs" c="dimmed">{hint}</Text>
    </Paper>
  );
}

function FiguresTable({ rows, total, title }: { rows: FiguresRow[]; total: Figures; title: string }) {
  const { t } = useTranslation();
  const cells = (f: Figures) => [f.received, f.receivedDesk, f.receivedPost, f.receivedOnline, f.carriedOver, f.resolved, f.early, f.onTime, f.late, pct(onTimeRate(f)), f.inProgress, f.within, f.overdue];
  const heads = [t('reports.received'), t('reports.desk'), t('reports.post'), t('reports.online'), t('reports.carriedOver', { n: '' }).replace(/:\s*$/, ''), t('reports.resolved'), t('reports.early'), t('reports.onTime'), t('reports.late'), t('reports.onTimeRate'), t('reports.inProgress'), t('reports.within'), t('reports.overdue')];
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">{title}</Title>
      <Table.ScrollContainer minWidth={900}>
        <Table striped withTableBorder fz="sm" data-testid={`figures-${title}`}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('reports.name')}</Table.Th>{heads.map((h) => <Table.Th key={h} ta="right">{h}</Table.Th>)}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}><Table.Td>{r.label}</Table.Td>{cells(r.figures).map((v, i) => <Table.Td key={i} ta="right">{v}</Table.Td>)}</Table.Tr>
            ))}
            <Table.Tr fw={700}><Table.Td>{t('reports.total')}</Table.Td>{cells(total).map((v, i) => <Table.Td key={i} ta="right">{v}</Table.Td>)}</Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** The supervisor's figures for today, this week, month, quarter or year, from the desk's own data. */
export function DashboardPanel() {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const [kind, setKind] = useState<PeriodKind>(() => (sessionStorage.getItem('reports.period') as PeriodKind | null) ?? 'month');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const data = useLiveQuery(() => dashboard(db, kind, now), [kind, now]);
  const choose = (k: string) => {
    sessionStorage.setItem('reports.period', k);
    setKind(k as PeriodKind);
  };
  const exportResults = async () => {
    if (!data) return;
    setBusy(true);
    setError(null);
    try {
      await saveExport(await exportResultsReport(db, data.from, data.to));
    } catch (e) {
      setError(t('reports.failed', { reason: describeWriteError(e) }));
    } finally {
      setBusy(false);
    }
  };
  const f = data?.report.total;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl value={kind} onChange={choose} data={PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.period.${k}`) }))} data-testid="period" />
        <Group gap="xs">
          {data && <Text size="sm" c="dimmed">{t('reports.range', { from: formatDateKey(data.from), to: formatDateKey(data.to) })}</Text>}
          <Button variant="default" onClick={exportResults} loading={busy} disabled={!data}>{t('reports.exportResults')}</Button>
        </Group>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {data && f && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Stat label={t('reports.received')} value={f.received} testId="stat-received" hint={`${t('reports.receivedHint', { desk: f.receivedDesk, post: f.receivedPost, online: f.receivedOnline })} · ${t('reports.carriedOver', { n: f.carriedOver })}`} />
            <Stat label={t('reports.resolved')} value={f.resolved} testId="stat-resolved" hint={`${t('reports.resolvedHint', { early: f.early, onTime: f.onTime, late: f.late })} · ${t('reports.ended', { n: f.ended })}`} />
            <Stat label={t('reports.onTimeRate')} value={pct(onTimeRate(f))} testId="stat-rate" hint={t('reports.onTimeRateHint')} />
            <Stat label={t('reports.inProgress')} value={f.inProgress} testId="stat-progress" hint={t('reports.inProgressHint', { within: f.within, overdue: f.overdue })} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">{t('reports.judgedAt', { at: formatVnDateTime(data.report.judgedAt) })}. {t('reports.onTimeRule')}</Text>
          <SimpleGrid cols={{ base: 1, lg: 3 }}>
            <Paper withBorder p="md" style={{ gridColumn: 'span 2' }}>
              <Title order={5} mb="sm">{t('reports.chartReceived')}</Title>
              <BarChart h={240} data={data.series} dataKey="label" type="stacked" withLegend
                series={[{ name: 'desk', label: t('reports.desk'), color: 'blue.6' }, { name: 'post', label: t('reports.post'), color: 'orange.6' }, { name: 'online', label: t('reports.online'), color: 'teal.6' }]} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={5} mb="sm">{t('reports.onTimeRate')}</Title>
              {f.resolved === 0 ? <Text c="dimmed">{t('reports.noData')}</Text> : (
                <Group justify="center">
                  <DonutChart size={200} thickness={28} withLabelsLine withLabels chartLabel={pct(onTimeRate(f))}
                    data={[
                      { name: t('reports.early'), value: f.early, color: 'teal.6' },
                      { name: t('reports.onTime'), value: f.onTime, color: 'blue.6' },
                      { name: t('reports.late'), value: f.late, color: 'red.6' },
                    ].filter((x) => x.value > 0)} />
                </Group>
              )}
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="md">
            <Title order={5} mb="sm">{t('reports.chartResolved')}</Title>
            <BarChart h={200} data={data.series} dataKey="label" type="stacked" withLegend
              series={[{ name: 'early', label: t('reports.early'), color: 'teal.6' }, { name: 'onTime', label: t('reports.onTime'), color: 'blue.6' }, { name: 'late', label: t('reports.late'), color: 'red.6' }]} />
          </Paper>
          <FiguresTable title={t('reports.byField')} rows={data.report.byField} total={f} />
          <FiguresTable title={t('reports.byProcedure')} rows={data.report.byProcedure} total={f} />
        </>
      )}
    </Stack>
  );
}
