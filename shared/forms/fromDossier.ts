// Which forms a dossier can print, and their inputs filled from the dossier, its history and the office.
import type { Dossier } from '../domain/dossier';
import type { OfficeSettings } from '../domain/settings';
import { isFinal } from '../domain/status';
import { lastExtension } from '../domain/extension';
import { foldText } from '../text/fold';
import { DEFAULT_TEMPLATES } from './templates';
import type { Form01Input, Form02Input, Form03Input, Form04Input, Form05Input, Form06Input, FormKind, HandoverStep, PaperSize, SupplementItem } from './types';

/** The part of an audit event the forms read. */
export interface HistoryEntry {
  action: string;
  at: number;
  actor: string;
  detail: Record<string, unknown>;
}

export const FORM_TITLE_VI: Record<FormKind, string> = Object.fromEntries(
  (Object.keys(DEFAULT_TEMPLATES) as FormKind[]).map((k) => [k, DEFAULT_TEMPLATES[k].title]),
) as Record<FormKind, string>;

const lastOf = (history: HistoryEntry[], action: string) => [...history].reverse().find((h) => h.action === action);
const reasonOf = (h: HistoryEntry | undefined) => (typeof h?.detail.reason === 'string' ? h.detail.reason : '');
const noteOf = (h: HistoryEntry) => (typeof h.detail.note === 'string' && h.detail.note.trim() ? h.detail.note.trim() : '');
/** The step's own words, then the officer's note from the transition dialog. */
const withNote = (text: string, h: HistoryEntry) => (noteOf(h) ? `${text}. Ghi chú: ${noteOf(h)}` : text);

/** Forms 01–06 that make sense for this dossier now (07, the tracking book, covers many dossiers). */
export function printableForms(dossier: Dossier, history: HistoryEntry[]): FormKind[] {
  // Refused at reception: never received, so no receipt slip; form 03 is its paper.
  if (dossier.status === 'refused' && !history.some((h) => h.action === 'received')) return ['03'];
  const forms: FormKind[] = ['01'];
  if (lastOf(history, 'request_supplement')) forms.push('02');
  if (dossier.status === 'refused') forms.push('03');
  if (!isFinal(dossier.status) && dossier.status !== 'processed') forms.push('04');
  if (dossier.status === 'stopped') forms.push('05');
  forms.push('06');
  return forms;
}

interface Common {
  office: OfficeSettings;
  officerName: string;
  paperSize: PaperSize;
}

export function form01Input(dossier: Dossier, c: Common, cutoffRule: boolean): Form01Input {
  return { office: c.office, dossier, officerName: c.officerName, paperSize: c.paperSize, cutoffRule, copies: 2 };
}

/** Each line the officer wrote in the supplement request becomes one document to add. */
export function supplementItems(reason: string): SupplementItem[] {
  return reason
    .split(/\r?\n|;/)
    .map((line) => line.trim().replace(/^[-•*]\s*/, ''))
    .filter(Boolean)
    .map(supplementLine);
}

/**
 * One line as the officer typed it: "Tờ khai đăng ký khai sinh: 1 bản chính, 2 bản sao chứng thực".
 * The quantities are the ones written; a quantity not written stays null and prints blank.
 */
export function supplementLine(line: string): SupplementItem {
  const folded = foldText(line);
  const qty = (re: RegExp) => {
    const m = re.exec(folded);
    return m ? +m[1] : null;
  };
  const originals = qty(/(\d+) ban chinh/);
  const certifiedCopies = qty(/(\d+) ban sao(?: chung thuc)?/);
  const photocopies = qty(/(\d+) ban chup/);
  const name = line.replace(/[:,(–-]?\s*\d+\s*bản\s+(chính|sao( chứng thực)?|chụp)\s*[,)]?/giu, '').replace(/[\s:,(]+$/u, '').trim() || line;
  return { name, originals, certifiedCopies, photocopies };
}

export function form02Input(dossier: Dossier, history: HistoryEntry[], c: Common): Form02Input {
  const request = lastOf(history, 'request_supplement');
  const reason = reasonOf(request);
  return {
    office: c.office, dossier, officerName: request?.actor || c.officerName, paperSize: c.paperSize, issuedAt: request?.at,
    items: supplementItems(reason), reason: 'Hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định.',
  };
}

export function form03Input(dossier: Dossier, history: HistoryEntry[], c: Common): Form03Input {
  const refusal = lastOf(history, 'refuse');
  return { office: c.office, dossier, officerName: refusal?.actor || c.officerName, paperSize: c.paperSize, issuedAt: refusal?.at, reason: reasonOf(refusal) };
}

/** Form 04 prints the dossier's last extension, as the command recorded it; null when there is none. */
export function form04Input(dossier: Dossier, c: Common): Form04Input | null {
  const e = lastExtension(dossier);
  if (!e) return null;
  return { office: c.office, dossier, paperSize: c.paperSize, issuedAt: e.at, originalAppointmentAt: e.previousAppointmentAt, newAppointmentAt: e.newAppointmentAt, reason: e.reason };
}

export function form05Input(dossier: Dossier, history: HistoryEntry[], c: Common): Form05Input {
  const stop = lastOf(history, 'stop');
  return { office: c.office, dossier, paperSize: c.paperSize, issuedAt: stop?.at, reason: reasonOf(stop) };
}

/** The hand-overs of form 06, read from the history; each judged against the appointment. */
export function handoverSteps(dossier: Dossier, history: HistoryEntry[], receptionUnit: string): HandoverStep[] {
  const timing = (at: number) => (at < dossier.appointmentAt - 86_400_000 ? 'Trước hạn' : at <= dossier.appointmentAt ? 'Đúng hạn' : 'Quá hạn');
  const steps: HandoverStep[] = [];
  for (const h of history) {
    const base = { at: h.at, result: timing(h.at) };
    switch (h.action) {
      case 'received':
        steps.push({ ...base, from: 'Người nộp hồ sơ', fromPerson: dossier.applicant.fullName, to: receptionUnit, toPerson: h.actor, note: withNote('Tiếp nhận hồ sơ', h) });
        break;
      case 'hand_over':
        steps.push({ ...base, from: receptionUnit, fromPerson: h.actor, to: dossier.resultAgency, note: withNote('Chuyển xử lý', h) });
        break;
      case 'request_supplement':
        steps.push({ ...base, from: receptionUnit, fromPerson: h.actor, to: 'Người nộp hồ sơ', toPerson: dossier.applicant.fullName, result: 'Tạm dừng', note: withNote(`Yêu cầu bổ sung: ${reasonOf(h)}`, h) });
        break;
      case 'mark_processed':
        steps.push({ ...base, from: dossier.resultAgency, to: receptionUnit, toPerson: h.actor, note: withNote('Trả kết quả giải quyết', h) });
        break;
      case 'return_result':
        steps.push({ ...base, from: receptionUnit, fromPerson: h.actor, to: 'Người nộp hồ sơ', toPerson: String(h.detail.collectedBy ?? ''), note: withNote('Trả kết quả cho công dân', h) });
        break;
    }
  }
  return steps;
}

export function form06Input(dossier: Dossier, history: HistoryEntry[], c: Common): Form06Input {
  return { office: c.office, dossier, paperSize: c.paperSize, steps: handoverSteps(dossier, history, c.office.agencyName) };
}

/**
 * The office as it was on the first print of this form for the dossier (a reprint reproduces what was
 * printed: a later enrolment or settings change must not alter it), or the current office when the form
 * was never printed with a snapshot, or when the officer asks for a corrected version.
 */
export function officeForPrint(history: HistoryEntry[], kind: FormKind, current: OfficeSettings, corrected = false): OfficeSettings {
  if (corrected) return current;
  const first = history.find((h) => h.action === 'printed' && h.detail.form === kind && typeof h.detail.office === 'string');
  if (!first) return current;
  try {
    return { ...current, ...(JSON.parse(first.detail.office as string) as OfficeSettings) };
  } catch {
    return current;
  }
}
