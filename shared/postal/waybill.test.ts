import { describe, expect, it } from 'vitest';
import { checkWaybill, looksLikeWaybill, s10CheckDigit, waybillPatternSchema } from './waybill';

describe('UPU S10 check digit', () => {
  it('matches the worked example of the S10 article (serial 47312482: S = 200, C = 11 − 2 = 9)', () => {
    // Wikipedia, "S10 (UPU standard)", Check-digit calculation.
    expect(s10CheckDigit('47312482')).toBe(9);
    expect(checkWaybill('RR473124829VN')).toMatchObject({ ok: true, kind: 's10', country: 'VN', service: 'RR' });
  });

  it('accepts and refuses the published test numbers of tracking_number_data (couriers/s10.json)', () => {
    // jkeen/tracking_number_data lists RB123456785GB as valid and RB123456786US as invalid.
    expect(checkWaybill('RB123456785GB').ok).toBe(true);
    expect(checkWaybill(' R B 1 2 3 4 5 6 7 8 5 C F ').ok).toBe(true);
    expect(checkWaybill('RB123456786US').ok).toBe(false);
  });

  it('maps 11 to 5 and 10 to 0 (hand-worked)', () => {
    // 00000000: S = 0, 11 − 0 = 11 → 5.
    expect(s10CheckDigit('00000000')).toBe(5);
    // 00060000: S = 6 × 2 = 12, 12 mod 11 = 1, 11 − 1 = 10 → 0.
    expect(s10CheckDigit('00060000')).toBe(0);
    expect(checkWaybill('EE000600000VN').ok).toBe(true);
    expect(checkWaybill('EE000000005VN').ok).toBe(true);
  });

  it('explains a wrong check digit in Vietnamese, with the digit it should be', () => {
    const r = checkWaybill('rr 47312482 8 vn');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('sai chữ số kiểm tra');
    expect(r.message).toContain('phải là 9');
    expect(r.message).toContain('không phải 8');
    expect(r.message).toContain('RR473124829VN');
  });

  it('refuses free text such as "abc" and an empty number', () => {
    const r = checkWaybill('abc');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('không đúng định dạng');
    expect(checkWaybill('  ').ok).toBe(false);
  });
});

describe('province patterns', () => {
  const patterns = [waybillPatternSchema.parse({ name: 'Bưu gửi trong nước', regex: 'EB\\d{9}VN', example: 'EB123456789VN' })];

  it('accepts a number of a configured pattern and names it', () => {
    expect(checkWaybill('eb123456789vn', patterns)).toMatchObject({ ok: true, kind: 'pattern', pattern: 'Bưu gửi trong nước' });
    expect(looksLikeWaybill('EB123456789VN', patterns)).toBe(true);
    expect(looksLikeWaybill('EB1234567VN')).toBe(false);
  });

  it('still explains the check digit of an S10-shaped number that no pattern takes', () => {
    const only = [waybillPatternSchema.parse({ name: 'Mã nội bộ', regex: 'CP\\d{10}' })];
    const r = checkWaybill('RR473124828VN', only);
    expect(!r.ok && r.message).toContain('phải là 9');
    expect(checkWaybill('CP0123456789', only)).toMatchObject({ ok: true, pattern: 'Mã nội bộ' });
  });

  it('anchors the pattern over the whole number', () => {
    expect(checkWaybill('XEB123456789VNX', patterns).ok).toBe(false);
  });

  it('lists the accepted forms when nothing matches', () => {
    const r = checkWaybill('12345', patterns);
    expect(!r.ok && r.message).toContain('EB123456789VN');
  });

  it('refuses a broken expression at configuration time', () => {
    expect(waybillPatternSchema.safeParse({ name: 'x', regex: '([' }).success).toBe(false);
  });
});
