// Issue 13: control, escape and bidirectional characters are refused by the one text rule that the desk's
// forms and the sync contract share; yyyyMMddHHmmss stamps keep years 0000–0099 as written.
import { describe, expect, it } from 'vitest';
import { nfcString, textProblem } from './zodVi';
import { hoSoSchema } from '../sync/contract';
import { fromVnStamp, toVnStamp } from '../sync/time';
import { vnParts, vnTime } from '../calendar/vnTime';

describe('the text rule', () => {
  const name = nfcString().min(1).max(100);
  it('refuses escape sequences, C0/C1 controls and bidi controls, with a Vietnamese reason', () => {
    for (const bad of ['Nguyễn\u001b[31mVăn An', 'An\u0000', 'An\u0007', 'An\u009b2J', 'An\u007f', 'abc\u202edcba', 'x\u2066y\u2069', 'a\u200fb', 'a\u061cb']) {
      const r = name.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0].message).toMatch(/ký tự điều khiển hoặc ký tự đảo chiều/);
    }
  });
  it('keeps Vietnamese text, tabs and line feeds; makes CR LF a line feed; normalises to NFC', () => {
    expect(name.parse('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(name.parse('Thiếu bản sao\r\ngiấy khai sinh\tx')).toBe('Thiếu bản sao\ngiấy khai sinh\tx');
    expect(name.parse('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(textProblem('Đặng Thị Hương')).toBeNull();
  });
  it('is the contract’s rule too: a pushed record with an escape in a name is refused', () => {
    const shape = hoSoSchema.shape.ChuHoSo;
    expect(shape.safeParse('Lê\u001b]0;pwned\u0007').success).toBe(false);
    expect(shape.safeParse('Lê Văn Cường').success).toBe(true);
  });
});

describe('yyyyMMddHHmmss stamps of years 0000–0099', () => {
  it('are read as written, not as 1900–1999', () => {
    const ms = fromVnStamp('00500615103000')!;
    expect(ms).not.toBeNull();
    // 0050-06-15 10:30:00 at UTC+7 is 03:30:00 UTC; computed from outside Date.UTC: days from 1970 back to year 50.
    const d = new Date(ms);
    expect([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]).toEqual([50, 6, 15, 3, 30]);
    expect(toVnStamp(ms)).toBe('00500615103000');
    expect(fromVnStamp('00000101070000')).toBe(-62167219200000); // 0000-01-01T00:00:00Z, the proleptic Gregorian year 0
    expect(vnParts(vnTime(99, 12, 31, 23, 59, 59)).year).toBe(99);
    expect(fromVnStamp('00990229000000')).toBeNull(); // 99 was not a leap year (1999 was not either, 0096 was)
    expect(fromVnStamp('00960229000000')).not.toBeNull();
    expect(fromVnStamp('19990615103000')).toBe(Date.parse('1999-06-15T03:30:00Z'));
  });
});
