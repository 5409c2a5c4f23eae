import { describe, expect, it } from 'vitest';
import { computeFee, formatMoney } from './procedure';
import { SEED_CATALOG } from './catalog';

const byName = (name: string) => SEED_CATALOG.find((p) => p.name === name)!;

describe('fees', () => {
  it('charges a certified copy 2.000 đ/page for two pages, then 1.000 đ/page (TT 226/2016/TT-BTC)', () => {
    const rule = byName('Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận').fee;
    expect(computeFee(rule, { copies: 1, pages: 1 })).toBe(2000);
    expect(computeFee(rule, { copies: 1, pages: 5 })).toBe(2 * 2000 + 3 * 1000);
    expect(computeFee(rule, { copies: 3, pages: 5 })).toBe(3 * 7000);
  });
  it('caps a certified copy at 200.000 đ per copy', () => {
    const rule = byName('Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận').fee;
    expect(computeFee(rule, { copies: 2, pages: 500 })).toBe(400000);
  });
  it('charges extracts per copy and signatures per case', () => {
    expect(computeFee(byName('Cấp bản sao trích lục hộ tịch').fee, { copies: 3, pages: 1 })).toBe(24000);
    expect(computeFee(byName('Chứng thực chữ ký trong các giấy tờ, văn bản').fee, { copies: 3, pages: 1 })).toBe(10000);
    expect(computeFee(byName('Đăng ký khai sinh').fee, { copies: 1, pages: 1 })).toBe(0);
  });
  it('writes đồng with dot thousands', () => {
    expect(formatMoney(200000)).toBe('200.000 đ');
    expect(formatMoney(1234567)).toBe('1.234.567 đ');
    expect(formatMoney(0)).toBe('0 đ');
  });
});

describe('seed catalog', () => {
  it('holds at least 12 procedures with unique codes and at least one required component', () => {
    expect(SEED_CATALOG.length).toBeGreaterThanOrEqual(12);
    expect(new Set(SEED_CATALOG.map((p) => p.code)).size).toBe(SEED_CATALOG.length);
    for (const p of SEED_CATALOG) {
      expect(p.components.some((c) => c.required)).toBe(true);
      expect(new Set(p.components.map((c) => c.id)).size).toBe(p.components.length);
    }
  });
});
