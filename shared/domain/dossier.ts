import { z } from 'zod';
import { nfcString } from '../validation/zodVi';
import type { ProcessingTime } from '../calendar/types';
import { parseVnDate, vnDateKey, type DateKey } from '../calendar/vnTime';
import { CCCD_MIN_BIRTH_YEAR, cccdMismatch, phoneProblem, normalizePhone, type Gender } from './identity';
import type { AppointmentExtension } from './extension';
import type { Procedure } from './procedure';
import { FIELD_LIMITS } from '../sync/contract';
import type { DossierStatus } from './status';
import { postalIntakeInputSchema, type PostalIntake } from '../postal/intake';
import type { PostalReturn } from '../postal/returnPost';

export type ResultDelivery = 'desk' | 'post';

export const RESULT_DELIVERY_LABEL_VI: Record<ResultDelivery, string> = {
  desk: 'Tại Bộ phận tiếp nhận và trả kết quả',
  post: 'Qua dịch vụ bưu chính công ích',
};

export interface Applicant {
  fullName: string;
  idNumber: string; // CCCD / số định danh cá nhân
  dateOfBirth: DateKey;
  gender: Gender;
  address: string;
  phone: string;
  email: string;
}

export interface SubmittedComponent {
  componentId: string;
  name: string;
  originals: number;
  copies: number;
}

export interface Dossier {
  id: string; // client-made UUID
  code: string; // mã hồ sơ
  procedureCode: string;
  procedureName: string;
  fieldName: string;
  resultAgency: string;
  processingTime: ProcessingTime;
  applicant: Applicant;
  components: SubmittedComponent[];
  sets: number;
  resultDelivery: ResultDelivery;
  fee: number;
  note: string;
  receivedAt: number;
  /** The appointment as first promised; appointmentAt moves when the clock pauses. */
  originalAppointmentAt: number;
  appointmentAt: number;
  status: DossierStatus;
  statusChangedAt: number;
  /** Set while the dossier waits for the citizen (supplement, payment). */
  pausedAt: number | null;
  finishedAt: number | null; // processed or ended
  returnedAt: number | null;
  collectedBy: string;
  officerName: string;
  deskNo: number;
  /** Where the result goes when it is sent by post; absent on dossiers received before postal work. */
  deliveryAddress?: string;
  /** Collected outside the desk by postal staff (inbound waybill, handover batch); absent otherwise. */
  postal?: PostalIntake;
  /** The result's journey by post (outbound waybill, delivery or return to the desk); absent otherwise. */
  postalReturn?: PostalReturn;
  /** Apologies and new appointments (form 04), oldest first; absent on dossiers never extended. */
  extensions?: AppointmentExtension[];
  /** Folded prefixes of name, code, CCCD and phone for the multi-entry search index. */
  searchTokens: string[];
  updatedAt: number;
  rev: number;
}

const requiredText = (label: string, max: number) =>
  nfcString().trim().min(1, `Vui lòng nhập ${label}.`).max(max, `${label[0].toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`);

/** Why a date of birth cannot be right: in the future, or before any CCCD holder was born. */
export function birthDateProblem(dob: DateKey, now: number): string | null {
  if (dob > vnDateKey(now)) return 'Ngày sinh không được sau ngày hôm nay.';
  if (+dob.slice(0, 4) < CCCD_MIN_BIRTH_YEAR) return `Ngày sinh không hợp lệ: năm sinh phải từ ${CCCD_MIN_BIRTH_YEAR} trở đi.`;
  return null;
}

/** The applicant as typed on the form: date of birth as dd/mm/yyyy. */
export const applicantSchema = z
  .object({
    fullName: requiredText('họ và tên', FIELD_LIMITS.fullName).refine((v) => /^[\p{L}\s.'-]+$/u.test(v), 'Họ và tên chỉ gồm chữ cái và dấu cách.'),
    idNumber: nfcString().trim().regex(/^\d{12}$/, 'Số CCCD phải gồm đúng 12 chữ số.'),
    dateOfBirth: nfcString().trim().min(1, 'Vui lòng nhập ngày sinh (dd/mm/yyyy).'),
    gender: z.enum(['male', 'female'], { message: 'Vui lòng chọn giới tính.' }),
    address: requiredText('địa chỉ', FIELD_LIMITS.address),
    phone: z
      .string()
      .trim()
      .refine((v) => v === '' || phoneProblem(v) === null, { message: 'Số điện thoại không hợp lệ.' }),
    email: z.union([z.literal(''), nfcString().trim().max(FIELD_LIMITS.email, `Email quá dài (tối đa ${FIELD_LIMITS.email} ký tự).`).email('Email không hợp lệ.')]),
  })
  .superRefine((a, ctx) => {
    let dob = parseVnDate(a.dateOfBirth);
    if (!dob) {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Ngày sinh không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.' });
    } else {
      const problem = birthDateProblem(dob, Date.now());
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: problem });
        dob = null; // a wrong date is reported as such, never as a CCCD mismatch
      }
    }
    if (a.phone !== '') {
      const problem = phoneProblem(a.phone);
      if (problem) ctx.addIssue({ code: 'custom', path: ['phone'], message: problem });
    }
    if (/^\d{12}$/.test(a.idNumber)) {
      const year = dob ? +dob.slice(0, 4) : null;
      const mismatch = cccdMismatch(a.idNumber, year, a.gender ?? null);
      if (mismatch) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: mismatch });
    }
  })
  .transform(
    (a): Applicant => ({
      ...a,
      fullName: a.fullName.normalize('NFC').replace(/\s+/g, ' '),
      address: a.address.normalize('NFC'),
      dateOfBirth: parseVnDate(a.dateOfBirth) as DateKey,
      phone: normalizePhone(a.phone),
    }),
  );

export const componentInputSchema = z.object({
  componentId: nfcString(),
  name: nfcString(),
  submitted: z.boolean(),
  originals: z.coerce.number({ message: 'Số bản chính phải là số.' }).int('Số bản phải là số nguyên.').min(0, 'Số bản không âm.').max(99, 'Tối đa 99 bản.'),
  copies: z.coerce.number({ message: 'Số bản sao phải là số.' }).int('Số bản phải là số nguyên.').min(0, 'Số bản không âm.').max(99, 'Tối đa 99 bản.'),
});

/** What the reception form submits. The procedure decides which components are required. */
export const receiveInputSchema = z.object({
  procedureCode: nfcString().min(1, 'Vui lòng chọn thủ tục hành chính.'),
  applicant: applicantSchema,
  components: z.array(componentInputSchema),
  sets: z.coerce.number({ message: 'Số bộ hồ sơ phải là số.' }).int('Số bộ phải là số nguyên.').min(1, 'Ít nhất 1 bộ hồ sơ.').max(20, 'Tối đa 20 bộ.'),
  resultDelivery: z.enum(['desk', 'post'], { message: 'Vui lòng chọn nơi nhận kết quả.' }),
  feeCopies: z.coerce.number({ message: 'Số bản phải là số.' }).int('Số bản phải là số nguyên.').min(1, 'Ít nhất 1 bản.').max(999, 'Tối đa 999 bản.'),
  feePages: z.coerce.number({ message: 'Số trang phải là số.' }).int('Số trang phải là số nguyên.').min(1, 'Ít nhất 1 trang.').max(9999, 'Tối đa 9999 trang.'),
  note: nfcString().max(FIELD_LIMITS.note, `Ghi chú quá dài (tối đa ${FIELD_LIMITS.note} ký tự).`),
  /** For a result by post; empty = the applicant's address. */
  deliveryAddress: nfcString().trim().max(FIELD_LIMITS.address, `Địa chỉ nhận kết quả quá dài (tối đa ${FIELD_LIMITS.address} ký tự).`).optional(),
  /** Present when postal staff collected the dossier outside the desk. */
  postal: postalIntakeInputSchema.optional(),
});
export type ReceiveInput = z.input<typeof receiveInputSchema>;
export type ReceiveData = z.output<typeof receiveInputSchema>;

/** Required components not ticked, or ticked with no paper at all. Messages are for the officer. */
export function componentProblems(procedure: Procedure, components: ReceiveData['components']): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  procedure.components.forEach((required) => {
    const index = components.findIndex((c) => c.componentId === required.id);
    const given = components[index];
    if (required.required && (!given || !given.submitted)) {
      problems.push({ index, message: `Thiếu thành phần bắt buộc: ${required.name}.` });
    } else if (given?.submitted && given.originals + given.copies === 0) {
      problems.push({ index, message: `Thành phần "${required.name}" được đánh dấu đã nộp nhưng số bản bằng 0.` });
    }
  });
  return problems;
}
