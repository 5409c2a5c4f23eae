// Postal work on the desk: dossiers collected outside it, handover batches, the scanner's look-up.
// Each command checks the account's role and writes its rows and audit events in one transaction.
import type { Dossier } from '@shared/domain/dossier';
import { BatchError, MAX_BATCH_SIZE, batchProgress, nextBatchCode, type BatchKind, type PostalBatch } from '@shared/postal/batch';
import { normalizeWaybill } from '@shared/postal/waybill';
import { codeDay } from '@shared/codes/dossierCode';
import type { DeskDb } from './db';
import { auditEvent, newId } from './records';
import { loadDeskConfig } from './settings';
import { requirePermission } from './session';

const tables = (db: DeskDb) => [db.dossiers, db.postalBatches, db.audit, db.settings, db.calendarOverrides, db.deskCalendarDays];

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
      if (kind === 'return' && !(d.postalReturn?.outboundWaybill)) throw new BatchError(`Kết quả của hồ sơ ${d.code} chưa có mã bưu gửi chiều về.`);
      const other = await db.postalBatches.where('dossierIds').equals(d.id).filter((b) => b.kind === kind).first();
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

