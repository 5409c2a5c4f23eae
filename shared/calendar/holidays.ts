// Computed default of public holidays (ngày nghỉ lễ, tết) for the state administration.
//
// Law: Bộ luật Lao động 2019 (45/2019/QH14, in force 01/01/2021), Điều 112 khoản 1:
//   a) Tết Dương lịch: 1 day (1/1); b) Tết Âm lịch: 5 days; c) Ngày Chiến thắng: 1 day (30/4);
//   d) Ngày Quốc tế lao động: 1 day (1/5); đ) Quốc khánh: 2 days (2/9 and 1 adjacent day before
//   or after); e) Ngày Giỗ Tổ Hùng Vương: 1 day (10/3 lunar).
// Điều 112 khoản 3: the Prime Minister fixes the exact Tết and Quốc khánh days each year.
// Điều 111 khoản 3: a holiday that falls on the weekly rest day is compensated (nghỉ bù) on the
// next working day. For civil servants the weekly rest is Saturday + Sunday.
// Older law, so past years stay right: Giỗ Tổ is a holiday from 2007 (amended BLLĐ 1994 Điều 73);
// Tết has 5 days from 2013 (BLLĐ 2012 Điều 115), 4 before; Quốc khánh has 2 days from 2021.
//
// What the Prime Minister decides is only approximated here; officials correct a year with
// calendar overrides (CalendarConfig.overrides). Defaults, and the decisions they reproduce:
// - Tết: the last day of the lunar year (29 or 30 Chạp) + lunar 1/1..4/1 (e.g. 2026: 16/02-20/02,
//   Thông báo 9441/TB-BNV of 16/10/2025). A Tết day on a Saturday is compensated on the working day
//   before the Tết block, a Tết day on a Sunday on the working day after it, which reproduces
//   2018 (14-20/02), 2020 (23-29/01), 2021 (10-16/02), 2023 (20-26/01), 2024 (08-14/02),
//   2025 (27-31/01). Swapped working days (hoán đổi) to bridge weekends are overrides only.
// - Quốc khánh's adjacent day by the weekday of 2/9, as decided 2021-2025: Mon → 3/9 (2024),
//   Tue → 1/9 (2025), Thu → 3/9 (2021), Fri → 1/9 (2022), Sat → 1/9 (2023, + 4/9 compensatory);
//   no decision seen for Wed/Sun: Wed → 1/9, Sun → 3/9 (+ 4/9 compensatory for the Sunday).
// - Any other holiday on Saturday/Sunday: the next working day(s) not already off, in date order
//   (2022: 30/4 Sat + 1/5 Sun → 2/5 + 3/5; 2023: Giỗ Tổ 29/4 Sat + 30/4 Sun → 2/5 + 3/5).

import { addDays, dateKey, weekdayOf, type DateKey } from './vnTime';
import { lunarToSolar } from './lunar';

export interface DayOff {
  date: DateKey;
  name: string; // Vietnamese, shown as the reason a day is off
  kind: 'holiday' | 'compensatory';
}

export const HOLIDAY_NAMES = Object.freeze({
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  victory: 'Ngày Chiến thắng',
  labour: 'Ngày Quốc tế Lao động',
  national: 'Ngày Quốc khánh',
});

/** Name of a compensatory day for a holiday. */
export const compensatoryName = (holiday: string) => `Nghỉ bù ${holiday}`;

const isWeekend = (key: DateKey) => {
  const w = weekdayOf(key);
  return w === 0 || w === 6;
};

// Adjacent Quốc khánh day as an offset from 2/9, indexed by the weekday of 2/9 (0 = Sunday).
const NATIONAL_DAY_ADJACENT = [+1, +1, -1, -1, +1, -1, -1] as const;

/** Lunar 1/1 (Tết) of a lunar year as a date key. */
export function tetDate(lunarYear: number): DateKey {
  const s = lunarToSolar({ year: lunarYear, month: 1, day: 1, leap: false });
  if (!s) throw new Error(`No Tết for ${lunarYear}`); // cannot happen: month 1 always exists
  return dateKey(s.year, s.month, s.day);
}

/** Giỗ Tổ Hùng Vương (10/3 lunar) of a year as a date key. */
export function hungKingsDate(year: number): DateKey {
  const s = lunarToSolar({ year, month: 3, day: 10, leap: false });
  if (!s) throw new Error(`No 10/3 lunar in ${year}`); // cannot happen: day 10 always exists
  return dateKey(s.year, s.month, s.day);
}

const cache = new Map<number, readonly DayOff[]>();

/** The computed default days off of one Gregorian year, sorted by date (one entry per date). */
export function defaultDaysOff(year: number): DayOff[] {
  let list = cache.get(year);
  if (!list) {
    list = compute(year);
    if (cache.size > 300) cache.clear();
    cache.set(year, list);
  }
  return list.map((d) => ({ ...d }));
}

/** Date → day off, for lookups (shared, do not mutate). */
const mapCache = new Map<number, ReadonlyMap<DateKey, DayOff>>();
export function daysOffByDate(year: number): ReadonlyMap<DateKey, DayOff> {
  let m = mapCache.get(year);
  if (!m) {
    m = new Map(defaultDaysOff(year).map((d) => [d.date, Object.freeze(d)]));
    if (mapCache.size > 300) mapCache.clear();
    mapCache.set(year, m);
  }
  return m;
}

function compute(year: number): readonly DayOff[] {
  const off = new Map<DateKey, DayOff>();
  // Holidays that fall on a rest day (or on a date already taken by another holiday) and still
  // owe a compensatory day, in date order.
  const owed: { date: DateKey; name: string }[] = [];

  const addHoliday = (date: DateKey, name: string) => {
    if (off.has(date)) owed.push({ date, name }); // two holidays on one date: one is owed
    else off.set(date, { date, name, kind: 'holiday' });
  };
  const isOff = (date: DateKey) => isWeekend(date) || off.has(date);

  addHoliday(dateKey(year, 1, 1), HOLIDAY_NAMES.newYear);

  // Tết: last day of the previous lunar year + lunar 1/1..4/1 (1/1..3/1 before 2013).
  const tet = tetDate(year);
  const tetBlock = Array.from({ length: year >= 2013 ? 5 : 4 }, (_, i) => addDays(tet, i - 1));
  for (const d of tetBlock) addHoliday(d, HOLIDAY_NAMES.tet);

  if (year >= 2007) addHoliday(hungKingsDate(year), HOLIDAY_NAMES.hungKings);
  addHoliday(dateKey(year, 4, 30), HOLIDAY_NAMES.victory);
  addHoliday(dateKey(year, 5, 1), HOLIDAY_NAMES.labour);

  const sep2 = dateKey(year, 9, 2);
  addHoliday(sep2, HOLIDAY_NAMES.national);
  if (year >= 2021) addHoliday(addDays(sep2, NATIONAL_DAY_ADJACENT[weekdayOf(sep2)]), HOLIDAY_NAMES.national);

  const addCompensatory = (date: DateKey, forName: string) => {
    off.set(date, { date, name: compensatoryName(forName), kind: 'compensatory' });
  };

  // Tết weekend days: Saturday → working day before the block, Sunday → working day after it.
  const firstTet = tetBlock[0];
  const lastTet = tetBlock[tetBlock.length - 1];
  for (const d of tetBlock) {
    const w = weekdayOf(d);
    if (w !== 0 && w !== 6) continue;
    let c = w === 6 ? addDays(firstTet, -1) : addDays(lastTet, 1);
    const step = w === 6 ? -1 : 1;
    while (isOff(c)) c = addDays(c, step);
    addCompensatory(c, HOLIDAY_NAMES.tet);
  }

  // Every other holiday on a weekend: the next working day not already off.
  for (const [date, d] of [...off].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (d.kind === 'holiday' && d.name !== HOLIDAY_NAMES.tet && isWeekend(date)) owed.push({ date, name: d.name });
  }
  owed.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const { date, name } of owed) {
    let c = addDays(date, 1);
    while (isOff(c)) c = addDays(c, 1);
    addCompensatory(c, name);
  }

  return Object.freeze(
    [...off.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((d) => Object.freeze(d)),
  );
}
