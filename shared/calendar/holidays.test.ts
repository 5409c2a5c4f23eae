import { describe, expect, it } from 'vitest';
import { compensatoryName, defaultDaysOff, HOLIDAY_NAMES, hungKingsDate, tetDate, type DayOff } from './holidays';
import { weekdayOf } from './vnTime';

const dates = (year: number, pred: (d: DayOff) => boolean = () => true) =>
  defaultDaysOff(year).filter(pred).map((d) => d.date);
const offOn = (date: string) => defaultDaysOff(+date.slice(0, 4)).find((d) => d.date === date);
const weekdays = (list: string[]) => list.filter((d) => weekdayOf(d) !== 0 && weekdayOf(d) !== 6);

describe('defaultDaysOff structure', () => {
  it('is sorted, one entry per date, all inside the year, for 2000-2100', () => {
    for (let year = 2000; year <= 2100; year++) {
      const list = defaultDaysOff(year);
      const keys = list.map((d) => d.date);
      expect([...keys].sort(), `${year}`).toEqual(keys);
      expect(new Set(keys).size, `${year}`).toBe(keys.length);
      expect(keys.every((k) => k.startsWith(`${year}-`)), `${year}`).toBe(true);
    }
  });

  it('gives 11 weekday days off a year under BLLĐ 2019 (1 + 5 + 1 + 1 + 1 + 2)', () => {
    // Compensatory days replace holidays that fall on Saturday/Sunday, so every year has exactly
    // 11 Monday-Friday days off, whatever the weekdays.
    for (let year = 2021; year <= 2100; year++) {
      expect(weekdays(dates(year)).length, `${year}`).toBe(11);
    }
  });

  it('has no compensatory day on a weekend', () => {
    for (let year = 2000; year <= 2100; year++) {
      for (const d of defaultDaysOff(year).filter((x) => x.kind === 'compensatory')) {
        expect([0, 6], d.date).not.toContain(weekdayOf(d.date));
      }
    }
  });

  it('returns copies (callers cannot corrupt the cache)', () => {
    const a = defaultDaysOff(2025);
    a[0].name = 'x';
    a.pop();
    expect(defaultDaysOff(2025)[0].name).toBe(HOLIDAY_NAMES.newYear);
    expect(defaultDaysOff(2025).length).toBe(a.length + 1);
  });

  it('uses the names of Điều 112 in Vietnamese', () => {
    expect(offOn('2025-01-01')).toEqual({ date: '2025-01-01', name: 'Tết Dương lịch', kind: 'holiday' });
    expect(offOn('2025-01-29')).toEqual({ date: '2025-01-29', name: 'Tết Nguyên đán', kind: 'holiday' });
    expect(offOn('2025-04-07')).toEqual({ date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương', kind: 'holiday' });
    expect(offOn('2025-04-30')?.name).toBe('Ngày Chiến thắng');
    expect(offOn('2025-05-01')?.name).toBe('Ngày Quốc tế Lao động');
    expect(offOn('2025-09-02')?.name).toBe('Ngày Quốc khánh');
    expect(offOn('2026-04-27')).toEqual({ date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'compensatory' });
    expect(compensatoryName('Tết Dương lịch')).toBe('Nghỉ bù Tết Dương lịch');
  });
});

describe('lunar holidays', () => {
  it('Giỗ Tổ Hùng Vương dates as announced', () => {
    // python-holidays tests (2020-2022); Vietnamese press (2016 Thứ Bảy — meohaybotui.com;
    // 2023-2026 — nhantobian.vn table, thuvienphapluat.vn, thanhnien.vn).
    expect(hungKingsDate(2016)).toBe('2016-04-16');
    expect(hungKingsDate(2020)).toBe('2020-04-02');
    expect(hungKingsDate(2021)).toBe('2021-04-21');
    expect(hungKingsDate(2022)).toBe('2022-04-10');
    expect(hungKingsDate(2023)).toBe('2023-04-29');
    expect(hungKingsDate(2024)).toBe('2024-04-18');
    expect(hungKingsDate(2025)).toBe('2025-04-07');
    expect(hungKingsDate(2026)).toBe('2026-04-26');
  });

  it('Giỗ Tổ is a holiday only from 2007', () => {
    expect(dates(2006, (d) => d.name === HOLIDAY_NAMES.hungKings)).toEqual([]);
    expect(dates(2007, (d) => d.name === HOLIDAY_NAMES.hungKings)).toEqual([hungKingsDate(2007)]);
  });

  it('tetDate is lunar 1/1', () => {
    expect(tetDate(2024)).toBe('2024-02-10');
    expect(tetDate(2030)).toBe('2030-02-02'); // not the Chinese 03/02
  });
});

describe('Tết block: last day of the lunar year + mùng 1-4, weekend days moved', () => {
  const tetOff = (year: number) => weekdays(dates(year, (d) => d.name.includes(HOLIDAY_NAMES.tet)));

  // Official schedules (weekdays off), as published:
  it('2026: Mon 16/02 (29 tháng Chạp) - Fri 20/02 (mùng 4) — Thông báo 9441/TB-BNV', () => {
    expect(tetOff(2026)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(dates(2026, (d) => d.name.includes('Tết Nguyên đán'))).toEqual(tetOff(2026)); // no weekend day in it
  });

  it('2024 (Tết on Saturday): Thu 08/02 - Wed 14/02 — as announced to provinces', () => {
    expect(tetOff(2024)).toEqual(['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']);
    expect(offOn('2024-02-08')?.kind).toBe('compensatory'); // for Saturday 10/02
    expect(offOn('2024-02-14')?.kind).toBe('compensatory'); // for Sunday 11/02
    expect(offOn('2024-02-08')?.name).toBe('Nghỉ bù Tết Nguyên đán');
  });

  it('2023 (Tết on Sunday): Fri 20/01 - Thu 26/01 — Công văn 8056/VPCP-KGVX', () => {
    expect(tetOff(2023)).toEqual(['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26']);
  });

  it('2025 (mùng 4 on Saturday): Mon 27/01 - Fri 31/01 (official notice for Tết Ất Tỵ)', () => {
    expect(tetOff(2025)).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
  });

  it('has 4 days before 2013 (BLLĐ 1994) and 5 from 2013 (BLLĐ 2012)', () => {
    expect(dates(2012, (d) => d.name === HOLIDAY_NAMES.tet)).toEqual(['2012-01-22', '2012-01-23', '2012-01-24', '2012-01-25']);
    expect(dates(2013, (d) => d.name === HOLIDAY_NAMES.tet)).toHaveLength(5);
  });
});

describe('compensatory days for other holidays (Điều 111 khoản 3: next working day)', () => {
  it('2022: 30/4 Saturday + 1/5 Sunday → Monday 2/5 and Tuesday 3/5', () => {
    expect(offOn('2022-05-02')).toEqual({ date: '2022-05-02', name: 'Nghỉ bù Ngày Chiến thắng', kind: 'compensatory' });
    expect(offOn('2022-05-03')).toEqual({ date: '2022-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động', kind: 'compensatory' });
    expect(offOn('2022-05-04')).toBeUndefined();
  });

  it('2023: Giỗ Tổ Saturday 29/4 + 30/4 Sunday + 1/5 Monday → off until Wednesday 3/5', () => {
    expect(dates(2023).filter((d) => d >= '2023-04-29' && d <= '2023-05-05')).toEqual([
      '2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03',
    ]);
    expect(offOn('2023-05-02')?.name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
    expect(offOn('2023-05-03')?.name).toBe('Nghỉ bù Ngày Chiến thắng');
  });

  it('matches the observed days listed by python-holidays (2011-2023)', () => {
    const observed = [
      '2012-01-02', '2017-01-02', '2022-01-03', // Tết Dương lịch
      '2012-04-02', '2016-04-18', '2019-04-15', '2022-04-11', '2023-05-02', // Giỗ Tổ
      '2011-05-02', '2016-05-02', '2017-05-02', '2022-05-02', '2023-05-03', // 30/4
      '2011-05-03', '2016-05-03', '2021-05-03', '2022-05-03', // 1/5
      '2012-09-03', '2017-09-04', '2018-09-03', '2023-09-04', // Quốc khánh
    ];
    for (const d of observed) expect(offOn(d)?.kind, d).toBe('compensatory');
  });

  it('2023: Tết Dương lịch on Sunday → Monday 2/1 (official)', () => {
    expect(offOn('2023-01-02')?.name).toBe('Nghỉ bù Tết Dương lịch');
  });

  it('2026: Giỗ Tổ on Sunday 26/4 → Monday 27/4 (thanhnien.vn)', () => {
    expect(offOn('2026-04-27')?.kind).toBe('compensatory');
  });
});

describe('Quốc khánh: 2/9 plus one adjacent day (from 2021)', () => {
  const national = (year: number) => dates(year, (d) => d.name.includes(HOLIDAY_NAMES.national));
  it.each([
    [2021, 'Thursday → Friday 3/9 (official 2-5/9)', ['2021-09-02', '2021-09-03']],
    [2022, 'Friday → Thursday 1/9 (official 1-4/9)', ['2022-09-01', '2022-09-02']],
    [2023, 'Saturday → Friday 1/9, Monday 4/9 compensatory (official 1-4/9)', ['2023-09-01', '2023-09-02', '2023-09-04']],
    [2024, 'Monday → Tuesday 3/9 (official 31/8-3/9)', ['2024-09-02', '2024-09-03']],
    [2025, 'Tuesday → Monday 1/9 (official 30/8-2/9)', ['2025-09-01', '2025-09-02']],
    [2026, 'Wednesday → Tuesday 1/9 (default rule)', ['2026-09-01', '2026-09-02']],
    [2029, 'Sunday → Monday 3/9, Tuesday 4/9 compensatory (default rule)', ['2029-09-02', '2029-09-03', '2029-09-04']],
  ])('%i: %s', (year, _label, expected) => {
    expect(national(year)).toEqual(expected);
  });

  it('is a single day before 2021 (BLLĐ 2012)', () => {
    expect(national(2020)).toEqual(['2020-09-02']);
    expect(national(2018)).toEqual(['2018-09-02', '2018-09-03']); // Sunday + compensatory Monday
  });
});
