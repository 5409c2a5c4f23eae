import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from './db';
import { setSession, PermissionError, type Session } from './session';
import { receiveDossier, transitionDossier } from './dossiers';
import { ensureCatalog, saveSetup, saveWaybillPatterns } from './settings';
import { confirmIntake, createBatch, findByScan, recordPostalReturn, resultsByPost, unbatchedIntakes } from './postal';
import { verifyAuditChain } from './audit';
import { vnTime, formatVnDateTime } from '@shared/calendar/vnTime';
import { sampleReceiveData, SAMPLE_DESK, SAMPLE_OFFICE } from '../../../test/fixtures/dossiers';

const as = (role: Session['role'], name: string): Session => ({ accountId: `acc-${role}`, username: role, displayName: name, role, locked: false });
const POSTAL = as('postal', 'Lê Văn Bưu');
const OFFICER = as('officer', 'Trần Thị Bình');
const ADMIN = as('admin', 'Quản trị');

// A Tuesday morning, so the seed procedures' appointments are plain working days.
const NOW = vnTime(2026, 12, 1, 9, 0);

function collected(waybill: string, name = 'Nguyễn Văn An', id = '001090012345') {
  return {
    ...sampleReceiveData({ fullName: name, idNumber: id }),
    resultDelivery: 'post' as const,
    deliveryAddress: '',
    postal: { collectedAt: formatVnDateTime(NOW - 3600_000), place: 'Bưu cục An Bình', inboundWaybill: waybill, postalFee: 25000 },
  };
}

describe('postal intake and handover batches', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = openDeskDb(`postal-${crypto.randomUUID()}`);
    setSession(db, ADMIN);
    await ensureCatalog(db);
    await saveSetup(db, SAMPLE_OFFICE, SAMPLE_DESK);
  });
  afterEach(async () => {
    setSession(db, null);
    await db.delete();
  });

  it('a postal account records a collected dossier: it gets its code like any other, with collector, waybill and fee', async () => {
    setSession(db, POSTAL);
    const d = await receiveDossier(db, collected('rr 47312482 9 vn'), NOW);
    expect(d.code).toBe('000.17.22.H56-261201-0001');
    expect(d.postal).toMatchObject({ inboundWaybill: 'RR473124829VN', postalFee: 25000, collectorName: 'Lê Văn Bưu', collectorId: 'acc-postal', collectedAt: NOW - 3600_000, place: 'Bưu cục An Bình' });
    expect(d.officerName).toBe('Lê Văn Bưu');
    expect(d.deliveryAddress).toBe('Thôn Đông, xã An Bình');
    const [entry] = await db.outbox.toArray();
    expect(entry.kind).toBe('dossier.received');
    const [event] = await db.audit.filter((e) => e.dossierId === d.id).toArray();
    expect(event.summary).toContain('mã bưu gửi RR473124829VN');
    expect(event.summary).not.toContain('Nguyễn');
  });

  it('refuses a wrong check digit (explained), a waybill used twice, a future time, and writes nothing', async () => {
    setSession(db, POSTAL);
    await expect(receiveDossier(db, collected('RR473124828VN'), NOW)).rejects.toThrow('phải là 9');
    expect(await db.dossiers.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    await receiveDossier(db, collected('RR473124829VN'), NOW);
    await expect(receiveDossier(db, collected('RR473124829VN', 'Phạm Thị Hoa', '001190012346'), NOW)).rejects.toThrow('đã được ghi cho hồ sơ 000.17.22.H56-261201-0001');
    const future = collected('RB123456785VN');
    future.postal.collectedAt = formatVnDateTime(NOW + 3600_000);
    await expect(receiveDossier(db, future, NOW)).rejects.toThrow('không được sau thời điểm hiện tại');
    expect(await db.dossiers.count()).toBe(1);
    // The counter did not move on a refused save: the next code is 0002.
    expect((await receiveDossier(db, collected('RB123456785VN', 'Phạm Thị Hoa', '001190012346'), NOW)).code).toMatch(/-0002$/);
  });

  it("accepts a number of the province's own pattern", async () => {
    await saveWaybillPatterns(db, [{ name: 'Bưu gửi trong nước', regex: 'EB\\d{9}VN', example: 'EB123456789VN' }]);
    setSession(db, POSTAL);
    expect((await receiveDossier(db, collected('EB123456789VN'), NOW)).postal?.inboundWaybill).toBe('EB123456789VN');
  });

  it('a supervisor may not record postal intake', async () => {
    setSession(db, as('supervisor', 'Lãnh đạo'));
    await expect(receiveDossier(db, collected('RR473124829VN'), NOW)).rejects.toThrow(PermissionError);
  });

  it('batches the collected dossiers; the officer confirms each by scanning; the audit chain holds', async () => {
    setSession(db, POSTAL);
    const a = await receiveDossier(db, collected('RR473124829VN'), NOW);
    const b = await receiveDossier(db, collected('RB123456785VN', 'Phạm Thị Hoa', '001190012346'), NOW);
    expect((await unbatchedIntakes(db)).map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    const batch = await createBatch(db, 'intake', [a.id, b.id], '', NOW);
    expect(batch.code).toBe('BG-1-261201-01');
    expect(await unbatchedIntakes(db)).toEqual([]);
    await expect(createBatch(db, 'intake', [a.id], '', NOW)).rejects.toThrow('đã thuộc lô bàn giao BG-1-261201-01');
    // Postal staff cannot confirm their own handover.
    await expect(confirmIntake(db, a.id, NOW)).rejects.toThrow(PermissionError);

    setSession(db, OFFICER);
    expect((await findByScan(db, 'RB123456785VN'))?.id).toBe(b.id);
    expect((await findByScan(db, a.code))?.id).toBe(a.id);
    expect(await findByScan(db, 'RR000000005VN')).toBeUndefined();
    const first = await confirmIntake(db, b.id, NOW + 1000);
    expect(first.already).toBe(false);
    expect(first.batch.confirmations).toHaveLength(1);
    expect((await confirmIntake(db, b.id, NOW + 2000)).already).toBe(true);
    const second = await confirmIntake(db, a.id, NOW + 3000);
    expect(second.batch.confirmations.map((c) => c.by)).toEqual(['Trần Thị Bình', 'Trần Thị Bình']);
    const history = (await db.audit.toArray()).filter((e) => e.dossierId === a.id).map((e) => e.action);
    expect(history).toEqual(['received', 'postal_batched', 'postal_confirmed']);
    setSession(db, ADMIN);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('a dossier received at the desk cannot go into a postal intake batch', async () => {
    setSession(db, OFFICER);
    const d = await receiveDossier(db, sampleReceiveData(), NOW);
    await expect(createBatch(db, 'intake', [d.id], '', NOW)).rejects.toThrow('không do bưu điện thu gom');
  });

  describe('return by post', () => {
    async function processedForPost() {
      setSession(db, OFFICER);
      const d = await receiveDossier(db, { ...sampleReceiveData(), resultDelivery: 'post', deliveryAddress: 'Số 5 đường Lê Lợi, xã An Bình' }, NOW);
      await transitionDossier(db, d.id, 'hand_over', {}, NOW + 1000);
      return transitionDossier(db, d.id, 'mark_processed', {}, NOW + 2000);
    }

    it('the desk may no longer return a result by post with a free-text waybill such as "abc"', async () => {
      const d = await processedForPost();
      await expect(transitionDossier(db, d.id, 'return_result', { collectedBy: 'Nguyễn Văn An', method: 'post', waybill: 'abc' }, NOW + 3000)).rejects.toThrow('không đúng định dạng');
      await expect(transitionDossier(db, d.id, 'return_result', { collectedBy: 'Nguyễn Văn An', method: 'post', waybill: 'RR473124828VN' }, NOW + 3000)).rejects.toThrow('phải là 9');
      const ok = await transitionDossier(db, d.id, 'return_result', { collectedBy: 'Nguyễn Văn An', method: 'post', waybill: 'rr473124829vn' }, NOW + 3000);
      expect(ok.status).toBe('returned');
    });

    it('waybill, handover slip batch, failure, back at the desk, sent again, delivered: the return reaches the province', async () => {
      const d = await processedForPost();
      expect((await resultsByPost(db)).map((x) => x.id)).toEqual([d.id]);
      setSession(db, POSTAL);
      await expect(recordPostalReturn(db, d.id, { kind: 'waybill_recorded', waybill: 'abc' }, NOW + 3000)).rejects.toThrow('không đúng định dạng');
      await expect(recordPostalReturn(db, d.id, { kind: 'delivered', receivedBy: 'An', deliveredAt: NOW }, NOW + 3000)).rejects.toThrow('Không thể chuyển sang "Đã phát cho công dân"');
      await recordPostalReturn(db, d.id, { kind: 'waybill_recorded', waybill: 'RR473124829VN' }, NOW + 3000);
      const batch = await createBatch(db, 'return', [d.id], '', NOW + 4000);
      expect(batch.code).toBe('BT-1-261201-01');
      expect((await db.dossiers.get(d.id))?.postalReturn).toMatchObject({ state: 'handed_to_post', handedAt: NOW + 4000, outboundWaybill: 'RR473124829VN' });
      await recordPostalReturn(db, d.id, { kind: 'failed', reason: 'Không có người nhận' }, NOW + 5000);
      const back = await recordPostalReturn(db, d.id, { kind: 'back_at_desk' }, NOW + 6000);
      expect(back.status).toBe('processed');
      expect(back.postalReturn).toMatchObject({ state: 'back_at_desk', failReason: 'Không có người nhận' });
      // Sent again with a new waybill, in a new batch.
      await recordPostalReturn(db, d.id, { kind: 'waybill_recorded', waybill: 'RB123456785VN' }, NOW + 7000);
      expect((await createBatch(db, 'return', [d.id], '', NOW + 8000)).code).toBe('BT-1-261201-02');
      const outboxBefore = await db.outbox.count();
      const delivered = await recordPostalReturn(db, d.id, { kind: 'delivered', receivedBy: ' Nguyễn  Văn An ', deliveredAt: NOW + 9000 }, NOW + 10_000);
      expect(delivered).toMatchObject({ status: 'returned', returnedAt: NOW + 9000, collectedBy: 'Nguyễn Văn An' });
      expect(delivered.postalReturn).toMatchObject({ state: 'delivered', receivedBy: 'Nguyễn Văn An', deliveredAt: NOW + 9000 });
      const entries = await db.outbox.toArray();
      expect(entries.length).toBe(outboxBefore + 1);
      expect(entries[entries.length - 1]).toMatchObject({ kind: 'dossier.transition', dossierId: d.id });
      expect(await resultsByPost(db)).toEqual([]);
      expect((await findByScan(db, 'RB123456785VN'))?.id).toBe(d.id);
      const actions = (await db.audit.toArray()).filter((e) => e.dossierId === d.id).map((e) => e.action);
      expect(actions.slice(3)).toEqual(['postal_sent', 'postal_sent', 'postal_failed', 'postal_back_at_desk', 'postal_sent', 'postal_sent', 'return_result']);
    });

    it('a result the citizen collects at the desk does not go by post', async () => {
      setSession(db, OFFICER);
      const d = await receiveDossier(db, sampleReceiveData(), NOW);
      await transitionDossier(db, d.id, 'hand_over', {}, NOW + 1000);
      await transitionDossier(db, d.id, 'mark_processed', {}, NOW + 2000);
      await expect(recordPostalReturn(db, d.id, { kind: 'waybill_recorded', waybill: 'RR473124829VN' }, NOW + 3000)).rejects.toThrow('tại quầy');
    });
  });
});
