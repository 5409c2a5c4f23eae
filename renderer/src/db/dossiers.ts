// Domain commands and queries on dossiers. A command writes the dossier, its outbox entry and its audit
// event in ONE transaction: a crash leaves either all three or none. No network inside.
import Dexie from 'dexie';
import { formatVnDateTime, vnDayBounds } from '@shared/calendar/vnTime';
import type { Applicant, Dossier, ReceiveData } from '@shared/domain/dossier';
import { applyApplicantEdit, buildDossier, counterKey, ReceptionError } from '@shared/domain/reception';
import { applyTransition } from '@shared/domain/transitions';
import { applyExtension, type ExtensionInput } from '@shared/domain/extension';
import { STATUS_LABEL_VI, isFinal, type DossierStatus, type TransitionAction } from '@shared/domain/status';
import { restMatches, searchPlan } from '@shared/text/fold';
import type { AuditEvent, DeskDb } from './db';
import { auditEvent, newId, outboxEntry } from './records';
import { loadDeskConfig } from './settings';
import { requirePermission } from './session';
import { maskIdNumber } from '@shared/privacy/mask';
import { checkWaybill } from '@shared/postal/waybill';
import { receptionEditProblem } from '@shared/sync/ownership';

const writeTables = (db: DeskDb) => [db.dossiers, db.outbox, db.audit, db.counters, db.procedures, db.settings, db.calendarOverrides, db.deskCalendarDays, db.drafts];

export async function receiveDossier(db: DeskDb, data: ReceiveData, now = Date.now()): Promise<Dossier> {
  return receiveOrRefuse(db, data, now);
}

/** Refusal at reception: the dossier gets its code and goes straight to status 3 (form 03, never 01). */
export async function refuseAtReception(db: DeskDb, data: ReceiveData, reason: string, now = Date.now()): Promise<Dossier> {
  return receiveOrRefuse(db, data, now, reason);
}

async function receiveOrRefuse(db: DeskDb, data: ReceiveData, now: number, refusal?: string): Promise<Dossier> {
  return db.transaction('rw', writeTables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'receive');
    // A dossier collected outside the desk is postal work as well.
    if (data.postal) requirePermission(db, 'postal');
    const config = await loadDeskConfig(db);
    if (!config.office || !config.desk) throw new ReceptionError('Chưa thiết lập thông tin cơ quan và quầy tiếp nhận.');
    const procedure = await db.procedures.get(data.procedureCode);
    if (!procedure) throw new ReceptionError(`Không tìm thấy thủ tục mã ${data.procedureCode} trong danh mục.`);
    const key = counterKey(now, config.desk, config.codePattern);
    const counter = await db.counters.get(key);
    const { dossier, sequence } = buildDossier(data, {
      id: newId(),
      now,
      procedure,
      office: config.office,
      desk: { ...config.desk, officerName: actor },
      codePattern: config.codePattern,
      calendar: config.calendar,
      lastSequence: counter?.last ?? null,
      actorId,
      waybillPatterns: config.waybillPatterns,
    }, refusal);
    if (dossier.postal) {
      const same = await db.dossiers.where('postal.inboundWaybill').equals(dossier.postal.inboundWaybill).first();
      if (same) throw new ReceptionError(`Mã bưu gửi ${dossier.postal.inboundWaybill} đã được ghi cho hồ sơ ${same.code}: mỗi bưu gửi chỉ mang một hồ sơ.`);
    }
    await db.counters.put({ day: key, last: sequence });
    await db.dossiers.add(dossier);
    // The intake is saved: its draft goes in the same transaction, so a reload never offers it again.
    if (actorId) await db.drafts.delete(actorId);
    await db.outbox.add(outboxEntry('dossier.received', dossier, now));
    if (refusal !== undefined) {
      const reason = refusal.normalize('NFC').trim();
      await db.audit.add(auditEvent({ dossierId: dossier.id, action: 'refuse', actor, actorId, summary: `Từ chối tiếp nhận hồ sơ ${dossier.code}: ${reason}`, at: now, toStatus: dossier.status, detail: { reason, atReception: true } }));
      return dossier;
    }
    const summary = dossier.postal
      ? `Tiếp nhận hồ sơ ${dossier.code} do bưu điện thu gom lúc ${formatVnDateTime(dossier.postal.collectedAt)} (mã bưu gửi ${dossier.postal.inboundWaybill})`
      : `Tiếp nhận hồ sơ ${dossier.code}`;
    const detail: Record<string, number | string> = dossier.postal
      ? { appointmentAt: dossier.appointmentAt, collectedAt: dossier.postal.collectedAt, inboundWaybill: dossier.postal.inboundWaybill, postalFee: dossier.postal.postalFee }
      : { appointmentAt: dossier.appointmentAt };
    await db.audit.add(auditEvent({ dossierId: dossier.id, action: 'received', actor, actorId, summary, at: now, toStatus: dossier.status, detail }));
    return dossier;
  });
}

export async function transitionDossier(db: DeskDb, id: string, action: TransitionAction, details: unknown, now = Date.now()): Promise<Dossier> {
  return db.transaction('rw', writeTables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'transition');
    const [dossier, config] = await Promise.all([db.dossiers.get(id), loadDeskConfig(db)]);
    if (!dossier) throw new ReceptionError('Không tìm thấy hồ sơ.');
    // A result sent by post needs a real waybill (S10 or the province's form), never free text.
    const d = details as { method?: string; waybill?: string } | null;
    if (action === 'return_result' && d?.method === 'post') {
      const w = checkWaybill(d.waybill ?? '', config.waybillPatterns);
      if (!w.ok) throw new ReceptionError(w.message);
      details = { ...d, waybill: w.value };
    }
    const result = applyTransition(dossier, action, details, now, config.calendar);
    await db.dossiers.put(result.dossier);
    await db.outbox.add(outboxEntry('dossier.transition', result.dossier, now));
    await db.audit.add(auditEvent({ dossierId: dossier.id, action, actor, actorId, summary: result.summary, at: now, fromStatus: dossier.status, toStatus: result.dossier.status, detail: result.detail }));
    return result.dossier;
  });
}

/** Form 04: apologise and set a new appointment, never in the past nor before the current one. */
export async function extendAppointment(db: DeskDb, id: string, input: ExtensionInput, now = Date.now()): Promise<Dossier> {
  return db.transaction('rw', writeTables(db), async () => {
    const [dossier, config] = await Promise.all([db.dossiers.get(id), loadDeskConfig(db)]);
    if (!dossier) throw new ReceptionError('Không tìm thấy hồ sơ.');
    const { dossier: next, extension, summary } = applyExtension(dossier, input, now);
    await db.dossiers.put(next);
    // A transition-kind change: the province takes the new NgayHenTra with it.
    await db.outbox.add(outboxEntry('dossier.transition', next, now));
    await db.audit.add(auditEvent({ dossierId: dossier.id, action: 'extended', actor: config.desk?.officerName ?? '', summary, at: now, fromStatus: dossier.status, toStatus: next.status, detail: { previousAppointmentAt: extension.previousAppointmentAt, newAppointmentAt: extension.newAppointmentAt, reason: extension.reason } }));
    return next;
  });
}

export async function editApplicant(db: DeskDb, id: string, applicant: Applicant, now = Date.now()): Promise<Dossier> {
  return db.transaction('rw', writeTables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'edit');
    const dossier = await db.dossiers.get(id);
    if (!dossier) throw new ReceptionError('Không tìm thấy hồ sơ.');
    if (isFinal(dossier.status)) throw new ReceptionError(`Hồ sơ đã ở trạng thái "${STATUS_LABEL_VI[dossier.status]}", không sửa được nữa.`);
    const owned = receptionEditProblem(dossier);
    if (owned) throw new ReceptionError(owned);
    const { dossier: next, changed } = applyApplicantEdit(dossier, applicant, now);
    if (changed.length === 0) return dossier;
    await db.dossiers.put(next);
    await db.outbox.add(outboxEntry('dossier.edited', next, now));
    await db.audit.add(auditEvent({ dossierId: dossier.id, action: 'edited', actor, actorId, summary: `Sửa thông tin người nộp: ${changed.join(', ')}`, at: now, fromStatus: dossier.status, toStatus: next.status }));
    return next;
  });
}

export interface PrintRecord {
  form: string; // '01' … '07'
  formTitle: string;
  copies: number;
  printer: string; // printer name, or how it was printed (browser dialog, saved as PDF)
  reprint: boolean;
  /**
   * What really happened: printed (the printer took it), dialog_opened (a browser's dialog, printed or
   * cancelled: unknown), saved (a PDF file), failed (with the reason). Absent = printed (older records).
   */
  outcome?: 'printed' | 'dialog_opened' | 'saved' | 'failed';
  reason?: string;
  /** The office details printed (JSON), so a reprint reproduces them; corrected = today's details asked for. */
  office?: string;
  corrected?: boolean;
}

const PRINT_OUTCOME_VI = {
  printed: '',
  dialog_opened: ' – đã mở hộp thoại in của trình duyệt, không biết đã in hay hủy',
  saved: ' – đã lưu tệp PDF',
  failed: ' – KHÔNG in được',
} as const;

/** Every print and reprint goes into the dossier's history; printing never changes the dossier itself. */
export async function recordPrint(db: DeskDb, dossierId: string, print: PrintRecord, now = Date.now()): Promise<void> {
  await db.transaction('rw', writeTables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'print');
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw new ReceptionError('Không tìm thấy hồ sơ.');
    const outcome = print.outcome ?? 'printed';
    const verb = outcome === 'failed' ? (print.reprint ? 'In lại không thành' : 'In không thành') : print.reprint ? 'In lại' : 'In';
    const summary = `${verb} mẫu ${print.form} – ${print.formTitle}, ${print.copies} bản (${print.printer})${PRINT_OUTCOME_VI[outcome]}${print.reason ? `: ${print.reason}` : ''}`;
    await db.audit.add(auditEvent({ dossierId: dossier.id, action: 'printed', actor, actorId, summary, at: now, fromStatus: dossier.status, toStatus: dossier.status, detail: { ...print } }));
  });
}

const READ_ACTIONS = new Set<string>(['dossier_viewed', 'revealed']);

export type ReadKind = 'dossier_viewed' | 'searched_id' | 'exported' | 'revealed';

/**
 * Reading personal data is audited too: opening a dossier, searching by CCCD, exporting, revealing a
 * masked number. The event names what was seen, never the full number itself.
 */
export async function recordRead(db: DeskDb, kind: ReadKind, target: { dossierId?: string | null; idNumber?: string; what?: string }, now = Date.now()): Promise<void> {
  const perm = kind === 'revealed' ? 'reveal' : kind === 'exported' ? 'export' : 'read';
  await db.transaction('rw', [db.dossiers, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, perm);
    const dossier = target.dossierId ? await db.dossiers.get(target.dossierId) : undefined;
    const summary =
      kind === 'dossier_viewed' ? `Mở hồ sơ ${dossier?.code ?? ''}`
      : kind === 'searched_id' ? `Tìm theo số CCCD ${maskIdNumber(target.idNumber)}`
      : kind === 'exported' ? `Xuất ${target.what ?? 'dữ liệu'}`
      : `Xem đầy đủ ${target.what ?? 'số'} của hồ sơ ${dossier?.code ?? ''}`;
    await db.audit.add(auditEvent({ dossierId: dossier?.id ?? null, action: kind, actor, actorId, summary, at: now, fromStatus: dossier?.status ?? null, toStatus: dossier?.status ?? null, detail: { what: target.what ?? null } }));
  });
}

// Queries ------------------------------------------------------------------------------------------

export const PAGE_SIZE = 50;

/** Accent-free prefix search over names, codes, CCCD and phone numbers. */
/** Dossiers with a token starting with `prefix`, each once (a one-getAll variant measured no better: see the report of issue 9). */
function byTokenPrefix(db: DeskDb, prefix: string, limit: number, keep?: (d: Dossier) => boolean): Promise<Dossier[]> {
  const walk = db.dossiers.where('searchTokens').startsWith(prefix).distinct();
  return (keep ? walk.filter(keep) : walk).limit(limit).toArray();
}

export async function searchDossiers(db: DeskDb, query: string, limit = PAGE_SIZE): Promise<Dossier[]> {
  const plan = searchPlan(query);
  if (!plan.whole) return [];
  // The whole query by prefix (code and its tails, CCCD, phone and its tails, a name in order), and for
  // several words the first two as a pair in any order of the name, the other words checked on the row.
  const rest = plan.rest;
  const [whole, pairs] = await Promise.all([
    byTokenPrefix(db, plan.whole, limit),
    plan.pair ? byTokenPrefix(db, plan.pair, limit, rest.length ? (d) => restMatches(d.searchTokens, rest) : undefined) : Promise.resolve([]),
  ]);
  const seen = new Set<string>();
  return [...whole, ...pairs].filter((d) => !seen.has(d.id) && seen.add(d.id)).slice(0, limit);
}

export type ListScope = 'today' | 'due' | 'all';

export interface ListQuery {
  scope: ListScope;
  status: DossierStatus | 'active' | null;
  now: number;
  limit?: number;
}

const ACTIVE: DossierStatus[] = ['received', 'processing', 'supplement_requested', 'financial_obligation', 'processed'];

/** A page of the list. Every branch walks an index, so it stays fast with 100,000 dossiers. */
export async function listDossiers(db: DeskDb, q: ListQuery): Promise<Dossier[]> {
  const limit = q.limit ?? PAGE_SIZE;
  const statuses = q.status === 'active' ? ACTIVE : q.status ? [q.status] : null;
  if (q.scope === 'today') {
    const { start, end } = vnDayBounds(q.now);
    let c = db.dossiers.where('receivedAt').between(start, end).reverse();
    if (statuses) c = c.filter((d) => statuses.includes(d.status));
    return c.limit(limit).toArray();
  }
  const upper = q.scope === 'due' ? vnDayBounds(q.now).end : Dexie.maxKey;
  const wanted = statuses ?? (q.scope === 'due' ? ACTIVE : null);
  if (!wanted) return db.dossiers.orderBy('appointmentAt').limit(limit).toArray();
  const pages = await Promise.all(
    wanted.map((s) => db.dossiers.where('[status+appointmentAt]').between([s, Dexie.minKey], [s, upper], true, false).limit(limit).toArray()),
  );
  return pages.flat().sort((a, b) => a.appointmentAt - b.appointmentAt).slice(0, limit);
}

export async function countByStatus(db: DeskDb): Promise<Record<DossierStatus, number>> {
  const statuses = Object.keys(STATUS_LABEL_VI) as DossierStatus[];
  const counts = await Promise.all(
    statuses.map((s) => db.dossiers.where('[status+appointmentAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]).count()),
  );
  return Object.fromEntries(statuses.map((s, i) => [s, counts[i]])) as Record<DossierStatus, number>;
}

export async function getDossier(db: DeskDb, id: string): Promise<Dossier | undefined> {
  return db.dossiers.get(id);
}

/** Dossiers received in [start, end), oldest first: the tracking book's rows. */
export async function dossiersReceivedBetween(db: DeskDb, start: number, end: number): Promise<Dossier[]> {
  return db.dossiers.where('receivedAt').between(start, end).toArray();
}

export async function countReceivedBetween(db: DeskDb, start: number, end: number): Promise<number> {
  return db.dossiers.where('receivedAt').between(start, end).count();
}

export async function dossierHistory(db: DeskDb, dossierId: string): Promise<AuditEvent[]> {
  const events = await db.audit.where('[dossierId+at]').between([dossierId, Dexie.minKey], [dossierId, Dexie.maxKey]).toArray();
  // Reads (opening, revealing) stay in the audit for the supervisor, out of the dossier's own history.
  return events.filter((e) => !READ_ACTIONS.has(e.action)).sort((a, b) => a.at - b.at || (a.seq ?? 0) - (b.seq ?? 0));
}
