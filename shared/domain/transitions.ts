// Moving a dossier on: which details each action needs, and what it changes. Pure; the desk's commands
// store the result together with its outbox entry and audit event.
import { z } from 'zod';
import { nfcString } from '../validation/zodVi';
import type { CalendarConfig } from '../calendar/types';
import { extendAfterPause } from '../calendar/workingDays';
import { formatVnDateTime } from '../calendar/vnTime';
import type { Dossier } from './dossier';
import { ACTION_LABEL_VI, PAUSED_STATUSES, actionLabel, STATUS_LABEL_VI, TRANSITIONS, canTransition, isFinal, type TransitionAction } from './status';
import { issueMessages } from '../validation/issues';

const reason = (what: string) => nfcString().trim().min(3, `Vui lòng ghi rõ ${what}.`).max(1000, 'Nội dung quá dài (tối đa 1000 ký tự).');
const optionalNote = nfcString().trim().max(1000, 'Ghi chú quá dài (tối đa 1000 ký tự).').default('');

export const transitionDetailsSchemas = {
  hand_over: z.object({ note: optionalNote }),
  request_supplement: z.object({ reason: reason('giấy tờ cần bổ sung và lý do'), note: optionalNote }),
  request_payment: z.object({ reason: reason('nghĩa vụ tài chính cần thực hiện'), note: optionalNote }),
  refuse: z.object({ reason: reason('lý do từ chối'), note: optionalNote }),
  withdraw: z.object({ reason: reason('lý do công dân rút hồ sơ'), note: optionalNote }),
  stop: z.object({ reason: reason('lý do dừng xử lý'), note: optionalNote }),
  mark_processed: z.object({ note: optionalNote }),
  return_result: z.object({
    collectedBy: nfcString().trim().min(2, 'Vui lòng ghi họ tên người nhận kết quả.').max(100, 'Họ tên quá dài.'),
    method: z.enum(['desk', 'post'], { message: 'Vui lòng chọn hình thức trả kết quả.' }),
    waybill: nfcString().trim().max(40, 'Mã bưu gửi quá dài.').default(''),
    note: optionalNote,
  }).refine((d) => d.method !== 'post' || d.waybill.length > 0, { message: 'Trả qua bưu chính cần có mã bưu gửi.', path: ['waybill'] }),
} satisfies Record<TransitionAction, z.ZodType>;

export type TransitionDetails<A extends TransitionAction = TransitionAction> = z.output<(typeof transitionDetailsSchemas)[A]>;
export type TransitionDetailsInput<A extends TransitionAction = TransitionAction> = z.input<(typeof transitionDetailsSchemas)[A]>;

export class TransitionError extends Error {}

export interface TransitionResult {
  dossier: Dossier;
  summary: string;
  detail: Record<string, string | number | null>;
}

export function applyTransition(
  dossier: Dossier,
  action: TransitionAction,
  input: unknown,
  now: number,
  calendar: CalendarConfig,
): TransitionResult {
  if (!canTransition(dossier.status, action)) {
    throw new TransitionError(
      `Không thể "${ACTION_LABEL_VI[action]}" khi hồ sơ đang ở trạng thái "${STATUS_LABEL_VI[dossier.status]}".`,
    );
  }
  const parsed = transitionDetailsSchemas[action].safeParse(input ?? {});
  if (!parsed.success) throw new TransitionError(issueMessages(parsed.error.issues));
  const details = parsed.data as Record<string, string>;
  const to = TRANSITIONS[action].to;
  const fields = deriveStatusFields(dossier, to, now, calendar, details.collectedBy);
  const next: Dossier = { ...dossier, ...fields, updatedAt: now, rev: dossier.rev + 1 };
  const detail: Record<string, string | number | null> = { ...details };
  if (next.appointmentAt !== dossier.appointmentAt) detail.newAppointmentAt = next.appointmentAt;

  let summary = actionLabel(action, dossier.status);
  if (details.reason) summary += `: ${details.reason}`;
  if (to === 'returned') {
    summary += details.method === 'post'
      ? ` qua bưu chính (mã bưu gửi ${details.waybill}), người nhận ${details.collectedBy}`
      : ` tại quầy, người nhận ${details.collectedBy}`;
  }
  if (detail.newAppointmentAt != null) summary += `. Hẹn trả mới: ${formatVnDateTime(next.appointmentAt)}`;
  if (details.note) summary += `. Ghi chú: ${details.note}`;
  return { dossier: next, summary, detail };
}

/** The fields that follow from the status. */
export type StatusFields = Pick<Dossier, 'status' | 'statusChangedAt' | 'pausedAt' | 'appointmentAt' | 'finishedAt' | 'returnedAt' | 'collectedBy'>;

/**
 * The one rule for what a status change does to the fields that follow from it, used by the desk's own
 * actions and by the province for its decisions (server/store.ts), so both sides compute the same values.
 * The deadline clock stops while the citizen owes a supplement or a payment and resumes after (the
 * appointment moves by the paused working time); the finish and return times are stamped on arrival.
 * The same status again changes nothing.
 */
export function deriveStatusFields(f: StatusFields, to: Dossier['status'], at: number, calendar: CalendarConfig, collectedBy?: string): StatusFields {
  if (to === f.status) return pickStatusFields(f);
  const next: StatusFields = { ...pickStatusFields(f), status: to, statusChangedAt: at };
  if (PAUSED_STATUSES.includes(to) && f.pausedAt == null) next.pausedAt = at;
  if (!PAUSED_STATUSES.includes(to) && f.pausedAt != null) {
    next.appointmentAt = extendAfterPause(f.appointmentAt, f.pausedAt, at, calendar);
    next.pausedAt = null;
  }
  if (to === 'processed' || (isFinal(to) && to !== 'returned')) next.finishedAt = at;
  if (to === 'returned') {
    next.returnedAt = at;
    if (collectedBy != null) next.collectedBy = collectedBy;
  }
  return next;
}

function pickStatusFields(f: StatusFields): StatusFields {
  return { status: f.status, statusChangedAt: f.statusChangedAt, pausedAt: f.pausedAt, appointmentAt: f.appointmentAt, finishedAt: f.finishedAt, returnedAt: f.returnedAt, collectedBy: f.collectedBy };
}
