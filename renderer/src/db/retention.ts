// Purging personal data past the retention period (administrator): returned dossiers confirmed by the
// province lose the applicant's data on the desk, in their outbox snapshots too, and their scanned files
// once the province stored them, each with an audit event.
// Nothing goes to the province (it is the archive). In batches, one transaction each.
import Dexie from 'dexie';
import { DEFAULT_RETENTION_DAYS, pastRetention, retentionProblem, withoutPersonalData } from '@shared/domain/retention';
import type { Dossier } from '@shared/domain/dossier';
import type { DeskDb } from './db';
import { auditEvent } from './records';
import { requirePermission } from './session';

export async function readRetentionDays(db: DeskDb): Promise<number> {
  return ((await db.settings.get('retentionDays'))?.value as number | undefined) ?? DEFAULT_RETENTION_DAYS;
}

export async function saveRetentionDays(db: DeskDb, days: number, now = Date.now()): Promise<void> {
  const problem = retentionProblem(days);
  if (problem) throw new RangeError(problem);
  await db.transaction('rw', [db.settings, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'settings');
    await db.settings.put({ key: 'retentionDays', value: days });
    await db.audit.add(auditEvent({ dossierId: null, action: 'settings_changed', actor, actorId, summary: `Đổi thời hạn lưu dữ liệu cá nhân trên quầy: ${days} ngày sau khi trả kết quả`, at: now, detail: { keys: 'retentionDays' } }));
  });
}

/**
 * Returned dossiers past the period whose every change the province has confirmed, with no open conflict,
 * and whose every scanned file (copies of ID cards: personal data too) the province has stored as it is now.
 */
async function eligible(db: DeskDb, now: number, days: number, limit: number): Promise<Dossier[]> {
  const old = await db.dossiers.where('[status+appointmentAt]').between(['returned', Dexie.minKey], ['returned', Dexie.maxKey]).filter((d) => pastRetention(d, now, days)).limit(limit * 4).toArray();
  const out: Dossier[] = [];
  for (const d of old) {
    const unconfirmed = await db.outbox.where('dossierId').equals(d.id).filter((e) => e.state !== 'sent').count();
    const conflict = await db.conflicts.where('dossierId').equals(d.id).filter((c) => c.open === 1).count();
    const files = await db.scanFiles.where('dossierId').equals(d.id).toArray();
    const stored = new Set((await db.uploads.where('dossierId').equals(d.id).filter((u) => u.state === 'done').toArray()).map((u) => `${u.fileId}:${u.sha256}`));
    const scansAtProvince = files.every((f) => stored.has(`${f.id}:${f.sha256}`));
    if (!unconfirmed && !conflict && scansAtProvince) out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}

export async function countPurgeable(db: DeskDb, now = Date.now()): Promise<number> {
  return (await eligible(db, now, await readRetentionDays(db), 100_000)).length;
}

/** Purges up to everything eligible, in batches of 500. Returns how many dossiers were purged. */
export async function purgeExpiredPersonalData(db: DeskDb, now = Date.now()): Promise<number> {
  requirePermission(db, 'purge');
  const days = await readRetentionDays(db);
  let total = 0;
  for (;;) {
    const n = await db.transaction('rw', [db.dossiers, db.outbox, db.conflicts, db.scanFiles, db.uploads, db.audit, db.settings], async () => {
      const { actor, actorId } = requirePermission(db, 'purge');
      const batch = await eligible(db, now, days, 500);
      for (const d of batch) {
        const purged = withoutPersonalData(d, now);
        await db.dossiers.put(purged);
        await db.outbox.where('dossierId').equals(d.id).modify((e) => {
          e.dossier = withoutPersonalData(e.dossier, now);
        });
        const scans = await db.scanFiles.where('dossierId').equals(d.id).delete();
        await db.uploads.where('dossierId').equals(d.id).delete();
        await db.audit.add(auditEvent({ dossierId: d.id, action: 'purged', actor, actorId, summary: `Xóa dữ liệu cá nhân của hồ sơ ${d.code} trên quầy${scans ? ` và ${scans} tệp số hoá` : ''} (hết thời hạn lưu ${days} ngày; tỉnh lưu bản đầy đủ)`, at: now, fromStatus: d.status, toStatus: d.status, detail: { days, scans } }));
      }
      return batch.length;
    });
    total += n;
    if (n < 500) break;
  }
  return total;
}
