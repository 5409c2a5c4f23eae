// Postal work on the desk: dossiers collected outside it, handover batches, the scanner's look-up.
// Each command checks the account's role and writes its rows and audit events in one transaction.
import type { Dossier } from '@shared/domain/dossier';
import { BatchError, MAX_BATCH_SIZE, batchProgress, nextBatchCode, type BatchKind, type PostalBatch } from '@shared/postal/batch';
import Dexie from 'dexie';
import { checkWaybill, normalizeWaybill } from '@shared/postal/waybill';
import { nextPostalReturn, PostalReturnError, type PostalReturnEvent } from '@shared/postal/returnPost';
import { applyTransition } from '@shared/domain/transitions';
import { codeDay } from '@shared/codes/dossierCode';
import type { DeskDb } from './db';
import { auditEvent, newId, outboxEntry } from './records';
import { loadDeskConfig } from './settings';
import { requirePermission } from './session';

const tables = (db: DeskDb) => [db.dossiers, db.postalBatches, db.audit, db.outbox, db.settings, db.calendarOverrides, db.deskCalendarDays];

/** Dossiers the postal staff collected that are in no handover batch yet, newest first. */
export async function unbatchedIntakes(db: DeskDb, limit = 500): Promise<Dossier[]> {
  const collected = await db.dossiers.where('postal.inboundWaybill').above('').limit(5000).toArray();
  const batched = new Set((await db.postalBatches.where('kind').equals('intake').toArray()).flatMap((b) => b.dossierIds));
  return collected.filter((d) => !batched.has(d.id)).sort((a, b) => b.receivedAt - a.receivedAt).slice(0, limit);
}

export async function listBatches(db: DeskDb, kind: BatchKind, limit = 100): Promise<PostalBatch[]> {
  const rows = await db.postalBatches.orderBy('createdAt').reverse().filter((b) => b.kind === kind).limit(limit).toArray();
  return rows;
}

export async function getBatch(db: DeskDb, id: string): Promise<{ batch: PostalBatch; dossiers: Dossier[] } | undefined> {
  const batch = await db.postalBatches.get(id);
  if (!batch) return undefined;
  const dossiers = (await db.dossiers.bulkGet(batch.dossierIds)).filter((d): d is Dossier => !!d);
  return { batch, dossiers };
}

/** The batches a dossier travels in (at most one of each kind). */
export async function batchesOfDossier(db: DeskDb, dossierId: string): Promise<PostalBatch[]> {
  return db.postalBatches.where('dossierIds').equals(dossierId).toArray();
}

/**
 * Groups collected dossiers into a handover batch for the desk (or, kind 'return', results for the post).
 * A dossier is in at most one batch of each kind.
 */
export async function createBatch(db: DeskDb, kind: BatchKind, dossierIds: string[], note = '', now = Date.now()): Promise<PostalBatch> {
  return db.transaction('rw', tables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'postal');
    const ids = [...new Set(dossierIds)];
    if (ids.length === 0) throw new BatchError('Hãy chọn ít nhất một hồ sơ để lập lô bàn giao.');
    if (ids.length > MAX_BATCH_SIZE) throw new BatchError(`Một lô bàn giao có tối đa ${MAX_BATCH_SIZE} hồ sơ.`);
    const config = await loadDeskConfig(db);
    if (!config.desk) throw new BatchError('Chưa thiết lập quầy tiếp nhận.');
    const dossiers = await db.dossiers.bulkGet(ids);
    for (let i = 0; i < ids.length; i++) {
      const d = dossiers[i];
      if (!d) throw new BatchError('Không tìm thấy một hồ sơ của lô (có thể đã bị xoá): hãy tải lại danh sách.');
      if (kind === 'intake' && !d.postal) throw new BatchError(`Hồ sơ ${d.code} không do bưu điện thu gom, không đưa vào lô bàn giao được.`);
      if (kind === 'return' && d.postalReturn?.state !== 'waybill_recorded') throw new BatchError(`Kết quả của hồ sơ ${d.code} chưa ghi mã bưu gửi chiều về hoặc đã giao bưu điện.`);
      // A result sent again after coming back travels in a new batch, with its new waybill.
      const other = await db.postalBatches.where('dossierIds').equals(d.id).filter((b) => b.kind === kind && (kind === 'intake' || b.createdAt >= (d.postalReturn?.recordedAt ?? 0))).first();
      if (other) throw new BatchError(`Hồ sơ ${d.code} đã thuộc lô bàn giao ${other.code}.`);
    }
    const dayStart = codeDay(now);
    const todays = await db.postalBatches.where('code').startsWith(`${kind === 'intake' ? 'BG' : 'BT'}-${config.desk.deskNo}-${dayStart}-`).toArray();
    const batch: PostalBatch = {
      id: newId(),
      code: nextBatchCode(kind, config.desk.deskNo, now, todays.map((b) => b.code)),
      kind,
      createdAt: now,
      createdBy: actor,
      createdById: actorId,
      dossierIds: ids,
      confirmations: [],
      note: note.normalize('NFC').trim().slice(0, 500),
    };
    await db.postalBatches.add(batch);
    for (const d of dossiers as Dossier[]) {
      if (kind === 'return') {
        // The slip goes with the results: each is now with the post.
        const { postalReturn, summary } = nextPostalReturn(d, { kind: 'handed_to_post' }, now);
        await db.dossiers.put({ ...d, postalReturn });
        await db.audit.add(auditEvent({ dossierId: d.id, action: 'postal_sent', actor, actorId, summary: `${summary}, lô ${batch.code}`, at: now, fromStatus: d.status, toStatus: d.status, detail: { batch: batch.code, waybill: postalReturn.outboundWaybill } }));
        continue;
      }
      const what = kind === 'intake' ? 'bàn giao cho Bộ phận một cửa' : 'bàn giao kết quả cho bưu điện';
      await db.audit.add(auditEvent({ dossierId: d.id, action: 'postal_batched', actor, actorId, summary: `Đưa vào lô ${what} ${batch.code}`, at: now, fromStatus: d.status, toStatus: d.status, detail: { batch: batch.code, kind } }));
    }
    return batch;
  });
}

/**
 * The officer checks in one dossier of an intake batch (usually by scanning its waybill or its code on the
 * slip). Confirming twice changes nothing and says so.
 */
export async function confirmIntake(db: DeskDb, dossierId: string, now = Date.now()): Promise<{ batch: PostalBatch; already: boolean }> {
  return db.transaction('rw', tables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'transition');
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw new BatchError('Không tìm thấy hồ sơ.');
    const batch = await db.postalBatches.where('dossierIds').equals(dossierId).filter((b) => b.kind === 'intake').first();
    if (!batch) throw new BatchError(`Hồ sơ ${dossier.code} chưa thuộc lô bàn giao nào của bưu điện.`);
    if (batch.confirmations.some((c) => c.dossierId === dossierId)) return { batch, already: true };
    const next: PostalBatch = { ...batch, confirmations: [...batch.confirmations, { dossierId, at: now, by: actor, byId: actorId }] };
    await db.postalBatches.put(next);
    const { confirmed, total } = batchProgress(next);
    await db.audit.add(auditEvent({ dossierId, action: 'postal_confirmed', actor, actorId, summary: `Xác nhận đã nhận hồ sơ từ bưu điện (lô ${batch.code}, ${confirmed}/${total})`, at: now, fromStatus: dossier.status, toStatus: dossier.status, detail: { batch: batch.code } }));
    return { batch: next, already: false };
  });
}

export async function findBatchByCode(db: DeskDb, code: string): Promise<PostalBatch | undefined> {
  return db.postalBatches.where('code').equals(code.trim().toUpperCase()).first();
}

/** Results to send by post, and those on their way or back from the post: processed, delivery by post. */
export async function resultsByPost(db: DeskDb, limit = 500): Promise<Dossier[]> {
  return db.dossiers
    .where('[status+appointmentAt]').between(['processed', Dexie.minKey], ['processed', Dexie.maxKey])
    .filter((d) => d.resultDelivery === 'post')
    .limit(limit)
    .toArray();
}

const RETURN_AUDIT = { waybill_recorded: 'postal_sent', handed_to_post: 'postal_sent', failed: 'postal_failed', back_at_desk: 'postal_back_at_desk', delivered: 'postal_delivered' } as const;

/**
 * A step of the result's journey by post. Delivery is the return of the result: the dossier moves to
 * "Đã trả kết quả" through the transition rules, with who received it and when, and goes to the province.
 * The other steps stay on the desk (the sync contract has no field for them yet).
 */
export async function recordPostalReturn(db: DeskDb, dossierId: string, event: PostalReturnEvent, now = Date.now()): Promise<Dossier> {
  return db.transaction('rw', tables(db), async () => {
    const { actor, actorId } = requirePermission(db, 'postal');
    const dossier = await db.dossiers.get(dossierId);
    if (!dossier) throw new PostalReturnError('Không tìm thấy hồ sơ.');
    const config = await loadDeskConfig(db);
    let e = event;
    if (e.kind === 'waybill_recorded') {
      const check = checkWaybill(e.waybill, config.waybillPatterns);
      if (!check.ok) throw new PostalReturnError(check.message);
      const taken = (await db.dossiers.where('postalReturn.outboundWaybill').equals(check.value).first()) ?? (await db.dossiers.where('postal.inboundWaybill').equals(check.value).first());
      if (taken && taken.id !== dossier.id) throw new PostalReturnError(`Mã bưu gửi ${check.value} đã được ghi cho hồ sơ ${taken.code}.`);
      e = { kind: 'waybill_recorded', waybill: check.value };
    }
    const { postalReturn, summary } = nextPostalReturn(dossier, e, now);
    if (e.kind !== 'delivered') {
      const next = { ...dossier, postalReturn };
      await db.dossiers.put(next);
      await db.audit.add(auditEvent({ dossierId: dossier.id, action: RETURN_AUDIT[e.kind], actor, actorId, summary, at: now, fromStatus: dossier.status, toStatus: dossier.status, detail: { waybill: postalReturn.outboundWaybill, state: postalReturn.state } }));
      return next;
    }
    // Delivered: the return itself, at the time of delivery, through the one set of transition rules.
    const result = applyTransition(dossier, 'return_result', { collectedBy: postalReturn.receivedBy, method: 'post', waybill: postalReturn.outboundWaybill }, e.deliveredAt, config.calendar);
    const next = { ...result.dossier, postalReturn, updatedAt: now };
    await db.dossiers.put(next);
    await db.outbox.add(outboxEntry('dossier.transition', next, now));
    await db.audit.add(auditEvent({ dossierId: dossier.id, action: 'return_result', actor, actorId, summary: `${summary}. ${result.summary}`, at: now, fromStatus: dossier.status, toStatus: next.status, detail: { ...result.detail, deliveredAt: e.deliveredAt } }));
    return next;
  });
}

/** What a scanner typed: a dossier code, or a waybill in either direction. */
export async function findByScan(db: DeskDb, text: string): Promise<Dossier | undefined> {
  const raw = text.normalize('NFC').trim();
  if (!raw) return undefined;
  const byCode = await db.dossiers.where('code').equals(raw).first();
  if (byCode) return byCode;
  const waybill = normalizeWaybill(raw);
  return (await db.dossiers.where('postal.inboundWaybill').equals(waybill).first())
    ?? db.dossiers.where('postalReturn.outboundWaybill').equals(waybill).first();
}

