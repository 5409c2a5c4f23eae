// The province's figures across all agencies for a period (the admin's `report` command): the same
// figures and the same on-time rule (shared/reports) as the desks' dashboard, per agency (commune).
// Read through the Kysely layer (SQLite and PostgreSQL alike). At a province's scale this reads every
// record once per report; indexed reception and finish columns would let the SQL narrow it.
import { type DateKey } from '../shared/calendar/vnTime';
import { computeFigures, onTimeRate, periodOfDays, type DossierFacts, type Figures } from '../shared/reports/figures';
import { countedDeadline } from '../shared/reports/onTime';
import { toCsv, type Column } from '../shared/reports/log';
import type { HoSo } from '../shared/sync/contract';
import { channelFromCode, statusFromCode } from '../shared/sync/mapping';
import { fromVnStamp } from '../shared/sync/time';
import type { Kdb } from './db';

/** The facts of a record as the province holds it (HoSo), for the shared rule. */
export function factsOfHoSo(id: string, h: HoSo): DossierFacts {
  const ms = (v: string | null | undefined) => (v == null ? null : fromVnStamp(v));
  const appointmentAt = ms(h.NgayHenTra)!;
  const extensions = (h.DanhSachHoSoBoSung ?? []).map((e) => ({ previousAppointmentAt: ms(e.NgayHenTraTruoc)!, newAppointmentAt: ms(e.NgayHenTraMoi)! }));
  const finishedAt = ms(h.NgayKetThucXuLy);
  const pausedAt = ms(h.pausedAt);
  return {
    id,
    receivedAt: ms(h.NgayTiepNhan)!,
    finishedAt,
    deadline: countedDeadline({ appointmentAt, finishedAt, pausedAt, extensions }),
    pausedAt,
    status: statusFromCode(h.TrangThaiHoSo) ?? 'received',
    channel: channelFromCode(h.HinhThuc),
    fieldName: h.TenLinhVuc,
    procedureCode: h.MaTTHC,
    procedureName: h.TenTTHC,
    officerName: h.officerName,
  };
}

function communeOf(payload: string | null): string {
  if (!payload) return '';
  try {
    return String((JSON.parse(payload) as { office?: { communeName?: string } }).office?.communeName ?? '');
  } catch {
    return '';
  }
}

export interface AgencyFigures {
  agencyCode: string;
  commune: string;
  figures: Figures;
}

/** Figures per agency for the days `from`..`to`, judged now for a period not yet over. */
export async function provinceReport(k: Kdb, from: DateKey, to: DateKey, now = Date.now()): Promise<{ rows: AgencyFigures[]; total: Figures }> {
  const period = periodOfDays(from, to);
  const agencies = await k.selectFrom('agencies').select('code').orderBy('code').execute();
  const offices = await k.selectFrom('reference_data').select(['agency_code', 'payload']).where('kind', '=', 'office').execute();
  const officeOf = new Map(offices.map((o) => [o.agency_code, o.payload]));
  const names = new Map(agencies.map((a) => [a.code, communeOf(officeOf.get(a.code) ?? null)]));
  const byAgency = new Map<string, DossierFacts[]>([...names.keys()].map((c) => [c, []]));
  for (const r of await k.selectFrom('dossiers').select(['id', 'agency_code', 'record']).orderBy('agency_code').execute()) {
    const list = byAgency.get(r.agency_code) ?? [];
    list.push(factsOfHoSo(r.id, JSON.parse(r.record) as HoSo));
    byAgency.set(r.agency_code, list);
  }
  const all: DossierFacts[] = [];
  const rows = [...byAgency].map(([agencyCode, facts]) => {
    all.push(...facts);
    return { agencyCode, commune: names.get(agencyCode) ?? '', figures: computeFigures(facts, period, now).total };
  });
  return { rows, total: computeFigures(all, period, now).total };
}

const rate = (f: Figures) => {
  const r = onTimeRate(f);
  return r == null ? '' : `${(r * 100).toFixed(1)}%`;
};

export const REPORT_COLUMNS: Column<AgencyFigures>[] = [
  { header: 'Mã đơn vị', width: 16, kind: 'text', value: (r) => r.agencyCode },
  { header: 'Xã, phường', width: 20, kind: 'text', value: (r) => r.commune },
  { header: 'Tiếp nhận', width: 9, kind: 'int', value: (r) => r.figures.received },
  { header: 'Trực tuyến', width: 9, kind: 'int', value: (r) => r.figures.receivedOnline },
  { header: 'Trực tiếp', width: 9, kind: 'int', value: (r) => r.figures.receivedDesk },
  { header: 'Bưu chính', width: 9, kind: 'int', value: (r) => r.figures.receivedPost },
  { header: 'Kỳ trước chuyển qua', width: 9, kind: 'int', value: (r) => r.figures.carriedOver },
  { header: 'Đã giải quyết', width: 9, kind: 'int', value: (r) => r.figures.resolved },
  { header: 'Trước hạn', width: 9, kind: 'int', value: (r) => r.figures.early },
  { header: 'Đúng hạn', width: 9, kind: 'int', value: (r) => r.figures.onTime },
  { header: 'Quá hạn', width: 9, kind: 'int', value: (r) => r.figures.late },
  { header: 'Tỷ lệ đúng hạn', width: 9, kind: 'text', value: (r) => rate(r.figures) },
  { header: 'Đang giải quyết', width: 9, kind: 'int', value: (r) => r.figures.inProgress },
  { header: 'Trong hạn', width: 9, kind: 'int', value: (r) => r.figures.within },
  { header: 'Quá hạn (đang)', width: 9, kind: 'int', value: (r) => r.figures.overdue },
  { header: 'Rút, dừng', width: 9, kind: 'int', value: (r) => r.figures.ended },
];

export function reportCsv(r: { rows: AgencyFigures[]; total: Figures }): string {
  return toCsv(REPORT_COLUMNS, [...r.rows, { agencyCode: 'TỔNG', commune: '', figures: r.total }]);
}

/** A plain-text table for the terminal, columns padded. */
export function reportTable(r: { rows: AgencyFigures[]; total: Figures }): string {
  const rows = [...r.rows, { agencyCode: 'TỔNG', commune: '', figures: r.total }];
  const cells = [REPORT_COLUMNS.map((c) => c.header), ...rows.map((row) => REPORT_COLUMNS.map((c) => String(c.value(row) ?? '')))];
  const widths = REPORT_COLUMNS.map((_, i) => Math.max(...cells.map((line) => [...line[i]].length)));
  return cells.map((line) => line.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ')).join('\n');
}
