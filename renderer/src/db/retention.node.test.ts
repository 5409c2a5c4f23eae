import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vnTime } from '@shared/calendar/vnTime';
import { PURGED_NAME } from '@shared/domain/retention';
import { openDeskDb, type DeskDb } from './db';
import { countByStatus, dossierHistory, receiveDossier, searchDossiers, transitionDossier } from './dossiers';
import { receiveData, setUpDesk, signInForTest } from './dossiers.cases';
import { countPurgeable, purgeExpiredPersonalData, saveRetentionDays } from './retention';
import { PermissionError } from './session';

const NOW = vnTime(2026, 11, 23, 9, 0);
const YEARS_AGO = vnTime(2020, 3, 2, 9, 0);

async function returned(db: DeskDb, at: number, name: string) {
  const d = await receiveDossier(db, receiveData({ fullName: name, idNumber: '001090012345', phone: '0912345678' }), at);
  await transitionDossier(db, d.id, 'hand_over', {}, at + 60_000);
  await transitionDossier(db, d.id, 'mark_processed', {}, at + 120_000);
  return transitionDossier(db, d.id, 'return_result', { collectedBy: name, method: 'desk' }, at + 180_000);
}

describe('retention: personal data purged from the desk after the period, once the province has it', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = openDeskDb(`ret-${crypto.randomUUID()}`);
    await setUpDesk(db);
  });
  afterEach(() => db.delete());

  it('purges old returned dossiers the province confirmed, keeps the rest, and audits each', async () => {
    const old = await returned(db, YEARS_AGO, 'Nguyễn Văn Cũ');
    const unsent = await returned(db, YEARS_AGO + 86_400_000, 'Trần Thị Chưa Gửi');
    const recent = await returned(db, NOW - 30 * 86_400_000, 'Lê Văn Mới');
    const active = await receiveDossier(db, receiveData({ fullName: 'Phạm Đang Làm' }), YEARS_AGO);
    // The province confirmed everything but the last change of `unsent`.
    await db.outbox.toCollection().modify((e) => {
      e.state = 'sent';
    });
    const last = await db.outbox.where('dossierId').equals(unsent.id).last();
    await db.outbox.update(last!.seq!, { state: 'pending' });
    await saveRetentionDays(db, 5 * 365, NOW);
    const before = await countByStatus(db);
    expect(await countPurgeable(db, NOW)).toBe(1);

    signInForTest(db, 'officer');
    await expect(purgeExpiredPersonalData(db, NOW)).rejects.toBeInstanceOf(PermissionError);
    signInForTest(db, 'admin');
    expect(await purgeExpiredPersonalData(db, NOW)).toBe(1);

    const p = (await db.dossiers.get(old.id))!;
    expect(p.applicant).toMatchObject({ fullName: PURGED_NAME, idNumber: '', phone: '', address: '', email: '' });
    expect(p.collectedBy).toBe('');
    // What the desk counts with stays.
    expect(p).toMatchObject({ code: old.code, procedureCode: old.procedureCode, receivedAt: old.receivedAt, returnedAt: old.returnedAt, appointmentAt: old.appointmentAt, status: 'returned', rev: old.rev });
    // No copy of the data is left in the outbox snapshots, and no change goes to the province.
    const snapshots = await db.outbox.where('dossierId').equals(old.id).toArray();
    expect(snapshots.every((e) => e.dossier.applicant.idNumber === '' && e.dossier.applicant.fullName === PURGED_NAME && e.state === 'sent')).toBe(true);
    expect(JSON.stringify(await db.dossiers.get(old.id))).not.toContain('Cũ');
    expect(await searchDossiers(db, 'nguyen van cu')).toHaveLength(0);
    expect((await searchDossiers(db, old.code)).map((d) => d.id)).toEqual([old.id]);
    expect((await dossierHistory(db, old.id)).at(-1)).toMatchObject({ action: 'purged', actor: 'Trần Thị Bình' });
    for (const kept of [unsent, recent, active]) expect((await db.dossiers.get(kept.id))!.applicant.idNumber).toBe('001090012345');
    expect(await countByStatus(db)).toEqual(before);
    expect(await purgeExpiredPersonalData(db, NOW)).toBe(0);
  });

  it('scanned files go with the personal data, only once the province stored them as they are now', async () => {
    const stored = await returned(db, YEARS_AGO, 'Nguyễn Văn Quét');
    const pending = await returned(db, YEARS_AGO + 86_400_000, 'Trần Thị Đang Gửi');
    await db.outbox.toCollection().modify((e) => {
      e.state = 'sent';
    });
    const scan = (dossierId: string, sha256: string) => ({ id: crypto.randomUUID(), dossierId, slot: 'component:c1', fileName: 'x.pdf', pdf: new Blob(['%PDF-1.7 CCCD']), bytes: 13, sha256, pageCount: 1, digitisedBy: 'a', digitisedByName: 'A', digitisedAt: YEARS_AGO });
    const a = scan(stored.id, 'aa');
    const b = scan(pending.id, 'bb2');
    await db.scanFiles.bulkAdd([a, b]);
    const upload = (fileId: string, dossierId: string, sha256: string) => ({ id: `${fileId}:${sha256}`, fileId, dossierId, slot: 'component:c1', sha256, state: 'done' as const, bytesSent: 13, total: 13, uploadUrl: null, error: null, attempts: 1, createdAt: NOW, updatedAt: NOW, receivedAt: '20200302100000' });
    // The province holds an older version of b's file: the current one is not there yet.
    await db.uploads.bulkAdd([upload(a.id, stored.id, 'aa'), upload(b.id, pending.id, 'bb1')]);
    await saveRetentionDays(db, 5 * 365, NOW);
    signInForTest(db, 'admin');
    expect(await purgeExpiredPersonalData(db, NOW)).toBe(1);
    expect(await db.scanFiles.where('dossierId').equals(stored.id).count()).toBe(0);
    expect(await db.uploads.where('dossierId').equals(stored.id).count()).toBe(0);
    expect((await dossierHistory(db, stored.id)).at(-1)).toMatchObject({ action: 'purged', detail: { scans: 1 } });
    expect(await db.scanFiles.get(b.id)).toBeTruthy();
    expect((await db.dossiers.get(pending.id))!.applicant.fullName).toBe('Trần Thị Đang Gửi');
  });

  it('refuses a retention period shorter than 30 days', async () => {
    await expect(saveRetentionDays(db, 5)).rejects.toThrow(/từ 30/);
  });
});
