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
