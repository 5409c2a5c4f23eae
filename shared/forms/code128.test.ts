import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CODE128_PATTERNS, Code128Error, encodeCode128, START_B, START_C, STOP } from './code128';

// bwip-js (BWIPP) as a reference encoder, loaded through its CommonJS entry: its package exports only
// platform conditions, which TypeScript's bundler resolution does not pick.
const bwipjs = createRequire(import.meta.url)('bwip-js') as { raw(bcid: string, text: string, opts?: object): Array<{ sbs: number[] }> };

const bits = (widths: number[]) => widths.map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(w)).join('');

describe('Code 128', () => {
  it('has the 107 patterns of ISO/IEC 15417, each 11 modules wide (stop 13), all distinct', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    CODE128_PATTERNS.forEach((p, v) => expect([...p].reduce((s, c) => s + Number(c), 0)).toBe(v === STOP ? 13 : 11));
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
  });

  it('matches the published module patterns of Start B, Start C, Stop and a few symbols', () => {
    // As printed in the standard's symbol table (1 = bar module, 0 = space module).
    expect(bits([...CODE128_PATTERNS[START_B]].map(Number))).toBe('11010010000');
    expect(bits([...CODE128_PATTERNS[START_C]].map(Number))).toBe('11010011100');
    expect(bits([...CODE128_PATTERNS[STOP]].map(Number))).toBe('1100011101011');
    expect(bits([...CODE128_PATTERNS[0]].map(Number))).toBe('11011001100'); // space in B, "00" in C
    expect(bits([...CODE128_PATTERNS[33]].map(Number))).toBe('10100011000'); // "A" in B
    expect(bits([...CODE128_PATTERNS[99]].map(Number))).toBe('10111011110'); // Code C
    expect(bits([...CODE128_PATTERNS[100]].map(Number))).toBe('10111101110'); // Code B
  });

  it('computes the modulo-103 check symbol (worked example "PJJ123C" in code set B)', () => {
    const c = encodeCode128('PJJ123C');
    // 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879; 879 mod 103 = 55
    expect(c.values).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('switches to code set C for long digit runs, as a dossier code needs', () => {
    const c = encodeCode128('000.17.22.H56-210531-0001');
    expect(c.values[0]).toBe(START_B);
    expect(c.values).toContain(99); // to C for "210531"
    expect(c.values).toContain(100); // back to B for "-"
    expect(c.values.slice(-4, -2)).toEqual([0, 1]); // "00" "01" in C
    expect(encodeCode128('12345678').values).toEqual([105, 12, 34, 56, 78, 47, 106]);
    expect(c.modules).toBe(c.widths.reduce((s, w) => s + w, 0));
    expect(c.widths.length % 2).toBe(1); // starts and ends with a bar
  });

  it('produces exactly the bars bwip-js (BWIPP) produces', () => {
    for (const text of ['000.17.22.H56-210531-0001', 'H56-20261121-0000123', 'Wikipedia', 'PJJ123C', '1234567', 'abc 123456 x', '00', 'A']) {
      const theirs = bwipjs.raw('code128', text, {})[0].sbs;
      expect(encodeCode128(text).widths, text).toEqual(theirs);
    }
  });

  it('refuses empty text and characters outside printable ASCII', () => {
    expect(() => encodeCode128('')).toThrow(Code128Error);
    expect(() => encodeCode128('Mã-01')).toThrow(Code128Error);
  });
});
