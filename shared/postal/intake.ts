// A dossier collected outside the desk by postal staff (QĐ 45/2016/QĐ-TTg): where and when it was
// collected, the inbound waybill, the postal fee. It is then received like any other dossier.
import { z } from 'zod';
import { nfcString } from '../validation/zodVi';
import { parseVnDateTime } from '../calendar/vnTime';
import { checkWaybill, type WaybillPattern } from './waybill';

/** How far back a collection may be recorded: a batch sits with the postal staff a few days at most. */
export const MAX_COLLECTION_AGE_DAYS = 30;
export const MAX_POSTAL_FEE = 10_000_000;

/** What the postal staff type: the time as "HH:mm dd/mm/yyyy", the fee in đồng. */
export const postalIntakeInputSchema = z.object({
  collectedAt: nfcString().trim().min(1, 'Vui lòng nhập thời điểm thu gom (giờ:phút ngày/tháng/năm).')
    .refine((v) => parseVnDateTime(v) !== null, 'Thời điểm thu gom không hợp lệ, hãy nhập theo dạng HH:mm dd/mm/yyyy (ví dụ 09:30 02/12/2026).'),
  place: nfcString().trim().min(3, 'Vui lòng ghi nơi thu gom (địa chỉ nhà công dân hoặc bưu cục).').max(300, 'Nơi thu gom quá dài (tối đa 300 ký tự).'),
  inboundWaybill: nfcString().trim().min(1, 'Vui lòng nhập mã bưu gửi chiều đi (mã trên bưu gửi hồ sơ).').max(40, 'Mã bưu gửi quá dài.'),
  postalFee: z.coerce.number({ message: 'Cước phí bưu chính phải là số.' }).int('Cước phí phải là số nguyên (đồng).').min(0, 'Cước phí không âm.').max(MAX_POSTAL_FEE, 'Cước phí quá lớn.'),
});
export type PostalIntakeInput = z.input<typeof postalIntakeInputSchema>;
export type PostalIntakeData = z.output<typeof postalIntakeInputSchema>;

/** Kept on the dossier (Dossier.postal). */
export interface PostalIntake {
  collectedAt: number;
  place: string;
  inboundWaybill: string;
  postalFee: number;
  collectorId: string | null;
  collectorName: string;
}

export class PostalError extends Error {}

/** The intake as stored, or a PostalError in Vietnamese: a real S10 or province waybill, a time neither future nor stale. */
export function buildPostalIntake(
  input: PostalIntakeData,
  ctx: { now: number; collectorId: string | null; collectorName: string; patterns: readonly WaybillPattern[] },
): PostalIntake {
  const at = parseVnDateTime(input.collectedAt);
  if (at == null) throw new PostalError('Thời điểm thu gom không hợp lệ.');
  if (at > ctx.now + 5 * 60_000) throw new PostalError('Thời điểm thu gom không được sau thời điểm hiện tại.');
  if (at < ctx.now - MAX_COLLECTION_AGE_DAYS * 86_400_000) throw new PostalError(`Thời điểm thu gom đã quá ${MAX_COLLECTION_AGE_DAYS} ngày: hãy kiểm tra lại ngày.`);
  const waybill = checkWaybill(input.inboundWaybill, ctx.patterns);
  if (!waybill.ok) throw new PostalError(waybill.message);
  return {
    collectedAt: at,
    place: input.place.replace(/\s+/g, ' '),
    inboundWaybill: waybill.value,
    postalFee: input.postalFee,
    collectorId: ctx.collectorId,
    collectorName: ctx.collectorName,
  };
}
