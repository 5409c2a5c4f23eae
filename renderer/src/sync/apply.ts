// Writing what the server said into the desk database. Each step is one Dexie transaction, so a crash
// or a closed window leaves either the whole step or none of it (an entry is never marked sent without
// its answer, a province change never reaches a dossier without its audit event and the cursor).
import { calendarBaseSchema, pushItemSchema, type PushItem, type PushResult, type ProvinceChange, type ReferenceResponse } from '@shared/sync/contract';
import { fromHoSo, hoSoDigest, toHoSo, toPushItem, type SyncedDossier } from '@shared/sync/mapping';
import { dossierSearchTokens } from '@shared/domain/reception';
import type { StoreIdentity } from '@shared/sync/contract';
import { applyProvinceChange, followPeer, peerActor, peerMarker, provinceActor } from '@shared/sync/ownership';
import { statusFromCode } from '@shared/sync/mapping';
import { DVCQG_STATUS_CODE, STATUS_LABEL_VI } from '@shared/domain/status';
import { formatVnDateTime } from '@shared/calendar/vnTime';
import { fromVnStamp } from '@shared/sync/time';
import type { AuditEvent, DeskDb, OutboxEntry, SyncConflict } from '../db/db';
import { auditEvent, newId, outboxEntry } from '../db/records';
import { loadDeskConfig, putSettings, readSetting, replaceProvinceCalendar } from '../db/settings';
import { readState, writeState, type ReferenceVersions } from './state';
import { summariseIssues } from '@shared/validation/issues';

export const UNSENT: OutboxEntry['state'][] = ['pending', 'failed', 'quarantined'];

/** Dossiers whose changes wait for the officer (a notice of another desk's clash, kind peer, holds nothing back). */
export async function openConflictDossiers(db: DeskDb): Promise<Set<string>> {
  const open = await db.conflicts.where('open').equals(1).toArray();
  return new Set(open.filter((c) => c.kind !== 'peer').map((c) => c.dossierId));
}

/**
 * The next entries to send, oldest first, at most `size`. Entries of a dossier with an open conflict are
 * held until the officer settles it. Keys come from the index, so 100,000 sent entries cost nothing.
 */
export async function nextBatch(db: DeskDb, size: number): Promise<OutboxEntry[]> {
  const held = await openConflictDossiers(db);
  const keys = ((await db.outbox.where('state').anyOf('pending', 'failed').primaryKeys()) as number[]).sort((a, b) => a - b);
  const batch: OutboxEntry[] = [];
  for (let i = 0; i < keys.length && batch.length < size; i += size) {
    const entries = await db.outbox.bulkGet(keys.slice(i, i + size));
    for (const e of entries) {
      if (e && !held.has(e.dossierId) && batch.length < size) batch.push(e);
    }
  }
  return batch;
}

/** Turns entries into wire items; an entry the contract refuses is quarantined here and never sent. */
export async function prepareItems(db: DeskDb, entries: OutboxEntry[], now: number): Promise<{ items: PushItem[]; sent: OutboxEntry[]; quarantined: number }> {
  const items: PushItem[] = [];
  const sent: OutboxEntry[] = [];
  const bad: OutboxEntry[] = [];
  for (const e of entries) {
    let parsed: ReturnType<typeof pushItemSchema.safeParse> | null;
    try {
      parsed = pushItemSchema.safeParse(toPushItem({ ...e, dossier: e.dossier as SyncedDossier }));
    } catch {
      parsed = null;
    }
    if (parsed?.success) {
      items.push(parsed.data);
      sent.push(e);
    } else {
      const detail = parsed ? summariseIssues(parsed.error.issues, 3) : 'không đọc được bản ghi';
      bad.push({ ...e, state: 'quarantined', lastError: `Dữ liệu của thay đổi này trên máy không hợp lệ nên không gửi được (${detail}).`, attempts: e.attempts + 1 });
    }
  }
  if (bad.length) {
    await db.transaction('rw', db.outbox, async () => {
      for (const b of bad) await db.outbox.update(b.seq!, { state: b.state, lastError: b.lastError, attempts: b.attempts });
    });
  }
  void now;
  return { items, sent, quarantined: bad.length };
}

/** Marks a batch that got no usable answer: attempted, still to be sent. */
export async function markBatchFailed(db: DeskDb, entries: OutboxEntry[], reason: string): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const e of entries) {
      const current = await db.outbox.get(e.seq!);
      if (current && current.state !== 'sent' && current.state !== 'quarantined') {
        await db.outbox.update(e.seq!, { state: 'failed', attempts: current.attempts + 1, lastError: reason });
      }
    }
  });
}

export interface AnswerTally {
  deferred: number;
  accepted: number;
  rejected: number;
  conflicts: number;
  unanswered: number;
}

/**
 * Applies the server's answers to the batch that was sent. Answers are matched by changeId: an answer
 * for something not in this batch (a duplicated or misrouted answer) is ignored, and an entry without an
 * answer stays to be sent again.
 */
export async function applyAnswers(db: DeskDb, sent: OutboxEntry[], results: PushResult[], now: number): Promise<AnswerTally> {
  const byId = new Map(results.map((r) => [r.changeId, r]));
  const tally: AnswerTally = { accepted: 0, rejected: 0, conflicts: 0, unanswered: 0, deferred: 0 };
  await db.transaction('rw', [db.outbox, db.conflicts], async () => {
    const open = await db.conflicts.where('open').equals(1).toArray();
    const openByDossier = new Map(open.map((c) => [c.dossierId, c]));
    const updates: OutboxEntry[] = [];
    for (const e of sent) {
      const current = await db.outbox.get(e.seq!);
      if (!current || current.id !== e.id || current.state === 'sent') continue;
      const answer = byId.get(e.id);
      if (!answer) {
        tally.unanswered++;
        updates.push({ ...current, state: 'failed', attempts: current.attempts + 1, lastError: 'Máy chủ của tỉnh chưa trả lời cho thay đổi này; sẽ gửi lại.' });
      } else if (answer.result === 'accepted') {
        tally.accepted++;
        updates.push({ ...current, state: 'sent', attempts: current.attempts + 1, lastError: null, sentAt: now });
      } else if (answer.result === 'deferred') {
        // Not applied and not recorded: it goes again once the officer has settled the conflict before it.
        tally.deferred++;
        updates.push({ ...current, state: 'pending', lastError: 'Chờ xử lý xung đột của thay đổi trước đó của hồ sơ này.' });
      } else if (answer.result === 'rejected') {
        tally.rejected++;
        updates.push({ ...current, state: 'quarantined', attempts: current.attempts + 1, lastError: `Tỉnh từ chối: ${answer.reason}` });
      } else {
        tally.conflicts++;
        updates.push({ ...current, state: 'quarantined', attempts: current.attempts + 1, lastError: `Xung đột: ${answer.reason}` });
        const existing = openByDossier.get(e.dossierId);
        const conflict: SyncConflict = existing
          ? {
              ...existing,
              provinceStatus: answer.conflict.TrangThaiHoSo ?? existing.provinceStatus,
              provinceSeq: Math.max(answer.conflict.provinceSeq ?? 0, existing.provinceSeq ?? 0) || null,
              provinceDecision: (answer.conflict.provinceSeq ?? 0) >= (existing.provinceSeq ?? 0) ? (answer.conflict.decision ?? existing.provinceDecision ?? null) : (existing.provinceDecision ?? null),
            }
          : {
              id: newId(),
              dossierId: e.dossierId,
              kind: answer.conflict.kind,
              code: answer.conflict.MaHoSo,
              reason: answer.reason,
              provinceStatus: answer.conflict.TrangThaiHoSo ?? null,
              provinceSeq: answer.conflict.provinceSeq ?? null,
              provinceChange: null,
              provinceDecision: answer.conflict.decision ?? null,
              heldChanges: [],
              createdAt: now,
              open: 1,
              resolvedAt: null,
              resolution: null,
            };
        openByDossier.set(e.dossierId, conflict);
        await db.conflicts.put(conflict);
      }
    }
    await db.outbox.bulkPut(updates);
  });
  return tally;
}

export interface PullTally {
  applied: number;
  conflicts: number;
  skipped: number;
}

/** Applies one page of province changes and moves the cursor, all in one transaction. */
export async function applyProvincePage(db: DeskDb, changes: ProvinceChange[], nextCursor: number, now: number): Promise<PullTally> {
  const tally: PullTally = { applied: 0, conflicts: 0, skipped: 0 };
  await db.transaction('rw', [db.dossiers, db.audit, db.conflicts, db.syncState, db.outbox, db.settings, db.calendarOverrides, db.deskCalendarDays, db.procedures], async () => {
    const config = await loadDeskConfig(db);
    const ids = [...new Set(changes.map((c) => c.dossierId))];
    const found = await db.dossiers.bulkGet(ids);
    const dossiers = new Map<string, SyncedDossier>();
    found.forEach((d) => d && dossiers.set(d.id, d as SyncedDossier));
    const entries = ids.length ? await db.outbox.where('dossierId').anyOf(ids).toArray() : [];
    const pendingDecision = new Set(entries.filter((e) => e.state !== 'sent' && e.kind === 'dossier.transition').map((e) => e.dossierId));
    const open = new Map((await db.conflicts.where('open').equals(1).toArray()).map((c) => [c.dossierId, c]));
    const changed = new Set<string>();
    const audits: AuditEvent[] = [];
    const conflicts = new Map<string, SyncConflict>();

    // Own rows before the feed's at the same seq, as the server orders them.
    const ordered = [...changes].sort((a, b) => a.seq - b.seq || (a.kind === 'peer' ? 1 : 0) - (b.kind === 'peer' ? 1 : 0));
    // Which peer changes are this desk's own coming back (their ids are its outbox entries), and which
    // dossiers have changes not yet confirmed (the desk's copy is ahead of what the province sent).
    const mine = new Set(entries.map((e) => e.id));
    const unsent = new Set(entries.filter((e) => e.state !== 'sent').map((e) => e.dossierId));
    // Dossiers about to be sent again (the server's copy is missing or different, after a restore or a
    // move): a copy without some of the desk's changes must not roll the desk's back (the re-sent version
    // is judged there); one with all of them and more (a decision) is followed.
    const resending = new Set((await readState(db, 'resend'))?.ids ?? []);
    for (const c of ordered) {
      const d = dossiers.get(c.dossierId);
      if (c.kind === 'peer_conflict') {
        // Another desk's change clashed with this desk's: shown here too, never merged.
        if (!d) {
          tally.skipped++;
          continue;
        }
        const existing = conflicts.get(c.dossierId) ?? open.get(c.dossierId);
        const notice: SyncConflict = existing && existing.kind === 'peer'
          ? { ...existing, reason: c.NoiDungXuLy, provinceChange: c }
          : existing
            ? existing
            : { id: newId(), dossierId: d.id, kind: 'peer', code: d.code, reason: c.NoiDungXuLy, provinceStatus: c.TrangThai, provinceSeq: c.seq, provinceChange: c, provinceDecision: c.peer?.theirs ?? null, heldChanges: [], createdAt: now, open: 1, resolvedAt: null, resolution: null };
        conflicts.set(c.dossierId, notice);
        const theirs = c.peer?.theirs ? statusFromCode(c.peer.theirs.TrangThaiHoSo) : null;
        audits.push(auditEvent({
          dossierId: d.id, at: Math.max(now, d.statusChangedAt), actor: peerActor(c), action: 'province_update',
          summary: `Xung đột với ${peerActor(c)}: quầy đó cũng chuyển hồ sơ sang "${theirs ? STATUS_LABEL_VI[theirs] : '?'}"${c.peer?.theirs?.collectedBy ? ` (người nhận kết quả: ${c.peer.theirs.collectedBy})` : ''} mà chưa biết thay đổi của quầy này. Tỉnh giữ thay đổi của quầy này.`,
          fromStatus: d.status, toStatus: d.status, detail: { source: 'peer', provinceSeq: c.seq, conflict: true },
        }));
        tally.conflicts++;
        continue;
      }
      if (c.kind === 'peer' && c.peer && c.HoSo) {
        const info = c.peer;
        if (!d) {
          // A dossier another desk of the agency received (or an online one): it joins this desk's dossiers.
          const added = await peerDossier(db, c, c.HoSo, info);
          if (!added) {
            tally.skipped++;
            continue;
          }
          dossiers.set(added.id, added);
          changed.add(added.id);
          tally.applied++;
          const online = added.channel === 'online';
          audits.push(auditEvent({
            dossierId: added.id, at: Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? now, added.receivedAt), actor: online && !info.byDesk ? provinceActor(c) : peerActor(c), action: 'province_update',
            summary: online && !info.byDesk
              ? `Nhận hồ sơ trực tuyến ${added.code} từ hệ thống của tỉnh (${added.procedureName})`
              : `Nhận hồ sơ ${added.code} do ${info.ownerDeskNo ? `Quầy ${info.ownerDeskNo}` : 'quầy khác'} tiếp nhận (${STATUS_LABEL_VI[added.status]}), qua hệ thống của tỉnh`,
            fromStatus: null, toStatus: added.status, detail: { source: 'peer', provinceSeq: c.seq, ...(online ? { channel: 'online' } : {}) },
          }));
          continue;
        }
        const openConflict = conflicts.get(c.dossierId) ?? open.get(c.dossierId);
        const holding = openConflict && openConflict.kind !== 'peer' ? openConflict : undefined;
        const echo = mine.has(info.changeId ?? '');
        const bump = (seen: number) => {
          // Only the revision, the owner and (when the copy really holds it) the seq follow.
          const next: SyncedDossier = { ...d, rev: Math.max(d.rev, info.deskRev), peer: peerMarker(info), provinceSeq: Math.max(seen, d.provinceSeq ?? 0) };
          if (!next.peer) delete next.peer;
          if (next.rev !== d.rev || next.provinceSeq !== d.provinceSeq || JSON.stringify(next.peer ?? null) !== JSON.stringify(d.peer ?? null)) {
            dossiers.set(d.id, next);
            changed.add(d.id);
          }
          tally.skipped++;
        };
        if (c.seq <= (d.provinceSeq ?? 0) || (holding?.heldChanges ?? []).some((h) => h.seq === c.seq)) {
          bump(0);
          continue;
        }
        if (holding) {
          // Kept with the open conflict (applied when the officer settles it) and shown in the history now.
          conflicts.set(c.dossierId, { ...holding, provinceStatus: c.TrangThai, provinceChange: c, provinceSeq: Math.max(c.seq, holding.provinceSeq ?? 0), provinceDecision: c.after ?? holding.provinceDecision ?? null, heldChanges: [...(holding.heldChanges ?? []), c] });
          audits.push(heldAudit(d, c, now));
          tally.conflicts++;
          continue;
        }
        // The whole record: the other desks' reception fields ride along (folded into this desk's own change).
        const same = hoSoDigest(toHoSo(d)) === hoSoDigest(c.HoSo);
        if (same) {
          bump(c.seq); // as this desk holds it already (its own change as it left, a desk upgraded to the feed): nothing new
          continue;
        }
        const target = c.TrangThai != null ? statusFromCode(c.TrangThai) : null;
        if (pendingDecision.has(c.dossierId) && target && target !== d.status) {
          tally.conflicts++;
          conflicts.set(c.dossierId, {
            id: newId(), dossierId: c.dossierId, kind: 'status', code: d.code,
            reason: `${peerActor(c)} đã chuyển hồ sơ sang "${STATUS_LABEL_VI[target]}" trong khi quầy này có thay đổi trạng thái chưa gửi (đang là "${STATUS_LABEL_VI[d.status]}").`,
            provinceStatus: c.TrangThai, provinceSeq: c.seq, provinceChange: c, provinceDecision: c.after ?? null, heldChanges: [c], createdAt: now, open: 1, resolvedAt: null, resolution: null,
          });
          audits.push(heldAudit(d, c, now));
          continue;
        }
        if (unsent.has(c.dossierId) || (resending.has(c.dossierId) && info.deskRev < d.rev)) {
          // The desk's own changes are on their way: the province judges them, and the state after them comes back.
          bump(0);
          continue;
        }
        const next = followPeer(d, c.HoSo, c, now);
        if (!next.peer) delete next.peer;
        next.searchTokens = dossierSearchTokens(next);
        dossiers.set(d.id, next);
        changed.add(d.id);
        tally.applied++;
        const moved = next.status !== d.status;
        // This desk's own change came back with another desk's earlier one folded in: the province's state.
        const who = echo ? 'Hệ thống của tỉnh' : peerActor(c);
        audits.push(auditEvent({
          dossierId: d.id, at: Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? now, d.statusChangedAt, d.receivedAt), actor: who, action: 'province_update',
          summary: `${echo ? 'Cập nhật theo hệ thống của tỉnh (thay đổi của quầy khác)' : `${who} cập nhật`}: ${moved ? STATUS_LABEL_VI[next.status] : `${STATUS_LABEL_VI[next.status]} (không đổi trạng thái)`}` + (c.NoiDungXuLy ? ` – ${c.NoiDungXuLy}` : '') + (next.collectedBy && next.status === 'returned' && moved ? `. Người nhận kết quả: ${next.collectedBy}` : ''),
          fromStatus: d.status, toStatus: next.status, detail: { source: 'peer', provinceSeq: c.seq, byDesk: info.byDesk },
        }));
        continue;
      }
      if (!d && c.kind === 'dossier' && c.HoSo) {
        // A dossier the province received for this agency (online): it joins the desk's dossiers.
        const added = await onlineDossier(db, c, c.HoSo);
        if (!added) {
          tally.skipped++;
          continue;
        }
        dossiers.set(added.id, added);
        changed.add(added.id);
        tally.applied++;
        audits.push(auditEvent({
          dossierId: added.id, at: Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? now, added.receivedAt), actor: provinceActor(c), action: 'province_update',
          summary: `Nhận hồ sơ trực tuyến ${added.code} từ hệ thống của tỉnh (${added.procedureName})`, fromStatus: null, toStatus: added.status,
          detail: { source: 'province', provinceSeq: c.seq, channel: 'online' },
        }));
        continue;
      }
      if (!d || c.kind === 'dossier' || c.kind === 'peer') {
        tally.skipped++; // a dossier this desk does not hold, or one it already has
        continue;
      }
      const heldBy = conflicts.get(c.dossierId) ?? open.get(c.dossierId);
      // A notice of another desk's clash (kind peer) is for the officer to see; it holds nothing back.
      const openConflict = heldBy?.kind === 'peer' ? undefined : heldBy;
      if (c.seq <= (d.provinceSeq ?? 0) || (openConflict?.heldChanges ?? []).some((h) => h.seq === c.seq)) {
        tally.skipped++; // already applied or already held: its history event exists
        continue;
      }
      if (openConflict) {
        // Every province change survives an open conflict: kept with it (applied when the officer settles
        // it) and shown in the history now.
        conflicts.set(c.dossierId, {
          ...openConflict,
          ...(c.kind === 'status' ? { provinceStatus: c.TrangThai, provinceChange: c } : {}),
          provinceSeq: Math.max(c.seq, openConflict.provinceSeq ?? 0),
          provinceDecision: c.after ?? openConflict.provinceDecision ?? null,
          heldChanges: [...(openConflict.heldChanges ?? []), c],
        });
        audits.push(heldAudit(d, c, now));
        tally.conflicts++;
        continue;
      }
      const outcome = applyProvinceChange(d, c, { calendar: config.calendar, now, pendingDecision: pendingDecision.has(c.dossierId) });
      if (outcome.outcome === 'skip') {
        tally.skipped++;
      } else if (outcome.outcome === 'conflict') {
        tally.conflicts++;
        conflicts.set(c.dossierId, {
          id: newId(),
          dossierId: c.dossierId,
          kind: 'status',
          code: d.code,
          reason: outcome.reason,
          provinceStatus: c.kind === 'status' ? c.TrangThai : DVCQG_STATUS_CODE[d.status],
          provinceSeq: c.seq,
          provinceChange: c,
          provinceDecision: c.after ?? null,
          heldChanges: [c],
          createdAt: now,
          open: 1,
          resolvedAt: null,
          resolution: null,
        });
        audits.push(heldAudit(d, c, now));
      } else {
        tally.applied++;
        dossiers.set(d.id, outcome.dossier);
        changed.add(d.id);
        audits.push(
          auditEvent({
            dossierId: d.id,
            // Never before what the history already shows, even with a desk clock that was ahead.
            at: Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? now, d.statusChangedAt, d.receivedAt),
            actor: outcome.actor,
            action: 'province_update',
            summary: outcome.summary,
            fromStatus: outcome.fromStatus,
            toStatus: outcome.toStatus,
            detail: outcome.detail,
          }),
        );
      }
    }
    if (changed.size) await db.dossiers.bulkPut([...changed].map((id) => dossiers.get(id)!));
    if (audits.length) await db.audit.bulkAdd(audits);
    if (conflicts.size) await db.conflicts.bulkPut([...conflicts.values()]);
    await writeState(db, 'cursor', nextCursor);
  });
  return tally;
}

/**
 * The desk's copy of a dossier another desk received (or an online one); null when the desk already has its
 * code (another dossier holds it: never overwritten). Dexie promises only: this runs inside the pull's transaction.
 */
function peerDossier(db: DeskDb, c: ProvinceChange, h: NonNullable<ProvinceChange['HoSo']>, info: NonNullable<ProvinceChange['peer']>): Promise<SyncedDossier | null> {
  return onlineDossier(db, c, h).then((d) => {
    if (!d) return null;
    const next: SyncedDossier = { ...d, statusChangedAt: Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? d.statusChangedAt, d.statusChangedAt), rev: info.deskRev };
    const marker = peerMarker(info);
    if (marker) next.peer = marker;
    next.searchTokens = dossierSearchTokens(next);
    return next;
  });
}

/**
 * The desk's dossier for an online one; null when the desk already has its code (another dossier holds it:
 * never overwritten). Dexie promises only: this runs inside the pull's transaction.
 */
function onlineDossier(db: DeskDb, c: ProvinceChange, h: NonNullable<ProvinceChange['HoSo']>): Promise<SyncedDossier | null> {
  return db.dossiers.where('code').equals(h.MaHoSo).count().then((taken) => {
    if (taken) return null;
    return db.procedures.get(h.MaTTHC).then((p) => {
      const base = fromHoSo(c.dossierId, h, p?.code ?? h.MaTTHC, []);
      return { ...base, searchTokens: dossierSearchTokens(base), provinceSeq: c.seq } as SyncedDossier;
    });
  });
}

/** The history event of a province change that waits for the officer (one per change, like applied ones). */
function heldAudit(d: SyncedDossier, c: ProvinceChange, now: number): AuditEvent {
  const peer = c.kind === 'peer';
  const status = c.TrangThai != null ? statusFromCode(c.TrangThai) : null;
  const what = c.kind === 'appointment' && c.NgayHenTra ? `điều chỉnh ngày hẹn trả: ${formatVnDateTime(fromVnStamp(c.NgayHenTra) ?? now)}` : `cập nhật: ${status ? STATUS_LABEL_VI[status] : c.TrangThai}`;
  return auditEvent({
    dossierId: d.id,
    at: Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? now, d.statusChangedAt, d.receivedAt),
    actor: peer ? peerActor(c) : provinceActor(c),
    action: 'province_update',
    summary: `${peer ? peerActor(c) : 'Tỉnh'} ${what}` + (c.NoiDungXuLy ? ` – ${c.NoiDungXuLy}` : '') + '. Chưa áp dụng tại quầy: chờ xử lý xung đột đồng bộ.',
    fromStatus: d.status,
    toStatus: d.status,
    detail: { source: peer ? 'peer' : 'province', provinceSeq: c.seq, held: true },
  });
}

export async function referenceVersions(db: DeskDb): Promise<ReferenceVersions> {
  return (await readState(db, 'reference')) ?? { catalog: 0, calendar: 0, office: 0, updatedAt: null };
}

/**
 * The province's catalog, calendar and office data replace the desk's (the seeds at first). The copy
 * stays in the database, so the desk keeps working with it while offline.
 */
export async function applyReference(db: DeskDb, ref: ReferenceResponse, now: number): Promise<string[]> {
  const updated: string[] = [];
  const described: string[] = [];
  await db.transaction('rw', [db.procedures, db.calendarOverrides, db.deskCalendarDays, db.settings, db.syncState, db.audit], async () => {
    const versions = await referenceVersions(db);
    if (ref.catalog) {
      await db.procedures.clear();
      await db.procedures.bulkPut(ref.catalog.procedures);
      versions.catalog = ref.catalog.version;
      updated.push('catalog');
      described.push(`danh mục thủ tục (phiên bản ${ref.catalog.version})`);
    }
    if (ref.calendar) {
      // The province's list only: the desk's own days live apart and are never dropped here.
      await replaceProvinceCalendar(db, ref.calendar.overrides);
      await putSettings(db, { calendar: calendarBaseSchema.parse(ref.calendar.base) });
      versions.calendar = ref.calendar.version;
      updated.push('calendar');
      described.push(`lịch làm việc (phiên bản ${ref.calendar.version})`);
    }
    if (ref.office) {
      await putSettings(db, { office: ref.office.office, codePattern: ref.office.codePattern });
      const desk = await readSetting(db, 'desk');
      const enrolment = await readState(db, 'enrolment');
      if (desk) await putSettings(db, { desk: { ...desk, deskNo: enrolment?.deskNo ?? desk.deskNo, desksInAgency: ref.office.desksInAgency } });
      versions.office = ref.office.version;
      updated.push('office');
      described.push(`thông tin cơ quan (phiên bản ${ref.office.version})`);
    }
    if (updated.length) {
      await writeState(db, 'reference', { ...versions, updatedAt: now });
      await db.audit.add(auditEvent({ dossierId: null, action: 'reference_updated', actor: 'Hệ thống của tỉnh', summary: `Cập nhật từ tỉnh: ${described.join(', ')}`, at: now }));
    }
  });
  return updated;
}

/** Quarantines one entry that something on the way refused on its own, with the reason. */
export async function quarantineEntry(db: DeskDb, entry: OutboxEntry, reason: string): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const current = await db.outbox.get(entry.seq!);
    if (current && current.id === entry.id && current.state !== 'sent') {
      await db.outbox.update(entry.seq!, { state: 'quarantined', attempts: current.attempts + 1, lastError: reason });
    }
  });
}

export interface Holding {
  deskRev: number;
  provinceSeq: number;
  digest: string;
}

/**
 * The province's store has a new epoch (reset or restored): what the desk believed sent may be gone.
 * Every dossier the province lacks or holds differently is queued again with a new revision (the desk's
 * version of its own dossiers is the one to restore); the cursor and the dossiers' province seqs go back
 * to the new epoch's floor, so no province change of the new epoch is skipped. One transaction.
 */
export async function recheckAfterNewEpoch(db: DeskDb, held: Map<string, Holding>, store: StoreIdentity, moved = false): Promise<{ resent: number }> {
  let resent = 0;
  await db.transaction('rw', [db.dossiers, db.outbox, db.syncState, db.conflicts], async () => {
    // Moved to another server (an office relay ↔ the province): its numbering is its own, so the cursor
    // starts at 0 and each dossier takes the new server's seq where both hold the same version (its
    // changes up to there are known), else 0 (its changes come again and are judged, never skipped).
    // Unsent snapshots are left as they are (moved: floor is infinite) and take the dossier's new seq below.
    const floor = moved ? Number.MAX_SAFE_INTEGER : store.floor;
    const cursor = (await readState(db, 'cursor')) ?? 0;
    await writeState(db, 'cursor', moved ? 0 : Math.min(cursor, floor));
    if (moved) await writeState(db, 'moved', false);
    const unsent = await db.outbox.where('state').anyOf(UNSENT).toArray();
    // Unsent snapshots must not claim province changes the store no longer has.
    const lowered = unsent.filter((e) => ((e.dossier as SyncedDossier).provinceSeq ?? 0) > floor);
    for (const e of lowered) await db.outbox.update(e.seq!, { dossier: { ...e.dossier, provinceSeq: floor } as SyncedDossier });
    const pendingHere = new Set(unsent.map((e) => e.dossierId));
    const seenById = new Map<string, number>();
    const dossiers = (await db.dossiers.toArray()) as SyncedDossier[];
    const puts: SyncedDossier[] = [];
    const resend: string[] = [];
    for (const d of dossiers) {
      const h = held.get(d.id);
      // The desk's own unsent changes explain a difference: what the server holds before them is known.
      const seen = moved ? (h && (pendingHere.has(d.id) || h.digest === hoSoDigest(toHoSo(d))) ? h.provinceSeq : 0) : Math.min(d.provinceSeq ?? 0, floor);
      // A purged dossier's personal data is only at the province now: never send its skeleton over it. A
      // copy of another desk's dossier, or an online one it never took over, is not this desk's to send again.
      if (!d.purgedAt && !d.peer && !(d.online && !h) && (!h || h.digest !== hoSoDigest(toHoSo(d)))) resend.push(d.id);
      if (seen !== (d.provinceSeq ?? 0)) puts.push({ ...d, provinceSeq: seen });
      seenById.set(d.id, seen);
    }
    // Moved: what the unsent changes say they had seen is told in the new server's numbering.
    if (moved) for (const e of unsent) await db.outbox.update(e.seq!, { dossier: { ...e.dossier, provinceSeq: seenById.get(e.dossierId) ?? 0 } as SyncedDossier });
    if (puts.length) await db.dossiers.bulkPut(puts);
    // Queued after the new epoch's changes are pulled, so the re-sent versions acknowledge them.
    await writeState(db, 'resend', { ids: resend, deskRevs: Object.fromEntries(resend.map((id) => [id, held.get(id)?.deskRev ?? 0])) });
    await writeState(db, 'store', store);
    resent = resend.length;
  });
  return { resent };
}

/** Queues the dossiers the re-check found missing or different at the province, each with a new revision. */
export async function queueResends(db: DeskDb, now: number): Promise<number> {
  return db.transaction('rw', [db.dossiers, db.outbox, db.syncState, db.conflicts, db.audit], async () => {
    const resend = await readState(db, 'resend');
    if (!resend?.ids.length) return 0;
    const openIds = await openConflictDossiers(db);
    const found = (await db.dossiers.bulkGet(resend.ids)) as (SyncedDossier | undefined)[];
    const puts: SyncedDossier[] = [];
    const entries: OutboxEntry[] = [];
    const audits: AuditEvent[] = [];
    for (const d of found) {
      if (!d || openIds.has(d.id)) continue; // a conflict the officer settles sends the desk's version itself
      const next: SyncedDossier = { ...d, rev: Math.max(d.rev, resend.deskRevs[d.id] ?? 0) + 1 };
      puts.push(next);
      entries.push(outboxEntry('dossier.transition', next, now));
      audits.push(auditEvent({ dossierId: d.id, action: 'sync_resent', actor: 'Hệ thống đồng bộ', summary: 'Gửi lại hồ sơ lên tỉnh: hệ thống của tỉnh đã được khôi phục và chưa có bản này', at: now, fromStatus: d.status, toStatus: d.status, detail: { rev: next.rev } }));
    }
    if (puts.length) await db.dossiers.bulkPut(puts);
    if (entries.length) await db.outbox.bulkAdd(entries);
    if (audits.length) await db.audit.bulkAdd(audits);
    await writeState(db, 'resend', { ids: [], deskRevs: {} });
    return entries.length;
  });
}
