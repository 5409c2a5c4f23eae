// The supervisor's queries and commands: figures from the facts table, the tracking book's dossiers,
// exports (each audited as 'exported' before its bytes leave this module), fee payments and fee lists.
import type { Dossier } from '@shared/domain/dossier';
import { applyPayment, PaymentError } from '@shared/domain/fees';
import { formatMoney } from '@shared/domain/procedure';
import { computeFigures, figureSeries, periodContaining, periodOfDays, type FiguresReport, type PeriodKind, type SeriesPoint } from '@shared/reports/figures';
import { describeLogFilter, logBounds, logCsv, logFileBase, logRows, matchesLog, trackingRowsForPdf, type LogFilter } from '@shared/reports/log';
import { feeReport, feeReportCsv, type FeeReport } from '@shared/reports/fees';
import type { TrackingRow } from '@shared/forms/types';
import type { DateKey } from '@shared/calendar/vnTime';
import type { DeskDb } from './db';
import { factsOfDays, type FactsRow } from './facts';
import { vnDateKey } from '@shared/calendar/vnTime';
import { auditEvent, outboxEntry } from './records';
import { receptionEditProblem } from '@shared/sync/ownership';
import { loadDeskConfig } from './settings';
import { requirePermission } from './session';
import { ReceptionError } from '@shared/domain/reception';

export { PaymentError };

export interface Dashboard {
  kind: PeriodKind;
  from: DateKey;
  to: DateKey;
  report: FiguresReport;
  series: SeriesPoint[];
}

/**
 * The facts that can count in a period: received before its end (one getAll over the index; a Dexie
 * filter would walk a cursor row by row). computeFigures leaves out those finished before it starts.
 */
function factsFor(db: DeskDb, period: { end: number }): Promise<FactsRow[]> {
  return db.dossierFacts.where('day').below(vnDateKey(period.end - 1) + '\uffff').toArray().then(factsOfDays);
}

/** Every figure of the period containing `now`, from the desk's own data. */
export async function dashboard(db: DeskDb, kind: PeriodKind, now = Date.now()): Promise<Dashboard> {
  requirePermission(db, 'read');
  const period = periodContaining(kind, now);
  const facts = await factsFor(db, period);
  return { kind, from: period.from, to: period.to, report: computeFigures(facts, period, now), series: figureSeries(facts, period, kind) };
}

/** Figures for any range of days (the periodic report). */
export async function figuresForDays(db: DeskDb, from: DateKey, to: DateKey, now = Date.now()): Promise<FiguresReport> {
  requirePermission(db, 'read');
  const period = periodOfDays(from, to);
  return computeFigures(await factsFor(db, period), period, now);
}

/** What the filters can choose from: fields, procedures and officers seen on the desk. */
export async function logChoices(db: DeskDb): Promise<{ fields: string[]; procedures: { code: string; name: string }[]; officers: string[] }> {
  const procs = await db.procedures.toArray();
  const officers = new Set<string>();
  for (const f of factsOfDays(await db.dossierFacts.toArray())) officers.add(f.officerName);
  return {
    fields: [...new Set(procs.map((p) => p.fieldName))].sort((a, b) => a.localeCompare(b, 'vi')),
    procedures: procs.map((p) => ({ code: p.code, name: p.name })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    officers: [...officers].sort((a, b) => a.localeCompare(b, 'vi')),
  };
}

export async function logDossiers(db: DeskDb, filter: LogFilter): Promise<Dossier[]> {
  const { start, end } = logBounds(filter);
  return db.dossiers.where('receivedAt').between(start, end).filter((d) => matchesLog(d, filter)).toArray();
}

export async function countLog(db: DeskDb, filter: LogFilter): Promise<number> {
  const { start, end } = logBounds(filter);
  return db.dossiers.where('receivedAt').between(start, end).filter((d) => matchesLog(d, filter)).count();
}

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

/** The export's audit event: what, how many rows, masked or full, never a personal value. */
function auditExport(db: DeskDb, what: string, detail: Record<string, string | number | boolean | null>, reveal: boolean, now: number) {
  return db.transaction('rw', [db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'export');
    if (reveal) requirePermission(db, 'reveal');
    await db.audit.add(auditEvent({ dossierId: null, action: 'exported', actor, actorId, summary: `Xuất ${what}${reveal ? ' (đầy đủ số CCCD, số điện thoại)' : ''}`, at: now, detail: { ...detail, reveal } }));
  });
}

export interface PreparedExport {
  kind: ExportFormat;
  fileName: string;
  rows: number;
  /** xlsx and csv: the file. pdf: the form 07 rows or the fee report, rendered by the print dialog. */
  bytes?: Uint8Array;
  trackingRows?: TrackingRow[];
  feeReport?: FeeReport;
}

/**
 * The tracking book for the filter, as the chosen file. The export is audited before anything is
 * returned; `reveal` (full CCCD and phone) needs the reveal permission and says so in the audit.
 */
export async function exportLog(db: DeskDb, filter: LogFilter, kind: ExportFormat, reveal: boolean, now = Date.now()): Promise<PreparedExport> {
  requirePermission(db, 'export');
  if (reveal) requirePermission(db, 'reveal');
  const config = await loadDeskConfig(db);
  if (!config.office) throw new ReceptionError('Chưa thiết lập thông tin cơ quan: không xuất được sổ theo dõi.');
  const dossiers = await logDossiers(db, filter);
  const base = logFileBase(filter);
  await auditExport(db, `sổ theo dõi hồ sơ (.${kind}, ${dossiers.length} hồ sơ): ${describeLogFilter(filter)}`, { what: 'tracking_book', format: kind, rows: dossiers.length, from: filter.from, to: filter.to }, reveal, now);
  if (kind === 'pdf') return { kind, fileName: `${base}.pdf`, rows: dossiers.length, trackingRows: trackingRowsForPdf(dossiers, reveal) };
  const rows = logRows(dossiers, reveal);
  if (kind === 'csv') return { kind, fileName: `${base}.csv`, rows: rows.length, bytes: new TextEncoder().encode(logCsv(rows)) };
  const { logXlsx } = await import('@shared/reports/logXlsx');
  return { kind, fileName: `${base}.xlsx`, rows: rows.length, bytes: await logXlsx(rows, filter, config.office, !reveal) };
}

/** The periodic results report as .xlsx (audited). */
export async function exportResultsReport(db: DeskDb, from: DateKey, to: DateKey, now = Date.now()): Promise<PreparedExport> {
  requirePermission(db, 'export');
  const config = await loadDeskConfig(db);
  if (!config.office) throw new ReceptionError('Chưa thiết lập thông tin cơ quan.');
  const report = await figuresForDays(db, from, to, now);
  await auditExport(db, `báo cáo kết quả giải quyết TTHC từ ${from} đến ${to}`, { what: 'results_report', format: 'xlsx', rows: report.byField.length, from, to }, false, now);
  const { resultsReportXlsx } = await import('@shared/reports/resultsReport');
  return { kind: 'xlsx', fileName: `bao-cao-ket-qua-${from}-${to}.xlsx`, rows: report.byField.length, bytes: await resultsReportXlsx(report, { from, to }, config.office) };
}

// Fees ---------------------------------------------------------------------------------------------

/**
 * Records a fee payment: the dossier (with its payment), its outbox entry and its audit event in one
 * transaction. A dossier waiting for the payment (status 6) continues processing with it.
 */
export async function recordPayment(db: DeskDb, id: string, input: unknown, now = Date.now()): Promise<Dossier> {
  return db.transaction('rw', [db.dossiers, db.outbox, db.audit, db.settings, db.calendarOverrides, db.deskCalendarDays], async () => {
    const { actor, actorId } = requirePermission(db, 'transition');
    const dossier = await db.dossiers.get(id);
    if (!dossier) throw new ReceptionError('Không tìm thấy hồ sơ.');
    // The fee lines are part of what the receiving desk recorded (DanhSachLePhi): that desk records the payment.
    const owned = receptionEditProblem(dossier);
    if (owned) throw new ReceptionError(`Phí của hồ sơ này được thu tại ${dossier.peer?.ownerDeskNo ? `Quầy ${dossier.peer.ownerDeskNo}` : 'quầy đã tiếp nhận'}. ${owned}`);
    const config = await loadDeskConfig(db);
    const { dossier: next, payment, summary, resumed } = applyPayment(dossier, input, { actor, actorId }, now, config.calendar);
    await db.dossiers.put(next);
    // The payment reaches the province in DanhSachLePhi; a resumed dossier carries its status change too.
    await db.outbox.add(outboxEntry(resumed ? 'dossier.transition' : 'dossier.edited', next, now));
    await db.audit.add(auditEvent({
      dossierId: dossier.id, action: 'fee_paid', actor, actorId, summary, at: now, fromStatus: dossier.status, toStatus: next.status,
      detail: { amount: payment.amount, method: payment.method, receiptNo: payment.receiptNo, resumed },
    }));
    return next;
  });
}

/** Dossiers with a fee still to collect, oldest first. */
export async function unpaidDossiers(db: DeskDb): Promise<Dossier[]> {
  requirePermission(db, 'read');
  const ids = factsOfDays(await db.dossierFacts.toArray()).filter((f) => f.unpaid).map((f) => f.id);
  const found = (await db.dossiers.bulkGet(ids)).filter((d): d is Dossier => d != null);
  return found.sort((a, b) => a.receivedAt - b.receivedAt);
}

/** The fees collected on a day, per officer and procedure. */
export async function feeReportFor(db: DeskDb, day: DateKey): Promise<FeeReport> {
  requirePermission(db, 'read');
  const { start, end } = periodOfDays(day, day);
  // Fees are taken on the day of reception or later: the days up to `day` are read.
  const ids = factsOfDays(await db.dossierFacts.where('day').belowOrEqual(day).toArray()).filter((f) => f.paidAt != null && f.paidAt >= start && f.paidAt < end).map((f) => f.id);
  const found = (await db.dossiers.bulkGet(ids)).filter((d): d is Dossier => d != null);
  return feeReport(found, day);
}

/** The day's fee report as the chosen file (audited); pdf hands the report to the print dialog. */
export async function exportFeeReport(db: DeskDb, day: DateKey, kind: ExportFormat, now = Date.now()): Promise<PreparedExport> {
  requirePermission(db, 'export');
  const config = await loadDeskConfig(db);
  if (!config.office) throw new ReceptionError('Chưa thiết lập thông tin cơ quan.');
  const report = await feeReportFor(db, day);
  await auditExport(db, `báo cáo thu phí, lệ phí ngày ${day} (.${kind}, tổng ${formatMoney(report.total.total)})`, { what: 'fee_report', format: kind, rows: report.rows.length, from: day, to: day }, false, now);
  if (kind === 'pdf') return { kind, fileName: `thu-phi-le-phi-${day}.pdf`, rows: report.rows.length, feeReport: report };
  if (kind === 'csv') return { kind, fileName: `thu-phi-le-phi-${day}.csv`, rows: report.rows.length, bytes: new TextEncoder().encode(feeReportCsv(report)) };
  const { feeReportXlsx } = await import('@shared/reports/feesXlsx');
  return { kind, fileName: `thu-phi-le-phi-${day}.xlsx`, rows: report.rows.length, bytes: await feeReportXlsx(report, config.office) };
}
