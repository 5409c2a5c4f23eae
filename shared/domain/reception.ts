// Building a new dossier from what the officer entered: code, appointment, fee, search tokens.
import type { CalendarConfig } from '../calendar/types';
import { computeAppointment } from '../calendar/workingDays';
import { codeDay, deskSequenceRange, formatDossierCode, nextSequence, parseCodePattern } from '../codes/dossierCode';
import { codeSuffixTokens, namePairTokens, searchTokens, tailTokens } from '../text/fold';
import { componentProblems, describeComponentProblems, documentProblems, type Dossier, type ReceiveData } from './dossier';
import { computeFee, documentFee, feeRuleFor, type Procedure } from './procedure';
import type { DeskSettings, OfficeSettings } from './settings';
import { buildPostalIntake, PostalError } from '../postal/intake';
import type { WaybillPattern } from '../postal/waybill';

export class ReceptionError extends Error {}

/** Name words, runs and pairs; the code from each part; CCCD; the phone and its tails. */
export function dossierSearchTokens(d: Pick<Dossier, 'applicant' | 'code'>): string[] {
  return [...new Set([
    ...searchTokens([d.applicant.fullName, d.applicant.representative ?? ''], [d.applicant.idNumber, d.applicant.phone, (d.applicant.taxCode ?? '').replace('-', '')]),
    ...namePairTokens(d.applicant.fullName),
    ...codeSuffixTokens(d.code),
    // The sequence's last digits, however long the pattern makes it ("0000123" → "123", "0123", …).
    ...tailTokens(d.code.split(/[.\-/]/).pop() ?? '', 3),
    ...tailTokens(d.applicant.phone),
  ])];
}

/** The counter a desk's sequence for one day lives under; a change of desk or pattern starts afresh. */
export function counterKey(receivedAt: number, desk: DeskSettings, pattern: string): string {
  return `${codeDay(receivedAt)}|${desk.deskNo}/${desk.desksInAgency}|${pattern}`;
}

export interface ReceptionContext {
  id: string;
  now: number;
  procedure: Procedure;
  office: OfficeSettings;
  desk: DeskSettings;
  codePattern: string;
  calendar: CalendarConfig;
  /** The last sequence number this desk issued under counterKey, or null. */
  lastSequence: number | null;
  /** The account recording it (a postal intake names its collector) and the province's waybill forms. */
  actorId?: string | null;
  waybillPatterns?: readonly WaybillPattern[];
}

/**
 * The dossier as received, or, with `refusal`, as refused at reception: it was never received, so it goes
 * straight to DVCQG status 3 (Không được tiếp nhận), never through 2, and form 03 is its paper, not 01.
 * Missing components are often the very reason for a refusal, so they do not stop one.
 */
export function buildDossier(data: ReceiveData, ctx: ReceptionContext, refusal?: string): { dossier: Dossier; sequence: number } {
  const reason = refusal?.normalize('NFC').trim();
  if (refusal !== undefined && (!reason || reason.length < 3)) throw new ReceptionError('Vui lòng ghi rõ lý do từ chối tiếp nhận.');
  const problems = reason ? [] : componentProblems(ctx.procedure, data.components);
  const docProblems = reason ? [] : documentProblems(ctx.procedure, data.documents ?? []);
  if (problems.length || docProblems.length) throw new ReceptionError([describeComponentProblems(problems), ...docProblems.map((p) => p.message)].filter(Boolean).join(' '));
  let postal;
  try {
    postal = data.postal && buildPostalIntake(data.postal, { now: ctx.now, collectorId: ctx.actorId ?? null, collectorName: ctx.desk.officerName, patterns: ctx.waybillPatterns ?? [] });
  } catch (e) {
    throw e instanceof PostalError ? new ReceptionError(e.message) : e;
  }
  const pattern = parseCodePattern(ctx.codePattern);
  const range = deskSequenceRange(pattern.digits, ctx.desk.deskNo, ctx.desk.desksInAgency);
  const sequence = nextSequence(ctx.lastSequence, range, ctx.desk.deskNo, ctx.now);
  const code = formatDossierCode(pattern, ctx.office.agencyCode, ctx.now, sequence);
  // Documents to certify matter only where the fee is counted per page; a default name keeps the slip readable.
  const rule = feeRuleFor(ctx.procedure, Boolean(data.online));
  const copyDocuments = ctx.procedure.fee.kind === 'per_page'
    ? (data.documents ?? []).map((d, i) => ({
      name: d.name.trim() || `Giấy tờ ${i + 1}`, pages: d.pages, copies: d.copies,
      fee: rule.kind === 'per_page' ? documentFee(rule, d) : 0,
    }))
    : [];
  const appointmentAt = computeAppointment(ctx.now, ctx.procedure.processingTime, ctx.procedure.cutoffRule, ctx.calendar);
  const dossier: Dossier = {
    id: ctx.id,
    code,
    procedureCode: ctx.procedure.code,
    procedureName: ctx.procedure.name,
    fieldName: ctx.procedure.fieldName,
    resultAgency: ctx.procedure.resultAgency,
    processingTime: ctx.procedure.processingTime,
    applicant: data.applicant,
    components: data.components
      .filter((c) => c.submitted)
      .map(({ componentId, name, originals, copies }) => ({ componentId, name, originals, copies })),
    ...(copyDocuments.length ? { copyDocuments } : {}),
    ...(data.online ? { online: true } : {}),
    sets: data.sets,
    resultDelivery: data.resultDelivery,
    deliveryAddress: data.resultDelivery === 'post' ? (data.deliveryAddress || data.applicant.address) : '',
    ...(postal ? { postal } : {}),
    fee: computeFee(rule, { copies: data.feeCopies, pages: data.feePages, documents: copyDocuments }),
    note: data.note.trim(),
    receivedAt: ctx.now,
    originalAppointmentAt: appointmentAt,
    appointmentAt,
    status: 'received',
    statusChangedAt: ctx.now,
    pausedAt: null,
    finishedAt: null,
    returnedAt: null,
    collectedBy: '',
    officerName: ctx.desk.officerName,
    deskNo: ctx.desk.deskNo,
    searchTokens: [],
    updatedAt: ctx.now,
    rev: 1,
  };
  if (reason) {
    dossier.status = 'refused';
    dossier.finishedAt = ctx.now;
    dossier.fee = 0;
  }
  dossier.searchTokens = dossierSearchTokens(dossier);
  return { dossier, sequence };
}

const APPLICANT_FIELD_LABEL_VI: Record<keyof Dossier['applicant'], string> = {
  kind: 'loại người nộp',
  fullName: 'họ và tên',
  taxCode: 'mã số thuế',
  representative: 'người đại diện',
  idNumber: 'số CCCD',
  dateOfBirth: 'ngày sinh',
  gender: 'giới tính',
  address: 'địa chỉ',
  phone: 'số điện thoại',
  email: 'email',
};

/** Corrects the applicant's details; the audit records which fields changed, not their values. */
export function applyApplicantEdit(
  dossier: Dossier,
  applicant: Dossier['applicant'],
  now: number,
): { dossier: Dossier; changed: string[] } {
  const changed = (Object.keys(APPLICANT_FIELD_LABEL_VI) as (keyof Dossier['applicant'])[])
    .filter((k) => dossier.applicant[k] !== applicant[k])
    .map((k) => APPLICANT_FIELD_LABEL_VI[k]);
  if (changed.length === 0) return { dossier, changed };
  const next: Dossier = { ...dossier, applicant, updatedAt: now, rev: dossier.rev + 1 };
  next.searchTokens = dossierSearchTokens(next);
  return { dossier: next, changed };
}
