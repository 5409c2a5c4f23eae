import { z } from 'zod';
import { nfcString } from '../validation/zodVi';
import type { ProcessingTime } from '../calendar/types';
import { parseVnDate, vnDateKey, type DateKey } from '../calendar/vnTime';
import { CCCD_MIN_BIRTH_YEAR, cccdMismatch, phoneProblem, normalizePhone, type Gender } from './identity';
import type { AppointmentExtension } from './extension';
import type { CopyDocument, Procedure } from './procedure';
import { FIELD_LIMITS } from '../sync/contract';
import type { DossierStatus } from './status';
import { postalIntakeInputSchema, type PostalIntake } from '../postal/intake';
import type { PostalReturn } from '../postal/returnPost';

export type ResultDelivery = 'desk' | 'post';

/** How the dossier reached the desk (DVCQG HinhThuc): in person, by the public postal service, online. */
export type Channel = 'desk' | 'post' | 'online';

/**
 * The channel of a dossier: recorded (issue 12), or online when reception marked it so, by post when postal
 * staff collected it (issue 11), else at the desk.
 */
export function channelOf(d: Pick<Dossier, 'channel' | 'online' | 'postal'>): Channel {
  return d.channel ?? (d.online ? 'online' : d.postal ? 'post' : 'desk');
}

/** A fee paid, recorded in the software at the moment the officer takes it (never outside it). */
export interface FeePayment {
  amount: number; // đồng
  method: 'cash' | 'transfer' | 'qr';
  receiptNo: string;
  at: number;
  /** The account that took the payment, by name and id. */
  by: string;
  byId: string | null;
}

export const RESULT_DELIVERY_LABEL_VI: Record<ResultDelivery, string> = {
  desk: 'Tại Bộ phận tiếp nhận và trả kết quả',
  post: 'Qua dịch vụ bưu chính công ích',
};

/** DVCQG LoaiDoiTuong: 1 a citizen, 2 an organisation. */
export type ApplicantKind = 'person' | 'organisation';

export interface Applicant {
  /** Absent on dossiers received before organisations could apply: a person. */
  kind?: ApplicantKind;
  /** The person's full name, or the organisation's name. */
  fullName: string;
  /** CCCD / số định danh cá nhân; for an organisation the representative's, and optional. */
  idNumber: string;
  /** Organisations: mã số thuế (10 digits, or 10-3 for a branch) and the person who represents it. */
  taxCode?: string;
  representative?: string;
  /** Empty only for an organisation. */
  dateOfBirth: DateKey | '';
  gender: Gender | '';
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
  /** Certified copies (chứng thực bản sao): the documents, each with its pages and copies; the fee is per document. */
  copyDocuments?: (CopyDocument & { fee: number })[];
  /** Submitted online (trực tuyến): the catalog's online fee applies. Absent = at the desk. */
  online?: boolean;
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
  /** Absent on dossiers received at the desk before channels were recorded: in person. */
  channel?: Channel;
  /** The fee as paid; absent or null while unpaid (or when no fee applies). */
  payment?: FeePayment | null;
  /** Folded prefixes of name, code, CCCD and phone for the multi-entry search index. */
  searchTokens: string[];
  updatedAt: number;
  rev: number;
  /** Set when the retention period purged the applicant's personal data from the desk (the province keeps it). */
  purgedAt?: number;
  /**
   * A dossier another desk of the agency received (issue 14): this desk carries it on (its transitions,
   * the forms) but never changes what was recorded at reception, which the owner desk (its number) keeps.
   * Absent when this desk received it, took it over, or (an online dossier) every desk may.
   */
  peer?: { ownerDeskNo: number | null };
}

const requiredText = (label: string, max: number) =>
  nfcString().trim().min(1, `Vui lòng nhập ${label}.`).max(max, `${label[0].toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`);

/** Why a date of birth cannot be right: in the future, or before any CCCD holder was born. */
export function birthDateProblem(dob: DateKey, now: number): string | null {
  if (dob > vnDateKey(now)) return 'Ngày sinh không được sau ngày hôm nay.';
  if (+dob.slice(0, 4) < CCCD_MIN_BIRTH_YEAR) return `Ngày sinh không hợp lệ: năm sinh phải từ ${CCCD_MIN_BIRTH_YEAR} trở đi.`;
  return null;
}

/** A tax code as typed: 10 digits, or 13 for a branch (written 0101234567-001); null when it is not one. */
export function normalizeTaxCode(text: string): string | null {
  const digits = text.replace(/[\s.-]/g, '');
  if (/^\d{10}$/.test(digits)) return digits;
  if (/^\d{13}$/.test(digits)) return `${digits.slice(0, 10)}-${digits.slice(10)}`;
  return null;
}

/** The applicant as typed on the form: date of birth as dd/mm/yyyy. A person or an organisation (LoaiDoiTuong 2). */
export const applicantSchema = z
  .object({
    kind: z.enum(['person', 'organisation']).default('person'),
    fullName: requiredText('họ và tên', FIELD_LIMITS.fullName),
    idNumber: nfcString().trim(),
    taxCode: nfcString().trim().max(20, 'Mã số thuế quá dài.').default(''),
    representative: nfcString().trim().max(FIELD_LIMITS.fullName, `Tên người đại diện quá dài (tối đa ${FIELD_LIMITS.fullName} ký tự).`).default(''),
    dateOfBirth: nfcString().trim(),
    gender: z.enum(['male', 'female', ''], { message: 'Vui lòng chọn giới tính.' }),
    address: requiredText('địa chỉ', FIELD_LIMITS.address),
    phone: z
      .string()
      .trim()
      .refine((v) => v === '' || phoneProblem(v) === null, { message: 'Số điện thoại không hợp lệ.' }),
    email: z.union([z.literal(''), nfcString().trim().max(FIELD_LIMITS.email, `Email quá dài (tối đa ${FIELD_LIMITS.email} ký tự).`).email('Email không hợp lệ.')]),
  })
  .superRefine((a, ctx) => {
    const person = a.kind === 'person';
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (person && !/^[\p{L}\s.'-]+$/u.test(a.fullName)) issue('fullName', 'Họ và tên chỉ gồm chữ cái và dấu cách.');
    if (!person) {
      if (a.taxCode === '') issue('taxCode', 'Vui lòng nhập mã số thuế của tổ chức.');
      else if (!normalizeTaxCode(a.taxCode)) issue('taxCode', 'Mã số thuế gồm 10 chữ số, hoặc 13 chữ số với chi nhánh (0101234567-001).');
      if (a.representative === '') issue('representative', 'Vui lòng nhập họ tên người đại diện.');
      else if (!/^[\p{L}\s.'-]+$/u.test(a.representative)) issue('representative', 'Họ tên người đại diện chỉ gồm chữ cái và dấu cách.');
    }
    // A person needs CCCD, date of birth and gender; for an organisation they are the representative's, if given.
    if (person || a.idNumber !== '') {
      if (!/^\d{12}$/.test(a.idNumber)) issue('idNumber', 'Số CCCD phải gồm đúng 12 chữ số.');
    }
    let dob: DateKey | null = null;
    if (a.dateOfBirth === '') {
      if (person) issue('dateOfBirth', 'Vui lòng nhập ngày sinh (dd/mm/yyyy).');
    } else {
      dob = parseVnDate(a.dateOfBirth);
      if (!dob) {
        issue('dateOfBirth', 'Ngày sinh không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.');
      } else {
        const problem = birthDateProblem(dob, Date.now());
        if (problem) {
          issue('dateOfBirth', problem);
          dob = null; // a wrong date is reported as such, never as a CCCD mismatch
        }
      }
    }
    if (person && a.gender === '') issue('gender', 'Vui lòng chọn giới tính.');
    if (a.phone !== '') {
      const problem = phoneProblem(a.phone);
      if (problem) issue('phone', problem);
    }
    if (/^\d{12}$/.test(a.idNumber)) {
      const year = dob ? +dob.slice(0, 4) : null;
      const mismatch = cccdMismatch(a.idNumber, year, a.gender || null);
      if (mismatch) issue('idNumber', mismatch);
    }
  })
  .transform((a): Applicant => {
    const base: Applicant = {
      fullName: a.fullName.normalize('NFC').replace(/\s+/g, ' '),
      idNumber: a.idNumber,
      dateOfBirth: a.dateOfBirth === '' ? '' : (parseVnDate(a.dateOfBirth) as DateKey),
      gender: a.gender,
      address: a.address.normalize('NFC'),
      phone: normalizePhone(a.phone),
      email: a.email,
    };
    if (a.kind === 'person') return base;
    return { kind: 'organisation', ...base, taxCode: normalizeTaxCode(a.taxCode) ?? a.taxCode, representative: a.representative.replace(/\s+/g, ' ') };
  });

/** A document to certify as typed: its name (optional), pages and copies. */
export const copyDocumentInputSchema = z.object({
  name: nfcString().trim().max(200, 'Tên giấy tờ quá dài (tối đa 200 ký tự).'),
  pages: z.coerce.number({ message: 'Số trang phải là số.' }).int('Số trang phải là số nguyên.').min(1, 'Ít nhất 1 trang.').max(9999, 'Tối đa 9999 trang.'),
  copies: z.coerce.number({ message: 'Số bản phải là số.' }).int('Số bản phải là số nguyên.').min(1, 'Ít nhất 1 bản.').max(999, 'Tối đa 999 bản.'),
});

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
  /** Certified copies: one row per document; ignored by procedures whose fee is not per page. */
  documents: z.array(copyDocumentInputSchema).max(20, 'Tối đa 20 giấy tờ trong một hồ sơ.').default([]),
  online: z.boolean().default(false),
});
export type ReceiveInput = z.input<typeof receiveInputSchema>;
export type ReceiveData = z.output<typeof receiveInputSchema>;

/** Required components not ticked, or ticked with no paper at all. Messages are for the officer. */
export interface ComponentProblem {
  index: number;
  kind: 'missing' | 'no_paper';
  name: string;
  message: string;
}

export function componentProblems(procedure: Procedure, components: ReceiveData['components']): ComponentProblem[] {
  const problems: ComponentProblem[] = [];
  procedure.components.forEach((required) => {
    const index = components.findIndex((c) => c.componentId === required.id);
    const given = components[index];
    if (required.required && (!given || !given.submitted)) {
      problems.push({ index, kind: 'missing', name: required.name, message: `Thiếu thành phần bắt buộc: ${required.name}.` });
    } else if (given?.submitted && given.originals + given.copies === 0) {
      problems.push({ index, kind: 'no_paper', name: required.name, message: `Thành phần "${required.name}" được đánh dấu đã nộp nhưng số bản bằng 0.` });
    }
  });
  return problems;
}

/** All component problems in one short sentence each kind, never the same words twice. */
export function describeComponentProblems(problems: readonly ComponentProblem[]): string {
  const names = (kind: ComponentProblem['kind']) => problems.filter((p) => p.kind === kind).map((p) => p.name);
  const missing = names('missing');
  const noPaper = names('no_paper');
  return [
    missing.length ? `Thiếu thành phần bắt buộc: ${missing.join('; ')}.` : '',
    noPaper.length ? `Đã đánh dấu nộp nhưng số bản bằng 0: ${noPaper.join('; ')}.` : '',
  ].filter(Boolean).join(' ');
}

/** Certified copies need at least one document; its rows are checked by the schema. */
export function documentProblems(procedure: Procedure, documents: ReceiveData['documents']): { message: string }[] {
  if (procedure.fee.kind !== 'per_page') return [];
  return documents.length === 0 ? [{ message: 'Vui lòng nhập ít nhất một giấy tờ cần chứng thực (số trang, số bản).' }] : [];
}
