// The result's journey by post: the outbound waybill, the handover to the post, then delivery to the
// citizen (who received it, when) or failure (returned to sender: the result comes back to the desk).
export type PostalReturnState = 'waybill_recorded' | 'handed_to_post' | 'delivered' | 'failed' | 'back_at_desk';

export const POSTAL_RETURN_STATE_LABEL_VI: Record<PostalReturnState, string> = {
  waybill_recorded: 'Đã ghi mã bưu gửi, chờ giao bưu điện',
  handed_to_post: 'Đã giao bưu điện, đang phát',
  delivered: 'Đã phát cho công dân',
  failed: 'Phát không thành công, đang chuyển hoàn',
  back_at_desk: 'Kết quả đã về lại Bộ phận một cửa',
};

export interface PostalReturn {
  outboundWaybill: string;
  state: PostalReturnState;
  recordedAt: number;
  handedAt: number | null;
  deliveredAt: number | null;
  receivedBy: string;
  failedAt: number | null;
  failReason: string;
  backAt: number | null;
}

export class PostalReturnError extends Error {}

/** Which step may follow which: a result sent again after coming back starts from a new waybill. */
const NEXT: Record<PostalReturnState | 'none', readonly PostalReturnState[]> = {
  none: ['waybill_recorded'],
  waybill_recorded: ['waybill_recorded', 'handed_to_post'],
  handed_to_post: ['delivered', 'failed'],
  failed: ['back_at_desk', 'delivered'],
  back_at_desk: ['waybill_recorded'],
  delivered: [],
};

export type PostalReturnEvent =
  | { kind: 'waybill_recorded'; waybill: string }
  | { kind: 'handed_to_post' }
  | { kind: 'delivered'; receivedBy: string; deliveredAt: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'back_at_desk' };

interface ReturnSubject {
  code: string;
  status: string;
  resultDelivery: string;
  postalReturn?: PostalReturn;
}

/**
 * The next state of the result's journey, or a PostalReturnError in Vietnamese. Only a processed
 * result to be sent by post travels; the waybill must already be checked (checkWaybill).
 */
export function nextPostalReturn(d: ReturnSubject, e: PostalReturnEvent, now: number): { postalReturn: PostalReturn; summary: string } {
  if (d.status !== 'processed') throw new PostalReturnError(`Hồ sơ ${d.code} chưa có kết quả (chưa ở trạng thái "Đã xử lý xong"), chưa gửi qua bưu chính được.`);
  if (d.resultDelivery !== 'post') throw new PostalReturnError(`Công dân chọn nhận kết quả hồ sơ ${d.code} tại quầy, không gửi qua bưu chính.`);
  const current = d.postalReturn?.state ?? 'none';
  if (!NEXT[current].includes(e.kind)) {
    const from = current === 'none' ? 'chưa ghi mã bưu gửi' : POSTAL_RETURN_STATE_LABEL_VI[current];
    throw new PostalReturnError(`Không thể chuyển sang "${POSTAL_RETURN_STATE_LABEL_VI[e.kind]}" khi kết quả đang ở bước "${from}".`);
  }
  const base: PostalReturn = d.postalReturn && current !== 'back_at_desk'
    ? { ...d.postalReturn }
    : { outboundWaybill: '', state: 'waybill_recorded', recordedAt: now, handedAt: null, deliveredAt: null, receivedBy: '', failedAt: null, failReason: '', backAt: null };
  switch (e.kind) {
    case 'waybill_recorded':
      return { postalReturn: { ...base, outboundWaybill: e.waybill, state: 'waybill_recorded', recordedAt: now }, summary: `Ghi mã bưu gửi chiều về ${e.waybill}` };
    case 'handed_to_post':
      return { postalReturn: { ...base, state: 'handed_to_post', handedAt: now }, summary: `Giao kết quả cho bưu điện (mã bưu gửi ${base.outboundWaybill})` };
    case 'delivered': {
      const who = e.receivedBy.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (who.length < 2) throw new PostalReturnError('Vui lòng ghi họ tên người nhận kết quả.');
      if (who.length > 100) throw new PostalReturnError('Họ tên người nhận quá dài (tối đa 100 ký tự).');
      if (e.deliveredAt > now + 5 * 60_000) throw new PostalReturnError('Thời điểm phát không được sau thời điểm hiện tại.');
      // The time is typed to the minute: the same minute as the handover is fine.
      if (base.handedAt != null && e.deliveredAt < Math.floor(base.handedAt / 60_000) * 60_000) throw new PostalReturnError('Thời điểm phát không được trước lúc giao kết quả cho bưu điện.');
      return { postalReturn: { ...base, state: 'delivered', deliveredAt: e.deliveredAt, receivedBy: who }, summary: `Bưu điện đã phát kết quả (mã bưu gửi ${base.outboundWaybill})` };
    }
    case 'failed': {
      const reason = e.reason.normalize('NFC').trim();
      if (reason.length < 3) throw new PostalReturnError('Vui lòng ghi lý do phát không thành công (ví dụ: không có người nhận, sai địa chỉ).');
      if (reason.length > 500) throw new PostalReturnError('Lý do quá dài (tối đa 500 ký tự).');
      return { postalReturn: { ...base, state: 'failed', failedAt: now, failReason: reason }, summary: `Phát kết quả không thành công, bưu điện chuyển hoàn: ${reason}` };
    }
    case 'back_at_desk':
      return { postalReturn: { ...base, state: 'back_at_desk', backAt: now }, summary: `Kết quả chuyển hoàn đã về Bộ phận một cửa (mã bưu gửi ${base.outboundWaybill})` };
  }
}
