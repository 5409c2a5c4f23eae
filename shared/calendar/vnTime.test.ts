import { describe, expect, it } from 'vitest';
import { addDays, formatVnDate, formatVnDateTime, parseVnDate, parseVnDateTime, vnDayBounds, vnTime } from './vnTime';
import { officeHoursProblem } from './workingDays';

describe('Vietnam time', () => {
  it('is UTC+7 whatever the machine', () => {
    expect(vnTime(2026, 11, 21, 7, 0)).toBe(Date.UTC(2026, 10, 21, 0, 0));
    expect(formatVnDateTime(Date.UTC(2026, 10, 20, 17, 30))).toBe('00:30 21/11/2026');
  });
  it('bounds a Vietnamese day', () => {
    const { start, end } = vnDayBounds(Date.UTC(2026, 10, 20, 17, 30));
    expect(start).toBe(Date.UTC(2026, 10, 20, 17, 0));
    expect(end - start).toBe(24 * 3600_000);
  });
  it('parses typed dates and refuses impossible ones', () => {
    expect(parseVnDate('5/7/1996')).toBe('1996-07-05');
    expect(parseVnDate('29/02/2024')).toBe('2024-02-29');
    expect(parseVnDate('29/02/2026')).toBeNull();
    expect(parseVnDate('2026-02-01')).toBeNull();
    expect(parseVnDateTime('16:30 26/11/2026')).toBe(vnTime(2026, 11, 26, 16, 30));
    expect(parseVnDateTime('24:00 26/11/2026')).toBeNull();
    expect(parseVnDateTime('26/11/2026')).toBeNull();
  });
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(formatVnDate(vnTime(2027, 1, 1))).toBe('01/01/2027');
  });
});

describe('office hours', () => {
  const hours = { morningStart: '07:30', morningEnd: '11:30', afternoonStart: '13:30', afternoonEnd: '17:00' };
  it('accepts the usual day', () => expect(officeHoursProblem(hours, '15:00')).toBeNull());
  it('explains hours out of order, malformed, or a cut-off outside them', () => {
    expect(officeHoursProblem({ ...hours, morningEnd: '14:00' }, '15:00')).toMatch(/theo thứ tự/);
    expect(officeHoursProblem({ ...hours, afternoonEnd: '5pm' }, '15:00')).toMatch(/HH:mm/);
    expect(officeHoursProblem(hours, '18:00')).toMatch(/Giờ chốt/);
  });
});
