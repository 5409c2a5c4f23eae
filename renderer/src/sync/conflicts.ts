// The officer settles what sync could not: a conflict is never resolved silently. Each resolution writes
// the dossier, its outbox entries and an audit event in one transaction, like the desk's own commands.
import { currentActor } from '../db/session';
import { STATUS_LABEL_VI } from '@shared/domain/status';
import { codeDay, deskSequenceRange, formatDossierCode, nextSequence, parseCodePattern } from '@shared/codes/dossierCode';
import { counterKey, dossierSearchTokens, ReceptionError } from '@shared/domain/reception';
import { statusFromCode, type SyncedDossier } from '@shared/sync/mapping';
import { followPeer, forceProvinceStatus } from '@shared/sync/ownership';
import { fromVnStamp } from '@shared/sync/time';
import type { ProvinceChange } from '@shared/sync/contract';
import type { AuditEvent, DeskDb, SyncConflict } from '../db/db';
import { auditEvent, newId, outboxEntry } from '../db/records';
import { loadDeskConfig } from '../db/settings';
import { UNSENT } from './apply';

function tables(db: DeskDb) {
  return [db.dossiers, db.outbox, db.audit, db.conflicts, db.counters, db.settings, db.calendarOverrides, db.deskCalendarDays];
}

async function load(db: DeskDb, conflictId: string) {
  const conflict = await db.conflicts.get(conflictId);
  if (!conflict || conflict.open !== 1) throw new ReceptionError('Xung đột này đã được xử lý.');
  const dossier = (await db.dossiers.get(conflict.dossierId)) as SyncedDossier | undefined;
  if (!dossier) throw new ReceptionError('Không tìm thấy hồ sơ của xung đột.');
  const unsent = (await db.outbox.where('dossierId').equals(dossier.id).toArray()).filter((e) => UNSENT.includes(e.state));
  const config = await loadDeskConfig(db);
  return { conflict, dossier, unsent, config };
}

function audit(dossier: SyncedDossier, action: AuditEvent['action'], actor: string, summary: string, now: number, fromStatus: AuditEvent['fromStatus'], detail: AuditEvent['detail'] = {}): AuditEvent {
  return auditEvent({ dossierId: dossier.id, action, actor, summary, at: now, fromStatus, toStatus: dossier.status, detail });
}

async function close(db: DeskDb, conflict: SyncConflict, resolution: SyncConflict['resolution'], now: number) {
  await db.conflicts.put({ ...conflict, open: 0, resolvedAt: now, resolution });
}

/**
 * Status conflict, in the province's favour (it owns processing decisions): the dossier takes the
 * province's status and the fields that follow it as the province holds them; the desk's unsent status changes are dropped, recorded in the history; unsent
 * corrections of reception data are sent again on top of the province's status.
 */
export async function resolveWithProvince(db: DeskDb, conflictId: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', tables(db), async () => {
    const { conflict, dossier, unsent } = await load(db, conflictId);
    if (conflict.kind !== 'status' || conflict.provinceStatus == null) throw new ReceptionError('Xung đột này không phải về trạng thái hồ sơ.');
    const status = statusFromCode(conflict.provinceStatus);
    if (!status) throw new ReceptionError('Trạng thái của tỉnh không hợp lệ.');
    const change = conflict.provinceChange as ProvinceChange | null;
    const at = (change && fromVnStamp(change.ThoiDiemXuLy)) ?? now;
    let next = forceProvinceStatus(dossier, status, Math.max(at, dossier.receivedAt), pulledSeq(conflict, dossier), now, latestDecision(conflict));
    // Another desk's change stands (kind peer held): its revision, and its reception fields where that desk owns them.
    const peer = [...(conflict.heldChanges ?? [])].reverse().find((c) => c.kind === 'peer' && c.peer && c.HoSo);
    if (peer) {
      const followed = followPeer(next, peer.HoSo!, { ...peer, seq: next.provinceSeq ?? peer.seq }, now);
      next = { ...followed, status: next.status, rev: Math.max(next.rev, followed.rev), statusChangedAt: next.statusChangedAt };
      if (!next.peer) delete next.peer;
      next.searchTokens = dossierSearchTokens(next);
    }
    const dropped = unsent.filter((e) => e.kind === 'dossier.transition');
    await db.outbox.bulkDelete(unsent.map((e) => e.seq!));
    if (unsent.some((e) => e.kind !== 'dossier.transition')) await db.outbox.add(outboxEntry('dossier.edited', next, now));
    await db.dossiers.put(next);
    const droppedText = dropped.map((e) => STATUS_LABEL_VI[e.dossier.status]).join(', ');
    await db.audit.add(
      audit(next, 'conflict_resolved', currentActor(db).actor, `Xử lý xung đột đồng bộ: theo quyết định của tỉnh (${STATUS_LABEL_VI[status]})` + (droppedText ? `; huỷ thay đổi chưa gửi tại quầy: ${droppedText}` : ''), now, dossier.status, { resolution: 'province', provinceSeq: conflict.provinceSeq }),
    );
    await close(db, conflict, 'province', now);
  });
}

/**
 * Status conflict, keeping the desk's change: the officer has seen the province's decision and overrides
 * it. The unsent changes are replaced by one new change with a new revision carrying the desk's whole
 * version and acknowledging the province changes pulled so far; the province's appointment corrections
 * made meanwhile are kept.
 */
export async function resolveWithDesk(db: DeskDb, conflictId: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', tables(db), async () => {
    const { conflict, dossier, unsent } = await load(db, conflictId);
    if (conflict.kind !== 'status') throw new ReceptionError('Xung đột này không phải về trạng thái hồ sơ.');
    // Only what has been pulled counts as seen: a province change the desk has not pulled yet makes the
    // re-sent version a conflict again (shown, never silent) rather than being skipped unseen later.
    const seen = pulledSeq(conflict, dossier);
    // The province's appointment corrections made meanwhile stand (it owns them); the desk's status wins.
    const lastAppointment = [...(conflict.heldChanges ?? [])].reverse().find((c) => c.kind === 'appointment' && c.NgayHenTra);
    const appointmentAt = lastAppointment ? (fromVnStamp(lastAppointment.NgayHenTra!) ?? dossier.appointmentAt) : dossier.appointmentAt;
    // One new change with a new revision carries the desk's whole version (a re-send of the old
    // revisions would be taken as a duplicate of what the province already has).
    const peerRev = Math.max(0, ...(conflict.heldChanges ?? []).map((c) => c.peer?.deskRev ?? 0));
    const next: SyncedDossier = { ...dossier, appointmentAt, provinceSeq: seen, rev: Math.max(dossier.rev, peerRev) + 1, updatedAt: now };
    await db.outbox.bulkDelete(unsent.map((e) => e.seq!));
    await db.outbox.add(outboxEntry('dossier.transition', next, now));
    await db.dossiers.put(next);
    const provinceStatus = conflict.provinceStatus != null ? statusFromCode(conflict.provinceStatus) : null;
    await db.audit.add(
      audit(next, 'conflict_resolved', currentActor(db).actor, `Xử lý xung đột đồng bộ: giữ thay đổi tại quầy (${STATUS_LABEL_VI[dossier.status]})` + (provinceStatus ? `, không theo trạng thái của tỉnh (${STATUS_LABEL_VI[provinceStatus]})` : ''), now, dossier.status, { resolution: 'desk', provinceSeq: seen }),
    );
    await close(db, conflict, 'desk', now);
  });
}

/**
 * Another desk's clash with this desk's change (kind peer): the province kept this desk's; the officer has
 * seen it (and agreed with the other desk and the citizen). Nothing changes on the dossier; the history says so.
 */
export async function acknowledgePeerConflict(db: DeskDb, conflictId: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', tables(db), async () => {
    const { conflict, dossier } = await load(db, conflictId);
    if (conflict.kind !== 'peer') throw new ReceptionError('Xung đột này không phải với quầy khác.');
    await db.audit.add(audit(dossier, 'conflict_resolved', currentActor(db).actor, `Xử lý xung đột với quầy khác: đã xem, giữ thay đổi của quầy này (${STATUS_LABEL_VI[dossier.status]})`, now, dossier.status, { resolution: 'acknowledged' }));
    await close(db, conflict, 'acknowledged', now);
  });
}

/** The last province change of this dossier the desk has pulled (applied, or held with the conflict). */
function pulledSeq(conflict: SyncConflict, dossier: SyncedDossier): number {
  return Math.max(dossier.provinceSeq ?? 0, ...(conflict.heldChanges ?? []).map((c) => c.seq));
}

/** The province's decision fields as last known: from the latest held change, else from the conflict answer. */
function latestDecision(conflict: SyncConflict) {
  const held = [...(conflict.heldChanges ?? [])].reverse().find((c) => c.after);
  return held?.after ?? conflict.provinceDecision ?? null;
}

/**
 * Code conflict: the province already has another dossier under this code. The dossier gets the next
 * code of this desk's block for its reception day and is sent again; the slip must be printed again.
 */
export async function resolveWithNewCode(db: DeskDb, conflictId: string, now = Date.now()): Promise<string> {
  return db.transaction('rw', tables(db), async () => {
    const { conflict, dossier, unsent, config } = await load(db, conflictId);
    if (conflict.kind !== 'code_taken') throw new ReceptionError('Xung đột này không phải về mã hồ sơ.');
    if (!config.office || !config.desk) throw new ReceptionError('Chưa thiết lập thông tin cơ quan và quầy tiếp nhận.');
    const pattern = parseCodePattern(config.codePattern);
    const range = deskSequenceRange(pattern.digits, config.desk.deskNo, config.desk.desksInAgency);
    const key = counterKey(dossier.receivedAt, config.desk, config.codePattern);
    let last = (await db.counters.get(key))?.last ?? null;
    let code: string;
    // Skip numbers another dossier on this desk already holds.
    for (;;) {
      const seq = nextSequence(last, range, config.desk.deskNo, dossier.receivedAt);
      code = formatDossierCode(pattern, config.office.agencyCode, dossier.receivedAt, seq);
      last = seq;
      if (!(await db.dossiers.where('code').equals(code).count())) break;
    }
    await db.counters.put({ day: key, last: last! });
    const old = dossier.code;
    const next: SyncedDossier = { ...dossier, code, updatedAt: now, rev: dossier.rev + 1 };
    next.searchTokens = dossierSearchTokens(next);
    await db.dossiers.put(next);
    await db.outbox.bulkDelete(unsent.map((e) => e.seq!));
    await db.outbox.add(outboxEntry('dossier.received', next, now));
    await db.audit.add(
      audit(next, 'recoded', currentActor(db).actor, `Đổi mã hồ sơ do trùng mã ở tỉnh: ${old} → ${code}. Cần in lại Giấy tiếp nhận và hẹn trả kết quả cho công dân.`, now, dossier.status, { oldCode: old, newCode: code, codeDay: codeDay(dossier.receivedAt) }),
    );
    await close(db, conflict, 'recoded', now);
    return code;
  });
}

/** A change the province rejected (or the desk could not send) is tried again, as a new change. */
export async function retryQuarantined(db: DeskDb, seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.conflicts], async () => {
    const e = await db.outbox.get(seq);
    if (!e || e.state !== 'quarantined') return;
    if (await db.conflicts.where('dossierId').equals(e.dossierId).filter((c) => c.open === 1).count()) {
      throw new ReceptionError('Hồ sơ này đang có xung đột cần xử lý trước.');
    }
    await db.outbox.put({ ...e, id: newId(), state: 'pending', attempts: 0, lastError: null });
  });
}

/** The other desk of a status conflict with another desk of the agency (from its held change or its reason); null for the province. */
export function conflictDesk(conflict: SyncConflict): number | null {
  const held = [...(conflict.heldChanges ?? [])].reverse().find((c) => c.kind === 'peer');
  if (held) return held.peer?.byDesk ?? null;
  const m = /^Quầy (\d+) /.exec(conflict.reason);
  return m ? Number(m[1]) : null;
}
