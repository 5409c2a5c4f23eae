import { describe, expect, it } from 'vitest';
import { SEED_CATALOG } from './catalog';
import { matchQuality, rankProcedures } from './procedurePicker';

const options = SEED_CATALOG.map((p) => ({ value: p.code, label: p.name }));
const CERTIFY = '2.000815';
const EXTRACT = '2.000635';

describe('the procedure picker', () => {
  it('puts the procedure this desk receives most often first ("ban sao" on a certifying desk)', () => {
    const ranked = rankProcedures(options, 'ban sao', new Map([[CERTIFY, 40], [EXTRACT, 3]]));
    expect(ranked[0].value).toBe(CERTIFY);
    expect(ranked[1].value).toBe(EXTRACT);
  });

  it('ranks by match quality when the desk has no history, then by name', () => {
    // "Cấp bản sao trích lục hộ tịch" has "ban sao" as a phrase, as does "Chứng thực bản sao…": both 1; name decides.
    const ranked = rankProcedures(options, 'ban sao', new Map());
    expect(ranked.map((o) => o.value).slice(0, 2)).toEqual([EXTRACT, CERTIFY]);
    expect(rankProcedures(options, 'khai sinh', new Map())[0].label).toBe('Đăng ký khai sinh');
  });

  it('grades matches: prefix, phrase, word starts, anywhere; null when a word is missing', () => {
    expect(matchQuality('Đăng ký khai sinh', 'dang ky')).toBe(0);
    expect(matchQuality('Đăng ký khai sinh', 'khai sinh')).toBe(1);
    expect(matchQuality('Đăng ký khai sinh', 'sinh dang')).toBe(2);
    expect(matchQuality('Đăng ký khai sinh', 'ai')).toBe(3);
    expect(matchQuality('Đăng ký khai sinh', 'ket hon')).toBeNull();
  });

  it('a frequent procedure never shows for words it lacks', () => {
    const ranked = rankProcedures(options, 'khai tu', new Map([[CERTIFY, 99]]));
    expect(ranked.map((o) => o.value)).not.toContain(CERTIFY);
    expect(ranked[0].label).toBe('Đăng ký khai tử');
  });
});
