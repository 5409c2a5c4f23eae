// Vietnam has used UTC+7 without daylight saving since 1975, so local fields are a fixed offset
// from UTC. Every rule works on these fields, never on the machine's own time zone.
export const VN_OFFSET_MS = 7 * 3600_000;

export interface VnParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday … 6 = Saturday
}

/** A calendar day in Vietnam as `YYYY-MM-DD`. */
export type DateKey = string;

export function vnParts(epochMs: number): VnParts {
  const d = new Date(epochMs + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * Date.UTC for every year: Date.UTC reads years 0–99 as 1900–1999, so a stamp of year 0050 would become
 * 1950. setUTCFullYear takes the year as given. Months and days overflow as with Date.UTC.
 */
export function utcTime(year: number, month0: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

export function vnTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return utcTime(year, month - 1, day, hour, minute, second) - VN_OFFSET_MS;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function dateKey(year: number, month: number, day: number): DateKey {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function vnDateKey(epochMs: number): DateKey {
  const p = vnParts(epochMs);
  return dateKey(p.year, p.month, p.day);
}

export function parseDateKey(key: DateKey): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new Error(`Invalid date key: ${key}`);
  return { year: +m[1], month: +m[2], day: +m[3] };
}

/** Adds calendar days to a date key. */
export function addDays(key: DateKey, days: number): DateKey {
  const { year, month, day } = parseDateKey(key);
  const d = new Date(utcTime(year, month - 1, day + days));
  return dateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function weekdayOf(key: DateKey): number {
  const { year, month, day } = parseDateKey(key);
  return new Date(utcTime(year, month - 1, day)).getUTCDay();
}

/** dd/mm/yyyy, as every Vietnamese form writes a date. */
export function formatVnDate(epochMs: number): string {
  const p = vnParts(epochMs);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

export function formatDateKey(key: DateKey): string {
  const { year, month, day } = parseDateKey(key);
  return `${pad(day)}/${pad(month)}/${year}`;
}

/** HH:mm */
export function formatVnClock(epochMs: number): string {
  const p = vnParts(epochMs);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

export function formatVnDateTime(epochMs: number): string {
  return `${formatVnClock(epochMs)} ${formatVnDate(epochMs)}`;
}

/** Parses dd/mm/yyyy (or d/m/yyyy) into a date key; null when it is not a real date. */
export function parseVnDate(text: string): DateKey | null {
  // "12/03/1995", "12-3-1995", "12.03.1995", or typed without separators: "12031995".
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text) ?? /^\s*(\d{2})(\d{2})(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const day = +m[1], month = +m[2], year = +m[3];
  const d = new Date(utcTime(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return dateKey(year, month, day);
}

/** Start and end (exclusive) of the Vietnamese calendar day containing epochMs. */
export function vnDayBounds(epochMs: number): { start: number; end: number } {
  const p = vnParts(epochMs);
  const start = vnTime(p.year, p.month, p.day);
  return { start, end: start + 24 * 3600_000 };
}

/** Parses "HH:mm dd/mm/yyyy" as a Vietnam time; null when it is not a real time and date. */
export function parseVnDateTime(text: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s+(.+)$/.exec(text);
  if (!m || +m[1] > 23 || +m[2] > 59) return null;
  const day = parseVnDate(m[3]);
  if (!day) return null;
  const { year, month, day: d } = parseDateKey(day);
  return vnTime(year, month, d, +m[1], +m[2]);
}
