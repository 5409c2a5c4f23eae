// Fees collected in the software: the officer records the payment (amount, method, receipt number, who
// and when) on the dossier; a dossier waiting for the citizen's payment (DVCQG 6) continues with it.
import { z } from 'zod';
import type { CalendarConfig } from '../calendar/types';
import { formatVnDateTime } from '../calendar/vnTime';
import { nfcString } from '../validation/zodVi';
import { issueMessages } from '../validation/issues';
import type { Dossier, FeePayment } from './dossier';
import { formatMoney } from './procedure';
import { STATUS_LABEL_VI, type DossierStatus } from './status';
import { deriveStatusFields } from './transitions';

export const PAYMENT_METHODS = ['cash', 'transfer', 'qr'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABEL_VI: Record<PaymentMethod, string> = { cash: 'Tiền mặt', transfer: 'Chuyển khoản', qr: 'Quét mã QR' };
/** DanhSachLePhi.HinhThucThu on the wire. The DVCQG code list was not found: *unverified*, kept in one place. */
export const PAYMENT_METHOD_CODE: Record<PaymentMethod, number> = { cash: 1, transfer: 2, qr: 3 };

export const paymentInputSchema = z.object({
  amount: z.coerce.number({ message: 'Số tiền phải là số.' }).int('Số tiền tính bằng đồng, không có phần lẻ.').min(1, 'Số tiền phải lớn hơn 0.').max(1_000_000_000, 'Số tiền quá lớn.'),
  method: z.enum(PAYMENT_METHODS, { message: 'Vui lòng chọn hình thức thu: tiền mặt, chuyển khoản hoặc quét mã QR.' }),
  receiptNo: nfcString().trim().min(1, 'Vui lòng nhập số biên lai.').max(40, 'Số biên lai quá dài (tối đa 40 ký tự).'),
});
export type PaymentInput = z.input<typeof paymentInputSchema>;

export class PaymentError extends Error {}

const ENDED: readonly DossierStatus[] = ['refused', 'withdrawn', 'stopped'];

/** A fee applies and is not recorded as paid yet (or the dossier waits for a payment). */
export function isUnpaid(d: Pick<Dossier, 'fee' | 'payment' | 'status'>): boolean {
  if (d.payment || ENDED.includes(d.status)) return false;
  return d.fee > 0 || d.status === 'financial_obligation';
}

export function applyPayment(dossier: Dossier, input: unknown, by: { actor: string; actorId: string | null }, now: number, calendar: CalendarConfig): { dossier: Dossier; payment: FeePayment; summary: string; resumed: boolean } {
  if (dossier.payment) throw new PaymentError(`Hồ sơ ${dossier.code} đã thu ${formatMoney(dossier.payment.amount)} (biên lai ${dossier.payment.receiptNo}, ${formatVnDateTime(dossier.payment.at)}).`);
  if (ENDED.includes(dossier.status)) throw new PaymentError(`Hồ sơ đang ở trạng thái "${STATUS_LABEL_VI[dossier.status]}", không thu phí.`);
  if (dossier.fee <= 0 && dossier.status !== 'financial_obligation') throw new PaymentError('Thủ tục này không thu phí, lệ phí.');
  const parsed = paymentInputSchema.safeParse(input ?? {});
  if (!parsed.success) throw new PaymentError(issueMessages(parsed.error.issues));
  const { amount, method, receiptNo } = parsed.data;
  if (dossier.fee > 0 && amount !== dossier.fee) {
    throw new PaymentError(`Số tiền ${formatMoney(amount)} khác phí, lệ phí phải thu của hồ sơ (${formatMoney(dossier.fee)}).`);
  }
  const payment: FeePayment = { amount, method, receiptNo, at: now, by: by.actor, byId: by.actorId };
  const resumed = dossier.status === 'financial_obligation';
  const fields = resumed ? deriveStatusFields(dossier, 'processing', now, calendar) : {};
  const next: Dossier = { ...dossier, ...fields, fee: dossier.fee > 0 ? dossier.fee : amount, payment, updatedAt: now, rev: dossier.rev + 1 };
  let summary = `Thu phí, lệ phí ${formatMoney(amount)} (${PAYMENT_METHOD_LABEL_VI[method]}, biên lai số ${receiptNo})`;
  if (resumed) summary += '. Công dân đã thực hiện nghĩa vụ tài chính: hồ sơ tiếp tục xử lý';
  if (next.appointmentAt !== dossier.appointmentAt) summary += `. Hẹn trả mới: ${formatVnDateTime(next.appointmentAt)}`;
  return { dossier: next, payment, summary, resumed };
}
