// Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's astronomical algorithm
// (https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_v02.html). His rules:
//   1. a lunar month starts on the local day that contains the new moon (điểm Sóc);
//   2. the winter solstice (Đông chí) always falls in month 11;
//   3. in a 13-month year the first month after month 11 with no principal term (trung khí)
//      is the leap month and repeats the number of the month before it;
//   4. "local" is the 105°E meridian, i.e. UTC+7.
// Rule 4 is why this is not the Chinese calendar (UTC+8): when a new moon falls between 23:00
// and 24:00 Hanoi time the two calendars start the month on different days (Tết 1985, 2007,
// 2030, 2053...).
//
// Precision: Hồ Ngọc Đức's published short program truncates the new-moon series and is one day
// off, against his own published year tables, in four months of 2000-2100 (2054-04, 2072-11,
// 2077-10, 2085-09: new moons within a minute of midnight). We keep his rules but compute new
// moons with the full series of Meeus, "Astronomical Algorithms" (2nd ed., 1998) ch. 49 and ΔT
// from ch. 10, which reproduces his tables for every month of 2000-2100 (see lunar.test.ts).
// Pure arithmetic on Julian day numbers: no Date, no host time zone.

export interface LunarDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-30
  leap: boolean; // tháng nhuận
}

/** Vietnam's standard time offset in hours, the default for every conversion. */
export const VN_TIME_ZONE = 7;

const SYNODIC_MONTH = 29.530588861;
// Meeus' lunation 0: the new moon of 2000-01-06 (JDE).
const LUNATION_0 = 2451550.09766;
const DEG = Math.PI / 180;
const sin = (deg: number) => Math.sin(deg * DEG);

/** Julian day number (at noon) of a Gregorian date; Julian calendar before 1582-10-15. */
export function jdFromDate(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  let jd = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  if (jd < 2299161) jd = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
  return jd;
}

/** Inverse of jdFromDate. */
export function jdToDate(jd: number): { year: number; month: number; day: number } {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  };
}

// Observed ΔT (TT - UT, seconds) before 2000, by decade; only new moons within a minute of
// midnight depend on it.
const DELTA_T_TABLE: ReadonlyArray<readonly [number, number]> = [
  [1800, 13.7], [1820, 12.0], [1840, 5.7], [1860, 7.6], [1870, 1.6], [1880, -5.4], [1890, -5.9],
  [1900, -2.7], [1910, 10.4], [1920, 21.2], [1930, 24.0], [1940, 24.3], [1950, 29.1], [1960, 33.2],
  [1970, 40.2], [1980, 50.5], [1990, 56.9], [2000, 63.8],
];

/** ΔT in seconds for a decimal year (Meeus 1998 ch. 10; table before 2000). */
function deltaTSeconds(year: number): number {
  if (year >= 2000 || year < 1800) {
    const t = (year - 2000) / 100;
    let dt = 102 + 102 * t + 25.3 * t * t;
    if (year >= 2000 && year < 2100) dt += 0.37 * (year - 2100);
    return dt;
  }
  let i = DELTA_T_TABLE.length - 2;
  while (DELTA_T_TABLE[i][0] > year) i--;
  const [y0, d0] = DELTA_T_TABLE[i];
  const [y1, d1] = DELTA_T_TABLE[i + 1];
  return d0 + ((d1 - d0) * (year - y0)) / (y1 - y0);
}

const decimalYear = (jd: number) => 2000 + (jd - 2451545) / 365.25;

// Periodic terms of the true new moon (Meeus table 49.A, new moon column) as
// [coefficient, power of E, multiples of M, M', F, Ω].
const NEW_MOON_TERMS: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  [-0.4072, 0, 0, 1, 0, 0], [0.17241, 1, 1, 0, 0, 0], [0.01608, 0, 0, 2, 0, 0], [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0], [-0.00514, 1, 1, 1, 0, 0], [0.00208, 2, 2, 0, 0, 0], [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0], [0.00056, 1, 1, 2, 0, 0], [-0.00042, 0, 0, 3, 0, 0], [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0], [-0.00024, 1, -1, 2, 0, 0], [-0.00017, 0, 0, 0, 0, 1], [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0], [0.00004, 0, 3, 0, 0, 0], [0.00003, 0, 1, 1, -2, 0], [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0], [0.00003, 0, -1, 1, 2, 0], [-0.00002, 0, -1, 1, -2, 0], [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

// Planetary arguments (Meeus ch. 49 "additional corrections"): [coefficient, A0, per lunation].
const PLANETARY_TERMS: ReadonlyArray<readonly [number, number, number]> = [
  [0.000325, 299.77, 0.107408], [0.000165, 251.88, 0.016321], [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478], [0.00011, 84.66, 18.206239], [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732], [0.000056, 154.84, 7.30686], [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824], [0.00004, 291.34, 1.844379], [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099], [0.000023, 331.55, 3.592518],
];

/** Julian Ephemeris Day of the true new moon of lunation k (k = 0: 2000-01-06). */
function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  let jde = LUNATION_0 + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3;
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4;
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4;
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3;
  for (const [c, e, m, mp, f, om] of NEW_MOON_TERMS) jde += c * E ** e * sin(m * M + mp * Mp + f * F + om * Om);
  const A1Extra = -0.009173 * T2; // only A1 has a T² term
  PLANETARY_TERMS.forEach(([c, a0, perK], i) => {
    jde += c * sin(a0 + perK * k + (i === 0 ? A1Extra : 0));
  });
  return jde;
}

// Memo: new moons and month-11 starts are asked for many times for the same year.
const newMoonCache = new Map<string, number>();

/** Local day number (JDN) of the day containing the new moon of lunation k. */
function newMoonDay(k: number, timeZone: number): number {
  const key = `${k}|${timeZone}`;
  const hit = newMoonCache.get(key);
  if (hit !== undefined) return hit;
  const jde = newMoonJde(k);
  const jdUt = jde - deltaTSeconds(decimalYear(jde)) / 86400;
  // +0.5 turns the noon-based Julian date into a civil day; the offset makes it local.
  const day = Math.floor(jdUt + 0.5 + timeZone / 24);
  if (newMoonCache.size > 20000) newMoonCache.clear();
  newMoonCache.set(key, day);
  return day;
}

/** Lunation whose new moon is nearest to a day number. */
function lunationNear(dayNumber: number): number {
  return Math.round((dayNumber - LUNATION_0) / SYNODIC_MONTH);
}

/**
 * Sector (0..11, 30° each, 0 = vernal equinox) of the sun's apparent longitude at the local
 * midnight that starts day `dayNumber` (Meeus ch. 25, low accuracy, with nutation and aberration).
 * Month 11 is the month whose start lies in sector 8 (the 30° before Đông chí).
 */
function sunSector(dayNumber: number, timeZone: number): number {
  const jdUt = dayNumber - 0.5 - timeZone / 24;
  const T = (jdUt + deltaTSeconds(decimalYear(jdUt)) / 86400 - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude
  const C = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(M) + (0.019993 - 0.000101 * T) * sin(2 * M) + 0.00029 * sin(3 * M);
  const omega = 125.04 - 1934.136 * T;
  const apparent = L0 + C - 0.00569 - 0.00478 * sin(omega);
  const lon = ((apparent % 360) + 360) % 360;
  return Math.floor(lon / 30);
}

const month11Cache = new Map<string, number>();

/** Day number of the start of lunar month 11 that contains the winter solstice of `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const key = `${year}|${timeZone}`;
  const hit = month11Cache.get(key);
  if (hit !== undefined) return hit;
  const dec31 = jdFromDate(year, 12, 31);
  // Last new moon on or before 31 December...
  let k = lunationNear(dec31);
  while (newMoonDay(k, timeZone) > dec31) k--;
  // ...unless the sun is already past 270° then: the solstice is in the month before.
  const start = sunSector(newMoonDay(k, timeZone), timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : newMoonDay(k, timeZone);
  if (month11Cache.size > 2000) month11Cache.clear();
  month11Cache.set(key, start);
  return start;
}

/** Offset (in months after the month 11 starting at a11) of the leap month of a 13-month year. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = lunationNear(a11);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  // The first month whose start and end lie in the same sector holds no principal term.
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Gregorian date → Vietnamese lunar date (time zone in hours, default UTC+7). */
export function solarToLunar(year: number, month: number, day: number, timeZone = VN_TIME_ZONE): LunarDate {
  const dayNumber = jdFromDate(year, month, day);
  // Start of the month containing the day: the last new-moon day on or before it.
  let k = lunationNear(dayNumber);
  while (newMoonDay(k, timeZone) > dayNumber) k--;
  while (newMoonDay(k + 1, timeZone) <= dayNumber) k++;
  const monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1, timeZone);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.round((monthStart - a11) / SYNODIC_MONTH); // whole months since month 11
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  // Months 11 and 12 right after a11 still belong to the previous lunar year.
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: lunarDay, leap };
}

/** Start day number of a lunar month, or null when that (leap) month does not exist. */
function lunarMonthStart(year: number, month: number, leap: boolean, timeZone: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) return null;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, timeZone);
    b11 = lunarMonth11(year, timeZone);
  } else {
    a11 = lunarMonth11(year, timeZone);
    b11 = lunarMonth11(year + 1, timeZone);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null; // a 12-month year has no leap month
  }
  return newMoonDay(lunationNear(a11) + off, timeZone);
}

/** Number of days (29 or 30) of a lunar month, or null when it does not exist. */
export function lunarMonthLength(year: number, month: number, leap = false, timeZone = VN_TIME_ZONE): number | null {
  const start = lunarMonthStart(year, month, leap, timeZone);
  if (start === null) return null;
  return newMoonDay(lunationNear(start) + 1, timeZone) - start;
}

/**
 * Vietnamese lunar date → Gregorian date; null when the date does not exist (a leap month the
 * year lacks, or day 30 of a 29-day month).
 */
export function lunarToSolar(lunar: LunarDate, timeZone = VN_TIME_ZONE): { year: number; month: number; day: number } | null {
  const { year, month, day, leap } = lunar;
  if (!Number.isInteger(day) || day < 1 || day > 30) return null;
  const start = lunarMonthStart(year, month, Boolean(leap), timeZone);
  if (start === null) return null;
  if (day > newMoonDay(lunationNear(start) + 1, timeZone) - start) return null;
  return jdToDate(start + day - 1);
}

/** The leap month (1-12) of lunar year `year`, or 0 when it has none. */
export function leapMonthOf(year: number, timeZone = VN_TIME_ZONE): number {
  for (let m = 1; m <= 12; m++) {
    if (lunarMonthStart(year, m, true, timeZone) !== null) return m;
  }
  return 0;
}
