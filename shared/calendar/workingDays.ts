// Working days and appointment dates (ngày hẹn trả kết quả) of a commune one-stop desk.
// All wall-clock reasoning happens in Vietnam time (UTC+7) through vnTime.ts, never the host's zone.
//
// Day kinds, first match wins:
//   1. a calendar override: 'off' → off (reason = its note), 'work' → full working day;
//   2. a computed holiday or compensatory day (holidays.ts) → off;
//   3. Sunday → off; Saturday → 'morning' when cfg.saturdayMorning, else off;
//   4. otherwise a full day.
// Closing time: afternoonEnd on a full day, morningEnd on a morning-only day.
//
// Appointment rules (computeAppointment):
//   same_day      received on a working day before the cut-off → that day at closing time;
//                 otherwise → the next working day at closing time.
//   working_days  N-th working day after the day of receipt, at closing time. The day of receipt
//                 is replaced by the next working day when the receipt is on a non-working day,
//                 at/after closing time, or (cutoffRule) at/after the cut-off.
//   hours         N working hours inside office hours from the receipt (lunch, nights and days
//                 off do not count); a receipt outside hours starts at the next opening.
//   days          receipt date + N calendar days; if that is not a working day, the next one;
//                 at closing time.
// On a morning-only day the cut-off is capped at its closing time (the office is gone after it).

import { addDays, parseDateKey, vnDateKey, vnTime, weekdayOf, type DateKey } from './vnTime';
import { daysOffByDate } from './holidays';
import type { CalendarConfig, CalendarOverride, OfficeHours, ProcessingTime } from './types';

export type DayKind = 'full' | 'morning' | 'off';

// A desk never has a year without a working day; past this something is misconfigured
// (e.g. overrides marking everything off), and looping forever would hang the UI.
const MAX_SCAN_DAYS = 3 * 366;
const HOUR_MS = 3_600_000;

/** 'HH:mm' (or 'H:mm') → minutes after midnight. */
export function parseClock(text: string): number {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m || +m[1] > 23 || +m[2] > 59) throw new Error(`Invalid time of day: ${text}`);
  return +m[1] * 60 + +m[2];
}

function overrideFor(date: DateKey, cfg: CalendarConfig): CalendarOverride | undefined {
  // The list is edited and synced by people: duplicates happen, the last entry wins.
  for (let i = cfg.overrides.length - 1; i >= 0; i--) {
    if (cfg.overrides[i].date === date) return cfg.overrides[i];
  }
  return undefined;
}

export function dayKind(date: DateKey, cfg: CalendarConfig): DayKind {
  const ov = overrideFor(date, cfg);
  if (ov) return ov.kind === 'off' ? 'off' : 'full';
  if (daysOffByDate(parseDateKey(date).year).has(date)) return 'off';
  const w = weekdayOf(date);
  if (w === 0) return 'off';
  if (w === 6) return cfg.saturdayMorning ? 'morning' : 'off';
  return 'full';
}

/** Why a day is off, in Vietnamese; null on a working day. */
export function dayOffReason(date: DateKey, cfg: CalendarConfig): string | null {
  const ov = overrideFor(date, cfg);
  if (ov) return ov.kind === 'off' ? ov.note.trim() || 'Ngày nghỉ' : null;
  const holiday = daysOffByDate(parseDateKey(date).year).get(date);
  if (holiday) return holiday.name;
  const w = weekdayOf(date);
  if (w === 0) return 'Chủ nhật';
  if (w === 6 && !cfg.saturdayMorning) return 'Thứ Bảy';
  return null;
}

export function isWorkingDay(date: DateKey, cfg: CalendarConfig): boolean {
  return dayKind(date, cfg) !== 'off';
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: DateKey, cfg: CalendarConfig): DateKey {
  let d = date;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cfg)) return d;
  }
  throw new Error(`No working day within ${MAX_SCAN_DAYS} days after ${date}: check the calendar overrides`);
}

/** The n-th working day strictly after `date` (n ≤ 0 returns `date`). */
export function addWorkingDays(date: DateKey, n: number, cfg: CalendarConfig): DateKey {
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, cfg);
  return d;
}

const at = (date: DateKey, minutes: number) => {
  const { year, month, day } = parseDateKey(date);
  return vnTime(year, month, day, 0, minutes);
};

/** Office sessions of a day as [start, end) epoch-ms pairs; empty on a day off. */
export function officeSessions(date: DateKey, cfg: CalendarConfig): Array<[number, number]> {
  const kind = dayKind(date, cfg);
  if (kind === 'off') return [];
  const h = cfg.hours;
  const morning: [number, number] = [at(date, parseClock(h.morningStart)), at(date, parseClock(h.morningEnd))];
  if (kind === 'morning') return [morning];
  return [morning, [at(date, parseClock(h.afternoonStart)), at(date, parseClock(h.afternoonEnd))]];
}

/** Closing time (epoch ms) of a working day; null on a day off. */
export function closingTime(date: DateKey, cfg: CalendarConfig): number | null {
  const s = officeSessions(date, cfg);
  return s.length ? s[s.length - 1][1] : null;
}

// Closing time of a day known to be a working day.
const closeOf = (date: DateKey, cfg: CalendarConfig) => closingTime(date, cfg) as number;

/** Same-day cut-off of a working day, capped at its closing time (morning-only days). */
function cutoffTime(date: DateKey, cfg: CalendarConfig): number {
  return Math.min(at(date, parseClock(cfg.sameDayCutoff)), closeOf(date, cfg));
}

/** Adds working time to an instant, walking through office hours only. */
export function addWorkingTime(fromMs: number, durationMs: number, cfg: CalendarConfig): number {
  if (!(durationMs > 0)) return fromMs;
  let remaining = durationMs;
  let t = fromMs;
  let date = vnDateKey(fromMs);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    for (const [start, end] of officeSessions(date, cfg)) {
      if (t < start) t = start;
      if (t >= end) continue;
      // Landing exactly on a session end stays there (11:30, not 13:30).
      if (remaining <= end - t) return t + remaining;
      remaining -= end - t;
      t = end;
    }
    date = addDays(date, 1);
  }
  throw new Error(`Working time does not fit in ${MAX_SCAN_DAYS} days: check the calendar overrides`);
}

/** Office time (ms) between two instants. */
export function workingTimeBetween(fromMs: number, toMs: number, cfg: CalendarConfig): number {
  let total = 0;
  for (const { worked } of workedPerDay(fromMs, toMs, cfg)) total += worked;
  return total;
}

function* workedPerDay(fromMs: number, toMs: number, cfg: CalendarConfig) {
  if (!(toMs > fromMs)) return;
  const last = vnDateKey(toMs);
  for (let date = vnDateKey(fromMs); date <= last; date = addDays(date, 1)) {
    let worked = 0;
    let length = 0;
    for (const [start, end] of officeSessions(date, cfg)) {
      length += end - start;
      worked += Math.max(0, Math.min(end, toMs) - Math.max(start, fromMs));
    }
    if (length > 0) yield { date, worked, length };
  }
}

/**
 * Whole working days elapsed between two instants: each working day counts by the share of its
 * office hours inside the interval, and the total is rounded down. So Monday 09:00 → Wednesday
 * 09:00 is 2, Friday 16:00 → Monday 08:00 is 0, Monday 16:00 → Tuesday 10:00 is 0.
 */
export function workingDaysBetween(fromMs: number, toMs: number, cfg: CalendarConfig): number {
  let days = 0;
  for (const { worked, length } of workedPerDay(fromMs, toMs, cfg)) days += worked / length;
  return Math.floor(days + 1e-9);
}

function checkValue(time: ProcessingTime): number {
  if (time.unit === 'same_day') return 0;
  const v = time.value;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`Invalid processing time value: ${String(v)} ${time.unit}`);
  }
  return v;
}

/**
 * Appointment instant (epoch ms) for a dossier received at `receivedAt`. `cutoffRule` applies the
 * same-day cut-off to working_days too (a receipt at/after it counts from the next working day).
 */
export function computeAppointment(receivedAt: number, time: ProcessingTime, cutoffRule: boolean, cfg: CalendarConfig): number {
  const value = checkValue(time);
  const date = vnDateKey(receivedAt);
  const working = isWorkingDay(date, cfg);
  switch (time.unit) {
    case 'same_day': {
      if (working && receivedAt < cutoffTime(date, cfg)) return closeOf(date, cfg);
      return closeOf(nextWorkingDay(date, cfg), cfg);
    }
    case 'working_days': {
      const countsToday =
        working && receivedAt < closeOf(date, cfg) && (!cutoffRule || receivedAt < cutoffTime(date, cfg));
      const base = countsToday ? date : nextWorkingDay(date, cfg);
      // Fractional days are rounded up: the citizen is never promised earlier than the law allows.
      return closeOf(addWorkingDays(base, Math.ceil(value), cfg), cfg);
    }
    case 'hours':
      return addWorkingTime(receivedAt, value * HOUR_MS, cfg);
    case 'days': {
      const target = addDays(date, Math.ceil(value));
      return closeOf(isWorkingDay(target, cfg) ? target : nextWorkingDay(target, cfg), cfg);
    }
    default:
      throw new Error(`Unknown processing unit: ${String((time as ProcessingTime).unit)}`);
  }
}

/**
 * New appointment after the dossier was paused waiting for the citizen's supplement (the waiting
 * time does not count towards the legal time limit).
 * - Day-based appointments (sitting at a working day's closing time) move by the whole working
 *   days elapsed (workingDaysBetween) and stay at closing time.
 * - Other appointments (hours unit) move by the exact office time elapsed.
 */
export function extendAfterPause(appointmentAt: number, pausedAt: number, resumedAt: number, cfg: CalendarConfig): number {
  if (!(resumedAt > pausedAt)) return appointmentAt;
  const date = vnDateKey(appointmentAt);
  if (closingTime(date, cfg) === appointmentAt) {
    const k = workingDaysBetween(pausedAt, resumedAt, cfg);
    return k === 0 ? appointmentAt : closeOf(addWorkingDays(date, k, cfg), cfg);
  }
  return addWorkingTime(appointmentAt, workingTimeBetween(pausedAt, resumedAt, cfg), cfg);
}

/** Why office hours or the cut-off cannot work, in Vietnamese; null when they can. */
export function officeHoursProblem(hours: OfficeHours, sameDayCutoff: string): string | null {
  let minutes: number[];
  try {
    minutes = [hours.morningStart, hours.morningEnd, hours.afternoonStart, hours.afternoonEnd, sameDayCutoff].map(parseClock);
  } catch {
    return 'Giờ phải theo dạng HH:mm, ví dụ 07:30.';
  }
  const [ms, me, as, ae, cutoff] = minutes;
  if (!(ms < me && me <= as && as < ae)) return 'Giờ làm việc phải theo thứ tự: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc.';
  if (cutoff <= ms || cutoff > ae) return 'Giờ chốt nhận hồ sơ trong ngày phải nằm trong giờ làm việc.';
  return null;
}

/**
 * A warning for receiving on a day the desk's calendar has off (a Saturday when Saturday reception is
 * off, a holiday): null on a working day.
 */
export function receptionDayWarning(now: number, cfg: CalendarConfig): string | null {
  const reason = dayOffReason(vnDateKey(now), cfg);
  if (!reason) return null;
  return `Hôm nay là ngày nghỉ theo lịch của quầy (${reason}): hồ sơ vẫn được tiếp nhận, thời hạn giải quyết tính từ ngày làm việc tiếp theo.`;
}
