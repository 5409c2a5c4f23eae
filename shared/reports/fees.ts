// The daily fee report: what each officer collected per procedure on a day, with the day's total.
import { type DateKey } from '../calendar/vnTime';
import type { Dossier } from '../domain/dossier';
import type { FeeReportLine } from '../forms/types';
import { PAYMENT_METHOD_LABEL_VI, type PaymentMethod } from '../domain/fees';
import { periodOfDays } from './figures';
import type { Column } from './log';
import { toCsv } from './log';

/** A printed line (shared/forms) with the procedure's code, which the spreadsheet also shows. */
export interface FeeReportRow extends FeeReportLine {
  procedureCode: string;
}

export interface FeeReport {
  day: DateKey;
  rows: FeeReportRow[];
  total: Omit<FeeReportRow, 'officer' | 'procedureCode' | 'procedureName'>;
}

/** Payments taken on `day` (Vietnam time), grouped by officer and procedure. */
export function feeReport(dossiers: Iterable<Dossier>, day: DateKey): FeeReport {
  const { start, end } = periodOfDays(day, day);
  const groups = new Map<string, FeeReportRow>();
  const total = { count: 0, cash: 0, transfer: 0, qr: 0, total: 0 };
  for (const d of dossiers) {
    const p = d.payment;
    if (!p || p.at < start || p.at >= end) continue;
    const key = `${p.by}\u0000${d.procedureCode}`;
    let row = groups.get(key);
    if (!row) groups.set(key, (row = { officer: p.by, procedureCode: d.procedureCode, procedureName: d.procedureName, count: 0, cash: 0, transfer: 0, qr: 0, total: 0 }));
    for (const t of [row, total]) {
      t.count++;
      t[p.method as PaymentMethod] += p.amount;
      t.total += p.amount;
    }
  }
  const rows = [...groups.values()].sort((a, b) => a.officer.localeCompare(b.officer, 'vi') || a.procedureName.localeCompare(b.procedureName, 'vi'));
  return { day, rows, total };
}

export const FEE_COLUMNS: Column<FeeReportRow & { no: number | string }>[] = [
  { header: 'TT', width: 5, kind: 'int', value: (r) => r.no },
  { header: 'Công chức thu', width: 24, kind: 'text', value: (r) => r.officer },
  { header: 'Mã thủ tục', width: 14, kind: 'text', value: (r) => r.procedureCode },
  { header: 'Tên thủ tục hành chính', width: 46, kind: 'text', value: (r) => r.procedureName },
  { header: 'Số hồ sơ', width: 9, kind: 'int', value: (r) => r.count },
  { header: `${PAYMENT_METHOD_LABEL_VI.cash} (đồng)`, width: 14, kind: 'money', value: (r) => r.cash },
  { header: `${PAYMENT_METHOD_LABEL_VI.transfer} (đồng)`, width: 14, kind: 'money', value: (r) => r.transfer },
  { header: `${PAYMENT_METHOD_LABEL_VI.qr} (đồng)`, width: 14, kind: 'money', value: (r) => r.qr },
  { header: 'Cộng (đồng)', width: 15, kind: 'money', value: (r) => r.total },
];

export const numberedFeeRows = (r: FeeReport) => [
  ...r.rows.map((x, i) => ({ ...x, no: i + 1 })),
  { officer: 'Tổng cộng trong ngày', procedureCode: '', procedureName: '', ...r.total, no: '' },
];

export const feeReportCsv = (r: FeeReport) => toCsv(FEE_COLUMNS, numberedFeeRows(r));

