// Form 04: the apology and the new appointment (gia hạn). The new date is a fact of the dossier, set by a
// command (history, audit, outbox; DanhSachHoSoBoSung NgayHenTraTruoc/NgayHenTraMoi on the wire), and
// form 04 prints what the dossier holds.
import { z } from 'zod';
import { formatVnDateTime, parseVnDateTime } from '../calendar/vnTime';
import type { Dossier } from './dossier';
import { STATUS_LABEL_VI, isFinal } from './status';
import { issueMessages } from '../validation/issues';
import { nfcString } from '../validation/zodVi';

export interface AppointmentExtension {
  at: number;
  /** NgayHenTraTruoc, NgayHenTraMoi. */
  previousAppointmentAt: number;
  newAppointmentAt: number;
  reason: string;
}

export const extensionInputSchema = z.object({
  /** "HH:mm dd/mm/yyyy", as typed, or epoch milliseconds. */
  newAppointment: z.union([
    z.number({ message: 'Vui lòng nhập ngày hẹn trả mới.' }).int(),
    nfcString().trim().min(1, 'Vui lòng nhập ngày hẹn trả mới (giờ:phút ngày/tháng/năm).'),
  ]),
  reason: nfcString().trim().min(3, 'Vui lòng ghi rõ lý do chậm trả kết quả.').max(1000, 'Lý do quá dài (tối đa 1000 ký tự).'),
});
export type ExtensionInput = z.input<typeof extensionInputSchema>;

export class ExtensionError extends Error {}

export function applyExtension(dossier: Dossier, input: unknown, now: number): { dossier: Dossier; extension: AppointmentExtension; summary: string } {
  if (isFinal(dossier.status) || dossier.status === 'processed') {
    throw new ExtensionError(`Hồ sơ đang ở trạng thái "${STATUS_LABEL_VI[dossier.status]}", không gia hạn được.`);
  }
  const parsed = extensionInputSchema.safeParse(input ?? {});
  if (!parsed.success) throw new ExtensionError(issueMessages(parsed.error.issues));
  const { newAppointment, reason } = parsed.data;
  const at = typeof newAppointment === 'number' ? newAppointment : parseVnDateTime(newAppointment);
  if (at == null) throw new ExtensionError('Ngày hẹn trả mới không hợp lệ, hãy nhập theo dạng giờ:phút ngày/tháng/năm, ví dụ 16:30 05/12/2026.');
  if (at <= now) throw new ExtensionError(`Ngày hẹn trả mới (${formatVnDateTime(at)}) phải sau thời điểm hiện tại.`);
  if (at <= dossier.appointmentAt) {
    throw new ExtensionError(`Ngày hẹn trả mới (${formatVnDateTime(at)}) phải sau ngày hẹn trả hiện tại (${formatVnDateTime(dossier.appointmentAt)}).`);
  }
  const extension: AppointmentExtension = { at: now, previousAppointmentAt: dossier.appointmentAt, newAppointmentAt: at, reason };
  const next: Dossier = {
    ...dossier,
    appointmentAt: at,
    extensions: [...(dossier.extensions ?? []), extension],
    updatedAt: now,
    rev: dossier.rev + 1,
  };
  const summary = `Xin lỗi và gia hạn: hẹn trả từ ${formatVnDateTime(dossier.appointmentAt)} sang ${formatVnDateTime(at)}. Lý do: ${reason}`;
  return { dossier: next, extension, summary };
}

/** The last extension, which form 04 prints. */
export function lastExtension(dossier: Pick<Dossier, 'extensions'>): AppointmentExtension | null {
  const list = dossier.extensions ?? [];
  return list.length ? list[list.length - 1] : null;
}
