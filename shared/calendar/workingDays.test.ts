import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR_CONFIG, type CalendarConfig, type CalendarOverride, type ProcessingTime } from './types';
import {
  addWorkingDays,
  addWorkingTime,
  closingTime,
  computeAppointment,
  dayKind,
  dayOffReason,
  extendAfterPause,
  isWorkingDay,
  nextWorkingDay,
  parseClock,
  workingDaysBetween,
  workingTimeBetween,
} from './workingDays';
import { formatVnDateTime, vnTime } from './vnTime';
import * as calendarIndex from './index';

// Expected values below are worked out by hand from a wall calendar. Reference week (no holiday):
// Mon 10/03/2025 … Fri 14/03/2025, Sat 15, Sun 16, Mon 17/03/2025.
const cfg = DEFAULT_CALENDAR_CONFIG;
const satCfg: CalendarConfig = { ...DEFAULT_CALENDAR_CONFIG, saturdayMorning: true };
const withOverrides = (overrides: CalendarOverride[], base: CalendarConfig = cfg): CalendarConfig => ({ ...base, overrides });
const at = (y: number, m: number, d: number, h: number, mi = 0) => vnTime(y, m, d, h, mi);
const show = (ms: number) => formatVnDateTime(ms); // 'HH:mm dd/mm/yyyy', Vietnam time

const SAME_DAY: ProcessingTime = { unit: 'same_day', value: 0 };
const wd = (value: number): ProcessingTime => ({ unit: 'working_days', value });
const hours = (value: number): ProcessingTime => ({ unit: 'hours', value });
const days = (value: number): ProcessingTime => ({ unit: 'days', value });

describe('DEFAULT_CALENDAR_CONFIG', () => {
  it('is 07:30-11:30, 13:30-17:00, cut-off 15:00, no Saturday, no overrides', () => {
    expect(DEFAULT_CALENDAR_CONFIG).toEqual({
      saturdayMorning: false,
      hours: { morningStart: '07:30', morningEnd: '11:30', afternoonStart: '13:30', afternoonEnd: '17:00' },
      sameDayCutoff: '15:00',
      overrides: [],
    });
  });

  it('cannot be mutated by accident (it is shared)', () => {
    expect(Object.isFrozen(DEFAULT_CALENDAR_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR_CONFIG.hours)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR_CONFIG.overrides)).toBe(true);
  });

  it('is re-exported with the whole API from index.ts', () => {
    for (const name of ['DEFAULT_CALENDAR_CONFIG', 'solarToLunar', 'lunarToSolar', 'defaultDaysOff', 'dayKind', 'dayOffReason',
      'isWorkingDay', 'nextWorkingDay', 'addWorkingDays', 'workingDaysBetween', 'computeAppointment', 'extendAfterPause', 'vnTime']) {
      expect(calendarIndex, name).toHaveProperty(name);
    }
  });
});

describe('dayKind and dayOffReason', () => {
  it('weekdays are full, Sunday off, Saturday off unless the commune opens Saturday mornings', () => {
    expect(dayKind('2025-03-14', cfg)).toBe('full');
    expect(dayOffReason('2025-03-14', cfg)).toBeNull();
    expect(dayKind('2025-03-16', cfg)).toBe('off');
    expect(dayOffReason('2025-03-16', cfg)).toBe('Chủ nhật');
    expect(dayKind('2025-03-15', cfg)).toBe('off');
    expect(dayOffReason('2025-03-15', cfg)).toBe('Thứ Bảy');
    expect(dayKind('2025-03-15', satCfg)).toBe('morning');
    expect(dayOffReason('2025-03-15', satCfg)).toBeNull();
    expect(dayKind('2025-03-16', satCfg)).toBe('off');
  });

  it('holidays and compensatory days are off with their name, even on a Saturday-morning commune', () => {
    expect(dayKind('2026-02-17', cfg)).toBe('off');
    expect(dayOffReason('2026-02-17', cfg)).toBe('Tết Nguyên đán');
    expect(dayKind('2024-02-10', satCfg)).toBe('off'); // Tết 2024 was a Saturday
    expect(dayOffReason('2024-02-10', satCfg)).toBe('Tết Nguyên đán');
    expect(dayOffReason('2022-05-03', cfg)).toBe('Nghỉ bù Ngày Quốc tế Lao động');
    expect(isWorkingDay('2022-05-04', cfg)).toBe(true);
  });

  it('overrides win both ways, the last entry for a date wins, the note is the reason', () => {
    const c = withOverrides([
      { date: '2025-03-12', kind: 'off', note: 'Nghỉ theo Quyết định của UBND tỉnh' },
      { date: '2026-02-20', kind: 'work', note: 'Đi làm mùng 4 Tết (điều chỉnh)' },
      { date: '2025-03-15', kind: 'work', note: 'Làm bù' },
      { date: '2025-03-13', kind: 'off', note: 'first' },
      { date: '2025-03-13', kind: 'work', note: 'second wins' },
      { date: '2025-03-11', kind: 'off', note: '  ' },
    ]);
    expect(dayKind('2025-03-12', c)).toBe('off');
    expect(dayOffReason('2025-03-12', c)).toBe('Nghỉ theo Quyết định của UBND tỉnh');
    expect(dayKind('2026-02-20', c)).toBe('full'); // a computed Tết day made a working day
    expect(dayOffReason('2026-02-20', c)).toBeNull();
    expect(dayKind('2025-03-15', withOverrides(c.overrides, satCfg))).toBe('full'); // make-up Saturday is a full day
    expect(dayKind('2025-03-13', c)).toBe('full');
    expect(dayOffReason('2025-03-11', c)).toBe('Ngày nghỉ'); // blank note
  });
});

describe('nextWorkingDay / addWorkingDays', () => {
  it('is strictly after the given date', () => {
    expect(nextWorkingDay('2025-03-13', cfg)).toBe('2025-03-14');
    expect(nextWorkingDay('2025-03-14', cfg)).toBe('2025-03-17');
    expect(nextWorkingDay('2025-03-14', satCfg)).toBe('2025-03-15');
    expect(nextWorkingDay('2026-02-13', cfg)).toBe('2026-02-23'); // over Tết Bính Ngọ
  });

  it('counts the n-th working day after the date', () => {
    expect(addWorkingDays('2025-03-14', 0, cfg)).toBe('2025-03-14');
    expect(addWorkingDays('2025-03-14', 1, cfg)).toBe('2025-03-17');
    expect(addWorkingDays('2025-03-14', 5, cfg)).toBe('2025-03-21');
    expect(addWorkingDays('2025-04-29', 3, cfg)).toBe('2025-05-06'); // 30/4, 1/5, weekend skipped
  });

  it('fails loudly instead of looping forever when overrides close every day', () => {
    const overrides: CalendarOverride[] = [];
    for (let d = new Date(Date.UTC(2025, 0, 1)); d.getUTCFullYear() < 2029; d.setUTCDate(d.getUTCDate() + 1)) {
      overrides.push({ date: d.toISOString().slice(0, 10), kind: 'off', note: 'x' });
    }
    expect(() => nextWorkingDay('2025-01-01', withOverrides(overrides))).toThrow(/No working day/);
  });
});

describe('computeAppointment: same_day ("trong ngày", 15:00 cut-off)', () => {
  it('Friday 14:00 → the same Friday at 17:00', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 14), SAME_DAY, true, cfg))).toBe('17:00 14/03/2025');
  });

  it('Friday 15:30 → Monday 17:00', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 15, 30), SAME_DAY, true, cfg))).toBe('17:00 17/03/2025');
  });

  it('exactly 15:00 is already after the cut-off; 14:59 is not', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 15), SAME_DAY, false, cfg))).toBe('17:00 17/03/2025');
    expect(show(computeAppointment(at(2025, 3, 14, 14, 59), SAME_DAY, false, cfg))).toBe('17:00 14/03/2025');
  });

  it('before opening counts for the same day; late at night does not', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 6, 45), SAME_DAY, true, cfg))).toBe('17:00 14/03/2025');
    // 23:30 in Hanoi is 16:30 UTC the same day: still Friday in Vietnam, after the cut-off.
    expect(show(computeAppointment(at(2025, 3, 14, 23, 30), SAME_DAY, true, cfg))).toBe('17:00 17/03/2025');
  });

  it('a configurable cut-off', () => {
    const c = { ...cfg, sameDayCutoff: '16:00' };
    expect(show(computeAppointment(at(2025, 3, 14, 15, 30), SAME_DAY, true, c))).toBe('17:00 14/03/2025');
  });

  it('received on a Sunday or a holiday → next working day', () => {
    expect(show(computeAppointment(at(2025, 3, 16, 9), SAME_DAY, true, cfg))).toBe('17:00 17/03/2025');
    // Monday 01/09/2025 and Tuesday 02/09/2025 are Quốc khánh.
    expect(show(computeAppointment(at(2025, 9, 1, 9), SAME_DAY, true, cfg))).toBe('17:00 03/09/2025');
  });

  it('Saturday-morning option: Friday 15:30 → Saturday 11:30; Saturday 09:00 → Saturday 11:30; Saturday 12:00 → Monday', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 15, 30), SAME_DAY, true, satCfg))).toBe('11:30 15/03/2025');
    expect(show(computeAppointment(at(2025, 3, 15, 9), SAME_DAY, true, satCfg))).toBe('11:30 15/03/2025');
    expect(show(computeAppointment(at(2025, 3, 15, 12), SAME_DAY, true, satCfg))).toBe('17:00 17/03/2025');
    // Without the option Saturday is a day off.
    expect(show(computeAppointment(at(2025, 3, 15, 9), SAME_DAY, true, cfg))).toBe('17:00 17/03/2025');
  });

  it('make-up Saturday (override "work") closes at 17:00; an extra day off is skipped', () => {
    const c = withOverrides([
      { date: '2025-03-15', kind: 'work', note: 'Làm bù' },
      { date: '2025-03-17', kind: 'off', note: 'Nghỉ đột xuất' },
    ]);
    expect(show(computeAppointment(at(2025, 3, 14, 15, 30), SAME_DAY, true, c))).toBe('17:00 15/03/2025');
    expect(show(computeAppointment(at(2025, 3, 15, 15, 30), SAME_DAY, true, c))).toBe('17:00 18/03/2025');
  });
});

describe('computeAppointment: working_days', () => {
  it('3 working days from Monday 10:00 → Thursday 17:00', () => {
    expect(show(computeAppointment(at(2025, 3, 10, 10), wd(3), false, cfg))).toBe('17:00 13/03/2025');
  });

  it('3 working days from Friday 14:00 → Wednesday 17:00 (weekend skipped)', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 14), wd(3), false, cfg))).toBe('17:00 19/03/2025');
  });

  it('after closing time or on a weekend counts from the next working day', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 17, 30), wd(3), false, cfg))).toBe('17:00 20/03/2025');
    expect(show(computeAppointment(at(2025, 3, 14, 17), wd(3), false, cfg))).toBe('17:00 20/03/2025');
    expect(show(computeAppointment(at(2025, 3, 15, 9), wd(3), false, cfg))).toBe('17:00 20/03/2025');
  });

  it('the cut-off applies only when cutoffRule is set', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 15, 30), wd(3), false, cfg))).toBe('17:00 19/03/2025');
    expect(show(computeAppointment(at(2025, 3, 14, 15, 30), wd(3), true, cfg))).toBe('17:00 20/03/2025');
    expect(show(computeAppointment(at(2025, 3, 14, 14, 30), wd(3), true, cfg))).toBe('17:00 19/03/2025');
  });

  it('receipt before Tết Bính Ngọ jumps the holiday: Thu 12/02/2026, 3 working days → Tue 24/02/2026', () => {
    // Fri 13/02 (1) · Sat 14 - Sun 22/02 off (Tết 16-20/02 + weekends) · Mon 23/02 (2) · Tue 24/02 (3)
    expect(show(computeAppointment(at(2026, 2, 12, 10), wd(3), false, cfg))).toBe('17:00 24/02/2026');
  });

  it('receipt before Tết Ất Tỵ: Fri 24/01/2025, 3 working days → Wed 05/02/2025', () => {
    // Mon 27/01 - Fri 31/01 off (Tết 2025) · Mon 03/02 (1) · Tue 04/02 (2) · Wed 05/02 (3)
    expect(show(computeAppointment(at(2025, 1, 24, 14), wd(3), true, cfg))).toBe('17:00 05/02/2025');
  });

  it('Saturday mornings count as working days when the commune opens them, closing at 11:30', () => {
    // Thu 13/03 14:00, 2 working days: Fri 14 (1), Sat 15 morning (2).
    expect(show(computeAppointment(at(2025, 3, 13, 14), wd(2), false, satCfg))).toBe('11:30 15/03/2025');
    // Saturday 11:45 is after its closing: counts from Monday.
    expect(show(computeAppointment(at(2025, 3, 15, 11, 45), wd(1), false, satCfg))).toBe('17:00 18/03/2025');
  });

  it('a real swap (Văn bản 12729/VPCP-KGVX): Fri 02/01/2026 off, Sat 10/01/2026 worked', () => {
    const swap = withOverrides([
      { date: '2026-01-02', kind: 'off', note: 'Hoán đổi ngày làm việc (12729/VPCP-KGVX)' },
      { date: '2026-01-10', kind: 'work', note: 'Làm bù cho thứ Sáu 02/01/2026' },
    ]);
    // Wed 31/12/2025, 2 working days: Thu 01/01 holiday, Fri 02/01 swapped off, Mon 05/01 (1), Tue 06/01 (2)
    expect(show(computeAppointment(at(2025, 12, 31, 10), wd(2), false, swap))).toBe('17:00 06/01/2026');
    expect(show(computeAppointment(at(2025, 12, 31, 10), wd(2), false, cfg))).toBe('17:00 05/01/2026');
    // Fri 09/01/2026 after the cut-off, same day → the make-up Saturday.
    expect(show(computeAppointment(at(2026, 1, 9, 15, 30), SAME_DAY, true, swap))).toBe('17:00 10/01/2026');
    expect(dayOffReason('2026-01-02', swap)).toBe('Hoán đổi ngày làm việc (12729/VPCP-KGVX)');
  });

  it('0 working days is the day of receipt; fractions round up', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 10), wd(0), false, cfg))).toBe('17:00 14/03/2025');
    expect(show(computeAppointment(at(2025, 3, 10, 10), wd(1.5), false, cfg))).toBe('17:00 12/03/2025');
  });
});

describe('computeAppointment: hours (inside office hours)', () => {
  it('Friday 10:00 + 8 h → Monday 10:30 (lunch and weekend skipped)', () => {
    // Fri 10:00-11:30 (1.5 h) + 13:30-17:00 (3.5 h) = 5 h; Mon 07:30 + 3 h = 10:30
    expect(show(computeAppointment(at(2025, 3, 14, 10), hours(8), false, cfg))).toBe('10:30 17/03/2025');
  });

  it('Monday 11:00 + 2 h → 15:00 (across lunch)', () => {
    expect(show(computeAppointment(at(2025, 3, 10, 11), hours(2), false, cfg))).toBe('15:00 10/03/2025');
  });

  it('received at lunch or after hours starts at the next opening', () => {
    expect(show(computeAppointment(at(2025, 3, 10, 12), hours(1), false, cfg))).toBe('14:30 10/03/2025');
    expect(show(computeAppointment(at(2025, 3, 14, 18), hours(1), false, cfg))).toBe('08:30 17/03/2025');
  });

  it('ending exactly at a session end stays there', () => {
    expect(show(computeAppointment(at(2025, 3, 10, 10, 30), hours(1), false, cfg))).toBe('11:30 10/03/2025');
    expect(show(computeAppointment(at(2025, 3, 10, 7, 30), hours(7.5), false, cfg))).toBe('17:00 10/03/2025');
  });

  it('with Saturday mornings: Friday 10:00 + 8 h → Saturday 10:30', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 10), hours(8), false, satCfg))).toBe('10:30 15/03/2025');
  });

  it('over Tết: Fri 13/02/2026 16:00 + 2 h → Mon 23/02/2026 08:30', () => {
    expect(show(computeAppointment(at(2026, 2, 13, 16), hours(2), false, cfg))).toBe('08:30 23/02/2026');
  });
});

describe('computeAppointment: days (calendar days)', () => {
  it('receipt date + N; moved to the next working day when that is not one', () => {
    expect(show(computeAppointment(at(2025, 3, 10, 10), days(3), false, cfg))).toBe('17:00 13/03/2025');
    expect(show(computeAppointment(at(2025, 3, 10, 10), days(5), false, cfg))).toBe('17:00 17/03/2025'); // Sat → Mon
    expect(show(computeAppointment(at(2026, 2, 13, 10), days(4), false, cfg))).toBe('17:00 23/02/2026'); // Tết
    expect(show(computeAppointment(at(2025, 3, 10, 10), days(5), false, satCfg))).toBe('11:30 15/03/2025');
  });
});

describe('computeAppointment: invalid input', () => {
  it('rejects negative or non-finite values and unknown units', () => {
    expect(() => computeAppointment(at(2025, 3, 10, 10), wd(-1), false, cfg)).toThrow(RangeError);
    expect(() => computeAppointment(at(2025, 3, 10, 10), hours(Number.NaN), false, cfg)).toThrow(RangeError);
    expect(() => computeAppointment(at(2025, 3, 10, 10), { unit: 'weeks', value: 1 } as unknown as ProcessingTime, false, cfg)).toThrow(/Unknown/);
  });

  it('same_day ignores the value', () => {
    expect(show(computeAppointment(at(2025, 3, 14, 14), { unit: 'same_day', value: 99 }, false, cfg))).toBe('17:00 14/03/2025');
  });

  it('rejects malformed office hours', () => {
    expect(() => parseClock('7h30')).toThrow();
    expect(() => parseClock('24:00')).toThrow();
    expect(parseClock('7:30')).toBe(450);
    const bad = { ...cfg, hours: { ...cfg.hours, afternoonEnd: '17.00' } };
    expect(() => computeAppointment(at(2025, 3, 14, 14), SAME_DAY, false, bad)).toThrow(/Invalid time/);
  });
});

describe('does not depend on the machine time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Tokyo'])('same results with TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(show(computeAppointment(at(2025, 3, 14, 23, 30), SAME_DAY, true, cfg))).toBe('17:00 17/03/2025');
    expect(show(computeAppointment(at(2025, 3, 14, 10), hours(8), false, cfg))).toBe('10:30 17/03/2025');
    expect(closingTime('2025-03-14', cfg)).toBe(Date.UTC(2025, 2, 14, 10, 0)); // 17:00 UTC+7
  });
});

describe('workingTimeBetween / workingDaysBetween', () => {
  const H = 3_600_000;
  it('counts office time only', () => {
    expect(workingTimeBetween(at(2025, 3, 10, 9), at(2025, 3, 10, 16), cfg)).toBe(5 * H); // 9-11:30, 13:30-16
    expect(workingTimeBetween(at(2025, 3, 14, 16), at(2025, 3, 17, 8), cfg)).toBe(1.5 * H);
    expect(workingTimeBetween(at(2025, 3, 10, 7, 30), at(2025, 3, 14, 17), cfg)).toBe(5 * 7.5 * H);
    expect(workingTimeBetween(at(2025, 3, 14, 17), at(2025, 3, 10, 7, 30), cfg)).toBe(0);
  });

  it('whole working days elapsed', () => {
    expect(workingDaysBetween(at(2025, 3, 10, 9), at(2025, 3, 12, 9), cfg)).toBe(2); // Mon 09:00 → Wed 09:00
    expect(workingDaysBetween(at(2025, 3, 14, 16), at(2025, 3, 17, 8), cfg)).toBe(0); // Fri 16:00 → Mon 08:00
    expect(workingDaysBetween(at(2025, 3, 10, 16), at(2025, 3, 11, 10), cfg)).toBe(0); // Mon 16:00 → Tue 10:00
    expect(workingDaysBetween(at(2025, 3, 10, 7, 30), at(2025, 3, 14, 17), cfg)).toBe(5);
    // Mon 09:00 → Tue 16:00 is 6/7.5 + 6.5/7.5 ≈ 1.67 days: rounded down to 1
    expect(workingDaysBetween(at(2025, 3, 10, 9), at(2025, 3, 11, 16), cfg)).toBe(1);
    expect(workingDaysBetween(at(2025, 3, 7, 18), at(2025, 3, 17, 7), cfg)).toBe(5); // a whole week, weekends free
    expect(workingDaysBetween(at(2026, 2, 13, 17), at(2026, 2, 23, 7), cfg)).toBe(0); // all of Tết
    expect(workingDaysBetween(at(2025, 3, 12, 9), at(2025, 3, 10, 9), cfg)).toBe(0); // reversed
  });

  it('a Saturday morning counts as one day when fully elapsed', () => {
    expect(workingDaysBetween(at(2025, 3, 14, 17), at(2025, 3, 15, 12), satCfg)).toBe(1);
    expect(workingDaysBetween(at(2025, 3, 14, 17), at(2025, 3, 15, 12), cfg)).toBe(0);
  });
});

describe('extendAfterPause (waiting for the citizen does not count)', () => {
  it('day-based: paused Mon 09:00, resumed Wed 09:00 → appointment Wed 19/03 moves 2 working days to Fri 21/03', () => {
    const appointment = computeAppointment(at(2025, 3, 14, 14), wd(3), false, cfg); // Wed 19/03 17:00
    expect(show(extendAfterPause(appointment, at(2025, 3, 17, 9), at(2025, 3, 19, 9), cfg))).toBe('17:00 21/03/2025');
  });

  it('day-based: a pause over the weekend only costs nothing', () => {
    const appointment = at(2025, 3, 19, 17);
    expect(extendAfterPause(appointment, at(2025, 3, 14, 17), at(2025, 3, 17, 7, 30), cfg)).toBe(appointment);
  });

  it('day-based: Tết days inside the pause are not counted twice', () => {
    // Paused Fri 13/02/2026 08:00 (7 h of the day left), resumed Mon 23/02/2026 08:00 (0.5 h used):
    // exactly one working day elapsed. Appointment Wed 25/02 → Thu 26/02.
    expect(show(extendAfterPause(at(2026, 2, 25, 17), at(2026, 2, 13, 8), at(2026, 2, 23, 8), cfg))).toBe('17:00 26/02/2026');
  });

  it('day-based on a Saturday-morning commune keeps closing times', () => {
    // Appointment Fri 14/03 17:00; paused Mon 10 07:30 → Tue 11 07:30 (1 day) → Sat 15/03 11:30.
    expect(show(extendAfterPause(at(2025, 3, 14, 17), at(2025, 3, 10, 7, 30), at(2025, 3, 11, 7, 30), satCfg))).toBe('11:30 15/03/2025');
  });

  it('hours-based: moves by the exact office time paused', () => {
    const appointment = computeAppointment(at(2025, 3, 14, 10), hours(8), false, cfg); // Mon 17/03 10:30
    // Paused Fri 14:00-16:00 → 2 h → Mon 10:30 + 2 h = 14:30 (across lunch)
    expect(show(extendAfterPause(appointment, at(2025, 3, 14, 14), at(2025, 3, 14, 16), cfg))).toBe('14:30 17/03/2025');
  });

  it('no pause or a reversed interval changes nothing', () => {
    const appointment = at(2025, 3, 19, 17);
    expect(extendAfterPause(appointment, at(2025, 3, 17, 9), at(2025, 3, 17, 9), cfg)).toBe(appointment);
    expect(extendAfterPause(appointment, at(2025, 3, 18, 9), at(2025, 3, 17, 9), cfg)).toBe(appointment);
  });
});

describe('addWorkingTime', () => {
  it('zero or negative duration returns the start unchanged', () => {
    const t = at(2025, 3, 15, 9);
    expect(addWorkingTime(t, 0, cfg)).toBe(t);
    expect(addWorkingTime(t, -5, cfg)).toBe(t);
  });
});
