// The figures the province asks for, computed from dossier facts for a period: received (in person, by
// post, online), carried over, resolved (early, on time, late), ended without a result, and in progress
// at the period's end (within or past the deadline). Per field and per procedure. Pure and one pass.
import { dateKey, parseDateKey, vnDateKey, vnParts, vnTime, addDays, type DateKey } from '../calendar/vnTime';
import { channelOf, type Channel, type Dossier } from '../domain/dossier';
import type { DossierStatus } from '../domain/status';
import { countedDeadline, isOverdueAt, resolutionOf } from './onTime';

export type { Channel };
export const CHANNELS: readonly Channel[] = ['desk', 'post', 'online'];
export const CHANNEL_LABEL_VI: Record<Channel, string> = { desk: 'Trực tiếp', post: 'Qua bưu chính', online: 'Trực tuyến' };

/** The few facts of a dossier the figures need, kept small so 100,000 of them read fast. */
export interface DossierFacts {
  id: string;
  receivedAt: number;
  finishedAt: number | null;
  /** countedDeadline (onTime.ts). */
  deadline: number;
  pausedAt: number | null;
  status: DossierStatus;
  channel: Channel;
  fieldName: string;
  procedureCode: string;
  procedureName: string;
  officerName: string;
}

export function factsOf(d: Dossier): DossierFacts {
  return {
    id: d.id,
    receivedAt: d.receivedAt,
    finishedAt: d.finishedAt,
    deadline: countedDeadline(d),
    pausedAt: d.pausedAt,
    status: d.status,
    channel: channelOf(d),
    fieldName: d.fieldName,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    officerName: d.officerName,
  };
}

export interface Figures {
  received: number;
  receivedDesk: number;
  receivedPost: number;
  receivedOnline: number;
  /** Received before the period and still being processed at its start (kỳ trước chuyển qua). */
  carriedOver: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  /** Withdrawn by the citizen or stopped: ended without a result. */
  ended: number;
  /** Still being processed at the period's end. */
  inProgress: number;
  within: number;
  overdue: number;
}

export const emptyFigures = (): Figures => ({ received: 0, receivedDesk: 0, receivedPost: 0, receivedOnline: 0, carriedOver: 0, resolved: 0, early: 0, onTime: 0, late: 0, ended: 0, inProgress: 0, within: 0, overdue: 0 });

export interface Period {
  start: number;
  /** Exclusive. */
  end: number;
}

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];

const startOf = (k: DateKey) => {
  const { year, month, day } = parseDateKey(k);
  return vnTime(year, month, day);
};

/** The period of the given kind that contains `now` (weeks run Monday to Sunday), in Vietnam time. */
export function periodContaining(kind: PeriodKind, now: number): Period & { from: DateKey; to: DateKey } {
  const p = vnParts(now);
  let from: DateKey;
  let next: DateKey;
  if (kind === 'day') {
    from = vnDateKey(now);
    next = addDays(from, 1);
  } else if (kind === 'week') {
    from = addDays(vnDateKey(now), -((p.weekday + 6) % 7));
    next = addDays(from, 7);
  } else if (kind === 'month') {
    from = dateKey(p.year, p.month, 1);
    next = p.month === 12 ? dateKey(p.year + 1, 1, 1) : dateKey(p.year, p.month + 1, 1);
  } else if (kind === 'quarter') {
    const q = Math.floor((p.month - 1) / 3);
    from = dateKey(p.year, q * 3 + 1, 1);
    next = q === 3 ? dateKey(p.year + 1, 1, 1) : dateKey(p.year, q * 3 + 4, 1);
  } else {
    from = dateKey(p.year, 1, 1);
    next = dateKey(p.year + 1, 1, 1);
  }
  return { start: startOf(from), end: startOf(next), from, to: addDays(next, -1) };
}

/** Inclusive days `from`..`to` as a period. */
export function periodOfDays(from: DateKey, to: DateKey): Period {
  return { start: startOf(from), end: startOf(addDays(to, 1)) };
}

/** Adds one dossier to a figures record. Returns false for a dossier outside the period entirely. */
function tally(f: Figures, d: DossierFacts, period: Period, at: number): boolean {
  // Refused at reception: never received (DVCQG 3, Không được tiếp nhận).
  if (d.status === 'refused' || d.receivedAt >= period.end) return false;
  const finishedBeforeStart = d.finishedAt != null && d.finishedAt < period.start;
  if (finishedBeforeStart) return false;
  if (d.receivedAt >= period.start) {
    f.received++;
    if (d.channel === 'post') f.receivedPost++;
    else if (d.channel === 'online') f.receivedOnline++;
    else f.receivedDesk++;
  } else {
    f.carriedOver++;
  }
  if (d.finishedAt != null && d.finishedAt < period.end) {
    if (d.status === 'processed' || d.status === 'returned') {
      f.resolved++;
      const r = resolutionOf(d.finishedAt, d.deadline);
      if (r === 'early') f.early++;
      else if (r === 'on_time') f.onTime++;
      else f.late++;
    } else {
      f.ended++;
    }
  } else {
    f.inProgress++;
    if (isOverdueAt(d.deadline, d.pausedAt, at)) f.overdue++;
    else f.within++;
  }
  return true;
}

export interface FiguresRow {
  key: string;
  label: string;
  /** The field of a procedure row. */
  fieldName?: string;
  figures: Figures;
}

export interface FiguresReport {
  period: Period;
  /** The moment in-progress dossiers were judged at: the period's end, or now if it has not ended. */
  judgedAt: number;
  total: Figures;
  byField: FiguresRow[];
  byProcedure: FiguresRow[];
}

/** Every figure for a period, in one pass over the facts. */
export function computeFigures(facts: Iterable<DossierFacts>, period: Period, now: number): FiguresReport {
  const at = Math.min(period.end, now);
  const total = emptyFigures();
  const fields = new Map<string, FiguresRow>();
  const procedures = new Map<string, FiguresRow>();
  for (const d of facts) {
    if (!tally(total, d, period, at)) continue;
    let fr = fields.get(d.fieldName);
    if (!fr) fields.set(d.fieldName, (fr = { key: d.fieldName, label: d.fieldName, figures: emptyFigures() }));
    tally(fr.figures, d, period, at);
    let pr = procedures.get(d.procedureCode);
    if (!pr) procedures.set(d.procedureCode, (pr = { key: d.procedureCode, label: d.procedureName, fieldName: d.fieldName, figures: emptyFigures() }));
    tally(pr.figures, d, period, at);
  }
  const byName = (a: FiguresRow, b: FiguresRow) => a.label.localeCompare(b.label, 'vi');
  return { period, judgedAt: at, total, byField: [...fields.values()].sort(byName), byProcedure: [...procedures.values()].sort(byName) };
}

/** Resolved early or on time, out of resolved: null when nothing was resolved. */
export function onTimeRate(f: Figures): number | null {
  return f.resolved === 0 ? null : (f.early + f.onTime) / f.resolved;
}

export interface SeriesPoint {
  label: string;
  desk: number;
  post: number;
  online: number;
  early: number;
  onTime: number;
  late: number;
}

/**
 * Received by channel and resolved by outcome per bucket of the period, for the charts: hours of a day,
 * days of a week or month, months of a quarter or year.
 */
export function figureSeries(facts: Iterable<DossierFacts>, period: Period, kind: PeriodKind): SeriesPoint[] {
  const buckets: { start: number; label: string }[] = [];
  if (kind === 'day') {
    for (let h = 7; h <= 17; h++) buckets.push({ start: period.start + h * 3600_000, label: `${h}h` });
    buckets[0].start = period.start;
  } else if (kind === 'week' || kind === 'month') {
    for (let t = period.start; t < period.end; t += 86400_000) {
      const p = vnParts(t);
      buckets.push({ start: t, label: `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}` });
    }
  } else {
    let k = vnDateKey(period.start);
    while (startOf(k) < period.end) {
      const { year, month } = parseDateKey(k);
      buckets.push({ start: startOf(k), label: `T${month}/${year}` });
      k = month === 12 ? dateKey(year + 1, 1, 1) : dateKey(year, month + 1, 1);
    }
  }
  const points: SeriesPoint[] = buckets.map((b) => ({ label: b.label, desk: 0, post: 0, online: 0, early: 0, onTime: 0, late: 0 }));
  const index = (t: number) => {
    if (t < period.start || t >= period.end) return -1;
    let lo = 0;
    let hi = buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (buckets[mid].start <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const d of facts) {
    if (d.status === 'refused') continue;
    const r = index(d.receivedAt);
    if (r >= 0) points[r][d.channel === 'post' ? 'post' : d.channel === 'online' ? 'online' : 'desk']++;
    if (d.finishedAt != null && (d.status === 'processed' || d.status === 'returned')) {
      const i = index(d.finishedAt);
      if (i >= 0) {
        const res = resolutionOf(d.finishedAt, d.deadline);
        points[i][res === 'early' ? 'early' : res === 'on_time' ? 'onTime' : 'late']++;
      }
    }
  }
  return points;
}
