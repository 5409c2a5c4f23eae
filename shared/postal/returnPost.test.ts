import { describe, expect, it } from 'vitest';
import { nextPostalReturn, type PostalReturn } from './returnPost';

const handed: PostalReturn = { outboundWaybill: 'RR473124829VN', state: 'handed_to_post', recordedAt: 1000, handedAt: 90_030_000, deliveredAt: null, receivedBy: '', failedAt: null, failReason: '', backAt: null };
const d = { code: 'X-1', status: 'processed', resultDelivery: 'post', postalReturn: handed };

describe('the result by post', () => {
  it('accepts a delivery typed to the minute of the handover (the handover has seconds)', () => {
    // Handed over at 30 s past a minute; the postal worker types that same minute: no refusal.
    const r = nextPostalReturn(d, { kind: 'delivered', receivedBy: 'Nguyễn Văn An', deliveredAt: 90_000_000 }, 90_060_000);
    expect(r.postalReturn.state).toBe('delivered');
  });

  it('refuses a delivery a minute before the handover, and one in the future', () => {
    expect(() => nextPostalReturn(d, { kind: 'delivered', receivedBy: 'An An', deliveredAt: 89_940_000 }, 90_060_000)).toThrow('trước lúc giao');
    expect(() => nextPostalReturn(d, { kind: 'delivered', receivedBy: 'An An', deliveredAt: 99_000_000 }, 90_060_000)).toThrow('sau thời điểm hiện tại');
  });

  it('only a processed result chosen for the post travels; steps go in order', () => {
    expect(() => nextPostalReturn({ ...d, status: 'processing' }, { kind: 'handed_to_post' }, 1)).toThrow('chưa có kết quả');
    expect(() => nextPostalReturn({ ...d, postalReturn: undefined }, { kind: 'failed', reason: 'Sai địa chỉ' }, 1)).toThrow('chưa ghi mã bưu gửi');
    const failed = nextPostalReturn(d, { kind: 'failed', reason: 'Sai địa chỉ' }, 90_100_000).postalReturn;
    const back = nextPostalReturn({ ...d, postalReturn: failed }, { kind: 'back_at_desk' }, 90_200_000).postalReturn;
    const again = nextPostalReturn({ ...d, postalReturn: back }, { kind: 'waybill_recorded', waybill: 'RB123456785VN' }, 90_300_000).postalReturn;
    expect(again).toMatchObject({ state: 'waybill_recorded', outboundWaybill: 'RB123456785VN', handedAt: null, failReason: '' });
  });
});
