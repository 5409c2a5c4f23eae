import { describe, expect, it } from 'vitest';
import fixture from '../../test/fixtures/calendar/tet-2000-2100.json';
import { jdFromDate, jdToDate, leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar, type LunarDate } from './lunar';

type Ymd = { year: number; month: number; day: number };
const ymd = (key: string): Ymd => {
  const [year, month, day] = key.split('-').map(Number);
  return { year, month, day };
};
const key = (d: Ymd | null) =>
  d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : null;
const lunar = (year: number, month: number, day: number, leap = false): LunarDate => ({ year, month, day, leap });

/**
 * Decodes one of Hồ Ngọc Đức's published year codes into the start, length and leap flag of each
 * lunar month (his decodeLunarYear, rewritten here so the test does not lean on lunar.ts).
 */
function decodeYearCode(year: number, code: number) {
  const offsetOfTet = code >> 17;
  const leapMonth = code & 0xf;
  const leapLength = (code >> 16) & 1 ? 30 : 29;
  const regular: number[] = [];
  let bits = code >> 4;
  for (let i = 0; i < 12; i++) {
    regular[11 - i] = bits & 1 ? 30 : 29;
    bits >>= 1;
  }
  const months: { month: number; leap: boolean; startJd: number; length: number }[] = [];
  let jd = jdFromDate(year, 1, 1) + offsetOfTet;
  for (let m = 1; m <= 12; m++) {
    months.push({ month: m, leap: false, startJd: jd, length: regular[m - 1] });
    jd += regular[m - 1];
    if (m === leapMonth) {
      months.push({ month: m, leap: true, startJd: jd, length: leapLength });
      jd += leapLength;
    }
  }
  return { leapMonth, months };
}

describe('Julian day numbers', () => {
  it('matches the standard epoch values', () => {
    expect(jdFromDate(2000, 1, 1)).toBe(2451545); // J2000.0 is 2000-01-01 noon
    expect(jdFromDate(1900, 1, 1)).toBe(2415021);
    expect(jdToDate(2451545)).toEqual({ year: 2000, month: 1, day: 1 });
  });

  it('round-trips every day of 2000-2100', () => {
    for (let jd = jdFromDate(2000, 1, 1); jd <= jdFromDate(2100, 12, 31); jd++) {
      const d = jdToDate(jd);
      if (jdFromDate(d.year, d.month, d.day) !== jd) throw new Error(`round trip failed at ${jd}`);
    }
  });
});

describe('Tết 2000-2100 against the published table (test/fixtures/calendar/tet-2000-2100.json)', () => {
  it('covers every year 2000-2100 and each Tết is its published year code decoded', () => {
    expect(fixture.years.map((y) => y.year)).toEqual(Array.from({ length: 101 }, (_, i) => 2000 + i));
    for (const { year, tk, tet } of fixture.years) {
      const start = decodeYearCode(year, parseInt(tk, 16)).months[0].startJd;
      expect(key(jdToDate(start)), `${year}`).toBe(tet);
    }
  });

  it.each(fixture.years)('Tết $year is $tet', ({ year, tet }) => {
    const { year: y, month: m, day: d } = ymd(tet);
    expect(solarToLunar(y, m, d)).toEqual(lunar(year, 1, 1));
    expect(key(lunarToSolar(lunar(year, 1, 1)))).toBe(tet);
    // The day before is the last day of month 12 of the previous lunar year.
    const eve = jdToDate(jdFromDate(y, m, d) - 1);
    const before = solarToLunar(eve.year, eve.month, eve.day);
    expect(before.year).toBe(year - 1);
    expect(before.month).toBe(12);
    expect([29, 30]).toContain(before.day);
  });
});

describe('every lunar month and day of 2000-2100 against the published year codes', () => {
  for (let from = 2000; from <= 2100; from += 20) {
    const years = fixture.years.filter((y) => y.year >= from && y.year < from + 20);
    it(`months and days of ${from}-${years[years.length - 1].year}`, () => {
      for (const { year, tk } of years) {
        const { leapMonth, months } = decodeYearCode(year, parseInt(tk, 16));
        expect(leapMonthOf(year), `leap month of ${year}`).toBe(leapMonth);
        for (const { month, leap, startJd, length } of months) {
          const label = `${year}/${month}${leap ? ' nhuận' : ''}`;
          expect(key(lunarToSolar(lunar(year, month, 1, leap))), label).toBe(key(jdToDate(startJd)));
          expect(lunarMonthLength(year, month, leap), label).toBe(length);
          expect(lunarToSolar(lunar(year, month, 30, leap)) === null, `${label} day 30`).toBe(length === 29);
          for (let day = 1; day <= length; day++) {
            const g = jdToDate(startJd + day - 1);
            const got = solarToLunar(g.year, g.month, g.day);
            if (got.year !== year || got.month !== month || got.day !== day || got.leap !== leap) {
              throw new Error(`${key(g)}: expected ${label} day ${day}, got ${JSON.stringify(got)}`);
            }
          }
        }
      }
    });
  }
});

describe('Tết cross-checked against independent published dates', () => {
  // python-holidays (vacanza/holidays, tests/countries/test_vietnam.py, test_lunar_new_year)
  const pythonHolidays = [
    '1997-02-07', '2008-02-07', '2009-01-26', '2010-02-14', '2011-02-03', '2012-01-23', '2013-02-10',
    '2014-01-31', '2015-02-19', '2016-02-08', '2017-01-28', '2018-02-16', '2019-02-05', '2020-01-25',
    '2021-02-12', '2022-02-01',
  ];
  // Vietnamese press on the official holiday schedules: 2023 (VnExpress: off 20-26/1/2023,
  // "trước 2 ngày Tết Quý Mão (22-1)"), 2024 (10/02/2024, Thứ Bảy), 2025 (29/01/2025),
  // 2026 (Thông báo 9441/TB-BNV: 16/02/2026 is 29 tháng Chạp, 20/02/2026 is mùng 4 → Tết 17/02).
  const press = ['2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17'];
  // date-chinese (commenthol) CalendarVietnamese tests: 1985-01-21, "different to Chinese".
  const other = ['1985-01-21'];

  it.each([...pythonHolidays, ...press, ...other])('lunar 1/1 falls on %s', (tet) => {
    const { year, month, day } = ymd(tet);
    expect(solarToLunar(year, month, day)).toEqual(lunar(year, 1, 1));
    expect(key(lunarToSolar(lunar(year, 1, 1)))).toBe(tet);
  });
});

describe('Vietnamese (UTC+7) vs Chinese (UTC+8) calendar', () => {
  // Published differences: 1985 (VN 21/01, CN 20/02: a whole month, different leap month),
  // 2007 (VN 17/02, CN 18/02), 2030 (VN 02/02, CN 03/02), 2053 (VN one day before CN).
  it.each([
    [1985, '1985-01-21', '1985-02-20'],
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
    [2053, '2053-02-18', '2053-02-19'],
  ])('Tết %i: Vietnam %s, China %s', (year, vn, cn) => {
    expect(key(lunarToSolar(lunar(year, 1, 1)))).toBe(vn);
    expect(key(lunarToSolar(lunar(year, 1, 1), 7))).toBe(vn);
    expect(key(lunarToSolar(lunar(year, 1, 1), 8))).toBe(cn);
    const c = ymd(cn);
    expect(solarToLunar(c.year, c.month, c.day, 8)).toEqual(lunar(year, 1, 1));
    expect(solarToLunar(c.year, c.month, c.day, 7)).not.toEqual(lunar(year, 1, 1));
  });

  it('in 2030 the Chinese New Year day is mùng 2 Tết in Vietnam', () => {
    expect(solarToLunar(2030, 2, 3)).toEqual(lunar(2030, 1, 2));
  });
});

describe('other published Vietnamese lunar dates', () => {
  // date-chinese (commenthol) CalendarVietnamese tests, an independent VSOP87-based implementation.
  it.each([
    ['1984-11-20', lunar(1984, 10, 28)],
    ['1984-12-01', lunar(1984, 11, 9)],
    ['1985-01-28', lunar(1985, 1, 8)],
    ['1985-02-28', lunar(1985, 2, 9)],
    ['1985-03-22', lunar(1985, 2, 2, true)],
    ['1985-04-19', lunar(1985, 2, 30, true)],
    ['1985-04-20', lunar(1985, 3, 1)],
    ['1985-07-19', lunar(1985, 6, 2)],
    ['1986-12-28', lunar(1986, 11, 28)],
    ['2000-01-01', lunar(1999, 11, 25)],
    ['2015-07-15', lunar(2015, 5, 30)],
    ['2015-12-31', lunar(2015, 11, 21)],
    ['2016-02-06', lunar(2015, 12, 28)],
    ['2016-02-07', lunar(2015, 12, 29)],
    ['2016-02-08', lunar(2016, 1, 1)],
    ['2017-09-18', lunar(2017, 7, 28)],
  ])('%s is %o', (solar, expected) => {
    const { year, month, day } = ymd(solar);
    expect(solarToLunar(year, month, day)).toEqual(expected);
    expect(key(lunarToSolar(expected))).toBe(solar);
  });

  it('Giỗ Tổ Hùng Vương (10/3) as announced for 2020-2026', () => {
    // python-holidays tests (2020-2022); Vietnamese press (2023 Thứ Bảy 29/4, 2024 Thứ Năm 18/4,
    // 2025 Thứ Hai 7/4 — thuvienphapluat.vn, 2026 Chủ nhật 26/4 — thanhnien.vn).
    const expected: Record<number, string> = {
      2020: '2020-04-02', 2021: '2021-04-21', 2022: '2022-04-10', 2023: '2023-04-29',
      2024: '2024-04-18', 2025: '2025-04-07', 2026: '2026-04-26',
    };
    for (const [year, date] of Object.entries(expected)) {
      expect(key(lunarToSolar(lunar(+year, 3, 10)))).toBe(date);
    }
  });
});

describe('lunarToSolar input checks', () => {
  it('rejects a leap month the year does not have', () => {
    expect(leapMonthOf(2025)).toBe(6);
    expect(lunarToSolar(lunar(2025, 6, 1, true))).not.toBeNull();
    expect(lunarToSolar(lunar(2025, 5, 1, true))).toBeNull();
    expect(leapMonthOf(2024)).toBe(0);
    expect(lunarToSolar(lunar(2024, 6, 1, true))).toBeNull();
  });

  it('rejects impossible days and months', () => {
    expect(lunarToSolar(lunar(2025, 0, 1))).toBeNull();
    expect(lunarToSolar(lunar(2025, 13, 1))).toBeNull();
    expect(lunarToSolar(lunar(2025, 1, 0))).toBeNull();
    expect(lunarToSolar(lunar(2025, 1, 31))).toBeNull();
    expect(lunarToSolar(lunar(2025, 1, 1.5))).toBeNull();
  });

  it('rejects day 30 of a 29-day month (12/2025 has 29 days: 16/02/2026 is "29 tháng Chạp", the eve)', () => {
    expect(key(lunarToSolar(lunar(2025, 12, 29)))).toBe('2026-02-16');
    expect(lunarToSolar(lunar(2025, 12, 30))).toBeNull();
  });

  it('treats a missing leap flag as a regular month', () => {
    const loose = { year: 2025, month: 6, day: 1 } as LunarDate;
    expect(lunarToSolar(loose)).toEqual(lunarToSolar(lunar(2025, 6, 1)));
  });
});
