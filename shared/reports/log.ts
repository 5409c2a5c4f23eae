// The tracking book (sổ theo dõi hồ sơ, form 07) as data: which dossiers (date range and filters) and
// what each row shows, masked by default (shared/privacy/mask.ts). The .xlsx, .csv and .pdf exports all
// start from these rows, so they always agree.
import { formatDateKey, formatVnClock, formatVnDate, type DateKey } from '../calendar/vnTime';
import { RESULT_DELIVERY_LABEL_VI, channelOf, type Dossier } from '../domain/dossier';
import { STATUS_LABEL_VI, type DossierStatus } from '../domain/status';
import type { OfficeSettings } from '../domain/settings';
import { maskIdNumber, maskPhone } from '../privacy/mask';
import { CHANNEL_LABEL_VI, periodOfDays } from './figures';
import type { TrackingRow } from '../forms/types';

export interface LogFilter {
  /** Inclusive reception days. */
  from: DateKey;
  to: DateKey;
  statuses?: readonly DossierStatus[];
  fieldName?: string;
  procedureCode?: string;
  officerName?: string;
}

/** The range's bounds as epoch milliseconds: [start, end). */
export const logBounds = (f: LogFilter) => periodOfDays(f.from, f.to);

export function matchesLog(d: Dossier, f: LogFilter): boolean {
  const { start, end } = logBounds(f);
  if (d.receivedAt < start || d.receivedAt >= end) return false;
  if (f.statuses?.length && !f.statuses.includes(d.status)) return false;
  if (f.fieldName && d.fieldName !== f.fieldName) return false;
  if (f.procedureCode && d.procedureCode !== f.procedureCode) return false;
  if (f.officerName && d.officerName !== f.officerName) return false;
  return true;
}

/** What the filter says, in words, printed under the title. */
export function describeLogFilter(f: LogFilter): string {
  const parts = [`Từ ngày ${formatDateKey(f.from)} đến ngày ${formatDateKey(f.to)}`];
  if (f.statuses?.length) parts.push(`trạng thái: ${f.statuses.map((s) => STATUS_LABEL_VI[s]).join(', ')}`);
  if (f.fieldName) parts.push(`lĩnh vực: ${f.fieldName}`);
  if (f.procedureCode) parts.push(`thủ tục: ${f.procedureCode}`);
  if (f.officerName) parts.push(`công chức tiếp nhận: ${f.officerName}`);
  return parts.join('; ');
}

export interface LogRow {
  no: number;
  code: string;
  procedureName: string;
  applicantName: string;
  idNumber: string;
  address: string;
  phone: string;
  resultAgency: string;
  receivedAt: number;
  appointmentAt: number;
  returnedAt: number | null;
  delivery: string;
  sets: number;
  note: string;
  status: string;
  fieldName: string;
  channel: string;
  fee: number;
  paid: number;
  officerName: string;
}

const OUTCOME: Partial<Record<DossierStatus, string>> = {
  refused: 'Không được tiếp nhận',
  withdrawn: 'Công dân rút hồ sơ',
  stopped: 'Dừng xử lý',
  supplement_requested: 'Chờ bổ sung',
  financial_obligation: 'Chờ nộp nghĩa vụ tài chính',
};

/** Rows in reception order. `reveal`: full CCCD and phone (an audited choice of the caller). */
export function logRows(dossiers: readonly Dossier[], reveal = false): LogRow[] {
  return [...dossiers]
    .sort((a, b) => a.receivedAt - b.receivedAt || a.code.localeCompare(b.code))
    .map((d, i) => ({
      no: i + 1,
      code: d.code,
      procedureName: d.procedureName,
      applicantName: d.applicant.fullName,
      idNumber: reveal ? d.applicant.idNumber : maskIdNumber(d.applicant.idNumber),
      address: d.applicant.address,
      phone: reveal ? d.applicant.phone : maskPhone(d.applicant.phone),
      resultAgency: d.resultAgency,
      receivedAt: d.receivedAt,
      appointmentAt: d.appointmentAt,
      returnedAt: d.returnedAt,
      delivery: RESULT_DELIVERY_LABEL_VI[d.resultDelivery],
      sets: d.sets,
      note: [OUTCOME[d.status], d.note].filter(Boolean).join('. '),
      status: STATUS_LABEL_VI[d.status],
      fieldName: d.fieldName,
      channel: CHANNEL_LABEL_VI[channelOf(d)],
      fee: d.fee,
      paid: d.payment?.amount ?? 0,
      officerName: d.officerName,
    }));
}

/** Form 07's rows for the PDF, with the same masking. */
export function trackingRowsForPdf(dossiers: readonly Dossier[], reveal = false): TrackingRow[] {
  const byCode = new Map(dossiers.map((d) => [d.code, d]));
  return logRows(dossiers, reveal).map((r) => {
    const d = byCode.get(r.code)!;
    return {
      code: r.code, procedureName: r.procedureName, applicantName: r.applicantName, address: r.address, phone: r.phone,
      resultAgency: r.resultAgency, receivedAt: r.receivedAt, appointmentAt: r.appointmentAt, returnedAt: r.returnedAt,
      resultDelivery: d.resultDelivery, sets: r.sets, note: d.note, outcome: OUTCOME[d.status],
    };
  });
}

export type ColumnKind = 'int' | 'text' | 'datetime' | 'money';

export interface Column<R> {
  header: string;
  width: number;
  kind: ColumnKind;
  /** False: kept in the sheet for filtering, left out of the printed page. */
  print?: boolean;
  value: (r: R) => string | number | null;
}

/** Form 07's columns (TT … Ký nhận, Ghi chú), then what a supervisor filters by. */
export const LOG_COLUMNS: Column<LogRow>[] = [
  { header: 'TT', width: 5, kind: 'int', value: (r) => r.no },
  { header: 'Mã hồ sơ', width: 15, kind: 'text', value: (r) => r.code },
  { header: 'Tên thủ tục hành chính', width: 26, kind: 'text', value: (r) => r.procedureName },
  { header: 'Tên cá nhân, tổ chức', width: 17, kind: 'text', value: (r) => r.applicantName },
  { header: 'Địa chỉ, số điện thoại', width: 24, kind: 'text', value: (r) => [r.address, r.phone].filter(Boolean).join(', ') },
  { header: 'Cơ quan chủ trì giải quyết', width: 14, kind: 'text', value: (r) => r.resultAgency },
  { header: 'Nhận hồ sơ', width: 15, kind: 'datetime', value: (r) => r.receivedAt },
  { header: 'Hẹn trả kết quả', width: 15, kind: 'datetime', value: (r) => r.appointmentAt },
  { header: 'Trả kết quả', width: 15, kind: 'datetime', value: (r) => r.returnedAt },
  { header: 'Phương thức nhận kết quả', width: 14, kind: 'text', value: (r) => r.delivery },
  { header: 'Số lượng hồ sơ (bộ)', width: 7, kind: 'int', value: (r) => r.sets },
  { header: 'Ký nhận', width: 9, kind: 'text', value: () => '' },
  { header: 'Ghi chú', width: 14, kind: 'text', value: (r) => r.note },
  // Beyond form 07 (left out of the printed page): what a supervisor filters and sums by.
  { header: 'Số CCCD', width: 15, kind: 'text', print: false, value: (r) => r.idNumber },
  { header: 'Lĩnh vực', width: 16, kind: 'text', print: false, value: (r) => r.fieldName },
  { header: 'Trạng thái', width: 20, kind: 'text', print: false, value: (r) => r.status },
  { header: 'Hình thức tiếp nhận', width: 13, kind: 'text', print: false, value: (r) => r.channel },
  { header: 'Phí, lệ phí (đồng)', width: 12, kind: 'money', print: false, value: (r) => r.fee },
  { header: 'Đã thu (đồng)', width: 12, kind: 'money', print: false, value: (r) => r.paid },
  { header: 'Công chức tiếp nhận', width: 20, kind: 'text', print: false, value: (r) => r.officerName },
];

/** A sheet's header above the table: the office on the left, the national motto on the right. */
export interface SheetHeading {
  office: OfficeSettings;
  title: string;
  subtitle: string;
  /** A line in italics under the subtitle (e.g. "Mẫu chưa đối chiếu…"). */
  remark?: string;
}

// CSV ---------------------------------------------------------------------------------------------

const csvCell = (v: string | number | null): string => {
  if (v == null) return '';
  const s = String(v).normalize('NFC');
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const csvValue = <R>(c: Column<R>, r: R) => {
  const v = c.value(r);
  if (c.kind === 'datetime') return v == null ? '' : `${formatVnDate(v as number)} ${formatVnClock(v as number)}`;
  return v;
};

/**
 * UTF-8 with a BOM so Excel opens Vietnamese correctly; one line per row (line breaks inside a cell
 * become spaces), CRLF between lines as RFC 4180 says; dates as dd/mm/yyyy HH:mm, amounts as plain digits.
 */
export function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) {
    lines.push(columns.map((c) => {
      const v = csvValue(c, r);
      return csvCell(typeof v === 'string' ? v.replace(/\r?\n/g, ' ') : v);
    }).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const logCsv = (rows: readonly LogRow[]) => toCsv(LOG_COLUMNS, rows);

export const logFileBase = (f: LogFilter) => `so-theo-doi-ho-so-${f.from}-${f.to}`;
