import { describe, expect, it } from 'vitest';
import { vnTime } from '../calendar/vnTime';
import {
  CodePatternError,
  CodeSpaceExhaustedError,
  codeRegex,
  deskSequenceRange,
  formatDossierCode,
  nextSequence,
  parseCodePattern,
  DEFAULT_CODE_PATTERN,
} from './dossierCode';

describe('dossier code pattern', () => {
  it('formats the TT 01/2018 example', () => {
    const pattern = parseCodePattern(DEFAULT_CODE_PATTERN);
    expect(formatDossierCode(pattern, '000.17.22.H56', vnTime(2021, 5, 31, 9, 0), 1)).toBe('000.17.22.H56-210531-0001');
  });
  it('supports YYYYMMDD with 7 digits', () => {
    const pattern = parseCodePattern('{AGENCY}-{YYYYMMDD}-{SEQ:7}');
    expect(formatDossierCode(pattern, 'H56.22', vnTime(2026, 11, 21, 8, 0), 42)).toBe('H56.22-20261121-0000042');
    expect(codeRegex(pattern, 'H56.22').test('H56.22-20261121-0000042')).toBe(true);
  });
  it('takes the date in Vietnam time, not UTC', () => {
    const pattern = parseCodePattern(DEFAULT_CODE_PATTERN);
    // 00:30 on 22/11 in Hà Nội is still 21/11 in UTC.
    expect(formatDossierCode(pattern, 'X', vnTime(2026, 11, 22, 0, 30), 5)).toBe('X-261122-0005');
  });
  it('rejects patterns that cannot be unique', () => {
    expect(() => parseCodePattern('{AGENCY}-{SEQ:4}')).toThrow(CodePatternError);
    expect(() => parseCodePattern('{YYMMDD}-{SEQ:4}')).toThrow(/AGENCY/);
    expect(() => parseCodePattern('{AGENCY}-{YYMMDD}')).toThrow(/SEQ/);
    expect(() => parseCodePattern('{AGENCY}-{YYMMDD}-{SEQ:2}')).toThrow(/3 đến 9/);
    expect(() => parseCodePattern('{AGENCY}-{DATE}-{SEQ:4}')).toThrow();
  });
});

describe('desk sequence ranges', () => {
  it('splits 4 digits among 10 desks into blocks of a thousand', () => {
    expect(deskSequenceRange(4, 1, 10)).toEqual({ first: 1, last: 999 });
    expect(deskSequenceRange(4, 2, 10)).toEqual({ first: 1000, last: 1999 });
    expect(deskSequenceRange(4, 10, 10)).toEqual({ first: 9000, last: 9999 });
  });
  it('gives a single desk the whole space', () => {
    expect(deskSequenceRange(4, 1, 1)).toEqual({ first: 1, last: 9999 });
  });
  it('keeps every pair of desks disjoint for any agency size', () => {
    for (let desks = 1; desks <= 99; desks++) {
      const ranges = Array.from({ length: desks }, (_, i) => deskSequenceRange(4, i + 1, desks));
      for (let i = 1; i < ranges.length; i++) expect(ranges[i].first).toBeGreaterThan(ranges[i - 1].last);
      expect(ranges.at(-1)!.last).toBeLessThanOrEqual(9999);
      expect(ranges[0].first).toBe(1);
    }
  });
  it('rejects a desk outside the agency', () => {
    expect(() => deskSequenceRange(4, 0, 3)).toThrow(CodePatternError);
    expect(() => deskSequenceRange(4, 4, 3)).toThrow(CodePatternError);
  });
});

describe('issuing', () => {
  it('fails explicitly when a desk exhausts its share, never wrapping', () => {
    const range = deskSequenceRange(3, 2, 2); // 500..999
    const at = vnTime(2026, 11, 21, 10, 0);
    expect(nextSequence(null, range, 2, at)).toBe(500);
    expect(nextSequence(998, range, 2, at)).toBe(999);
    expect(() => nextSequence(999, range, 2, at)).toThrow(CodeSpaceExhaustedError);
    expect(() => nextSequence(999, range, 2, at)).toThrow(/Quầy số 2 đã cấp hết 500 mã hồ sơ .* 21\/11\/2026/);
  });

  it('property: desks issuing concurrently through a day never collide', () => {
    // A seeded random interleaving of many desks, each with its own counter and no shared state.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pattern = parseCodePattern(DEFAULT_CODE_PATTERN);
    for (let trial = 0; trial < 20; trial++) {
      const desks = 1 + Math.floor(random() * 12);
      const last = new Map<number, number | null>();
      const issued = new Set<string>();
      let count = 0;
      const day = vnTime(2026, 11, 21, 7, 30);
      for (let step = 0; step < 3000; step++) {
        const desk = 1 + Math.floor(random() * desks);
        const at = day + Math.floor(random() * 9.5 * 3600_000);
        const range = deskSequenceRange(4, desk, desks);
        let seq: number;
        try {
          seq = nextSequence(last.get(desk) ?? null, range, desk, at);
        } catch (e) {
          expect(e).toBeInstanceOf(CodeSpaceExhaustedError);
          continue;
        }
        last.set(desk, seq);
        const code = formatDossierCode(pattern, '000.17.22.H56', at, seq);
        expect(issued.has(code)).toBe(false);
        issued.add(code);
        count++;
      }
      expect(issued.size).toBe(count);
    }
  });
});
