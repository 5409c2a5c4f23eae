// After a restore from a backup, the desk asks the province what it holds of this desk (GET /v1/restore)
// and takes back what is newer than its restored copy, and the highest sequence number issued per day,
// so it never reissues a code the province already holds. Until then the counter keeps its safety gap
// (db/backup.ts) and the screens warn.
import { dvcqgProcedureCode } from '@shared/domain/catalog';
import { counterKey } from '@shared/domain/reception';
import { parseCodePattern, codeSequence } from '@shared/codes/dossierCode';
import type { RestoreItem } from '@shared/sync/contract';
import { dossierFromHoSo } from '@shared/sync/restore';
import type { RestoreState } from '../db/backup';
import type { DeskDb } from '../db/db';
import { auditEvent } from '../db/records';
import { deskActor, loadDeskConfig } from '../db/settings';

export interface RestoreTally {
  takenBack: number;
  counters: number;
}

/** One page of the province's answer, in one transaction: newer dossiers and higher counters. */
export function applyRestorePage(db: DeskDb, items: RestoreItem[], deskNo: number, now: number): Promise<RestoreTally> {
  return db.transaction('rw', [db.dossiers, db.counters, db.audit, db.procedures, db.settings, db.calendarOverrides, db.deskCalendarDays, db.syncState], async () => {
    const tally: RestoreTally = { takenBack: 0, counters: 0 };
    const config = await loadDeskConfig(db);
    const procedures = await db.procedures.toArray();
    const byDvcqg = new Map(procedures.map((p) => [dvcqgProcedureCode(p.code), p.code]));
    const local = await db.dossiers.bulkGet(items.map((i) => i.dossierId));
    const pattern = parseCodePattern(config.codePattern);
    const highest = new Map<string, number>();
    const actor = deskActor(db);
    for (const [i, item] of items.entries()) {
      const mine = local[i];
      if (!mine || mine.rev < item.deskRev) {
        const d = dossierFromHoSo(item, byDvcqg.get(item.HoSo.MaTTHC) ?? item.HoSo.MaTTHC, now);
        await db.dossiers.put(d);
        await db.audit.add(auditEvent({ dossierId: d.id, action: 'restore_reconciled', actor, summary: mine ? `Cập nhật hồ sơ ${d.code} theo bản của tỉnh (mới hơn bản sao lưu đã khôi phục)` : `Lấy lại hồ sơ ${d.code} từ tỉnh (tiếp nhận sau bản sao lưu đã khôi phục)`, at: now, fromStatus: mine?.status ?? null, toStatus: d.status, detail: { deskRev: item.deskRev, localRev: mine?.rev ?? null } }));
        tally.takenBack++;
      }
      if (config.office && config.desk && item.HoSo.deskNo === deskNo) {
        const seq = codeSequence(pattern, config.office.agencyCode, item.HoSo.MaHoSo);
        const receivedAt = dossierFromHoSo(item, '', now).receivedAt;
        if (seq != null) {
          const key = counterKey(receivedAt, config.desk, config.codePattern);
          highest.set(key, Math.max(highest.get(key) ?? 0, seq));
        }
      }
    }
    for (const [key, seq] of highest) {
      const row = await db.counters.get(key);
      if ((row?.last ?? 0) < seq) {
        await db.counters.put({ day: key, last: seq });
        tally.counters++;
      }
    }
    return tally;
  });
}

/** The province has answered in full: the restore is reconciled (the gap already skipped stays skipped). */
export function finishRestore(db: DeskDb, state: RestoreState, tally: RestoreTally, now: number): Promise<void> {
  return db.transaction('rw', [db.syncState, db.audit, db.settings], async () => {
    await db.syncState.put({ key: 'restore', value: { ...state, reconciledAt: now, takenBack: tally.takenBack } satisfies RestoreState });
    await db.audit.add(auditEvent({ dossierId: null, action: 'restore_reconciled', actor: deskActor(db), summary: `Đối chiếu với tỉnh sau khi khôi phục: lấy lại ${tally.takenBack} hồ sơ, cập nhật ${tally.counters} bộ đếm số thứ tự`, at: now, detail: { takenBack: tally.takenBack, counters: tally.counters } }));
  });
}
