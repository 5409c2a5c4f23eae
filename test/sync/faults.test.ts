// Scenarios 3, 4 and 5 through a fault-injecting proxy in front of the real server, and one bad item.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transitionDossier } from '../../renderer/src/db/dossiers';
import { readState, readStatus } from '../../renderer/src/sync/state';
import { outboxCounts } from '../../renderer/src/sync/dossierState';
import type { Province } from '../../server/store';
import { AGENCY, DAY_START, cleanup, createAgency, expectSameOnBothSides, makeDesk, openProvince, receiveMany, startServer, syncUntilClean, type ServerProcess, type TestDesk } from './harness';
import { FaultProxy } from './faultProxy';

let server: ServerProcess;
let proxy: FaultProxy;
let p: Province;
let desk: TestDesk;
// Each test's desk is a new device of desk 1: a day of its own keeps their codes apart.
let day = DAY_START - 86_400_000;
const recv = (n: number, offsetMs = 0) => receiveMany(desk.db, n, day + offsetMs);

beforeAll(async () => {
  server = await startServer();
  proxy = await new FaultProxy(server.url).start();
  p = await openProvince(server);
  await createAgency(p);
});
afterAll(async () => {
  await proxy.close();
  await p.close();
  await server.stop();
  await cleanup(server);
});
beforeEach(async () => {
  day += 86_400_000;
  desk = await makeDesk(1, 3, { timeoutMs: 1_000 });
  await desk.engine.enrol(proxy.url, await p.issueEnrolmentCode(AGENCY, 1));
  return () => desk.close();
});

// The desk's own dossiers (it also holds copies of the earlier tests' desks' open dossiers: issue 14).
const myDossiers = async () => new Set((await desk.db.dossiers.toArray()).filter((d) => !d.peer).map((d) => d.id));
const heldDossiers = async () => new Set((await desk.db.dossiers.toArray()).map((d) => d.id));
const replaysNow = async () => (await p.stats()).replays;
async function expectDeskSynced() {
  const mine = await heldDossiers();
  const atProvince = (await p.listDossiers()).filter((d) => mine.has(d.id));
  expect(atProvince).toHaveLength(mine.size);
  await expectSameOnBothSides([desk.db], { listDossiers: async () => atProvince } as unknown as Province);
}

describe('faults between the desk and the server', () => {
  it('3. the connection drops after the server committed a batch: the retry is answered from the idempotency record', async () => {
    await recv(50);
    const before = (await replaysNow());
    proxy.inject('/v1/changes', 'drop_after_commit');
    const outcome = await desk.engine.runCycle();
    expect(outcome).toMatchObject({ ok: false });
    expect((await readStatus(desk.db)).connection).toBe('offline');
    expect(await outboxCounts(desk.db)).toMatchObject({ failed: 50, quarantined: 0 });
    const mine = await myDossiers();
    expect((await p.listDossiers()).filter((d) => mine.has(d.id))).toHaveLength(50); // committed, answer lost
    await syncUntilClean(desk);
    expect((await replaysNow()) - before).toBe(50);
    await expectDeskSynced();
  });

  it('4a. a request delivered twice is applied once', async () => {
    await recv(30);
    const before = (await p.stats());
    proxy.inject('/v1/changes', 'duplicate');
    await syncUntilClean(desk);
    const after = (await p.stats());
    expect(after.dossiers - before.dossiers).toBe(30);
    expect(after.replays - before.replays).toBe(30);
    await expectDeskSynced();
  });

  it('4b. an answer meant for another request (a replayed answer) confirms nothing', async () => {
    await recv(20);
    await syncUntilClean(desk);
    await recv(20, 3600_000);
    proxy.inject('/v1/changes', 'replay_previous');
    const outcome = await desk.engine.runCycle();
    expect(outcome).toMatchObject({ ok: false });
    expect((await readStatus(desk.db)).lastError).toMatch(/không khớp với lô đã gửi/);
    expect(await outboxCounts(desk.db)).toMatchObject({ failed: 20 });
    await syncUntilClean(desk);
    await expectDeskSynced();
  });

  it('4c. a delayed request arriving after its retry and a newer change neither doubles nor rolls back anything', async () => {
    const [first] = await recv(10);
    proxy.inject('/v1/changes', 'hold');
    expect(await desk.engine.runCycle()).toMatchObject({ ok: false });
    expect((await readStatus(desk.db)).lastError).toMatch(/không trả lời sau 1 giây/);
    expect(proxy.heldCount).toBe(1);
    // Meanwhile the officer moves a dossier on; the retry carries both the reception and the hand-over.
    await transitionDossier(desk.db, first.id, 'hand_over', {}, day + 2 * 3600_000);
    await syncUntilClean(desk);
    expect((await p.listDossiers()).find((d) => d.id === first.id)!.record.TrangThaiHoSo).toBe(4);
    // Now the stale request reaches the server, late and out of order.
    const before = (await replaysNow());
    proxy.releaseHeld();
    for (let i = 0; i < 100 && (await replaysNow()) < before + 10; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await replaysNow()) - before).toBe(10);
    expect((await p.listDossiers()).find((d) => d.id === first.id)!.record.TrangThaiHoSo).toBe(4);
    // A slow but timely answer is simply waited for.
    await recv(5, 5 * 3600_000);
    proxy.inject('/v1/changes', { delayMs: 300 });
    await syncUntilClean(desk);
    await expectDeskSynced();
  });

  for (const [fault, message] of [
    ['status500', /đang gặp lỗi \(mã 500\)/],
    ['html', /trang web thay vì dữ liệu/],
    ['truncate', /bị hỏng hoặc không đầy đủ/],
    ['schema', /không đúng định dạng đã thống nhất/],
  ] as const) {
    it(`5. ${fault} from the server: a clear Vietnamese error, nothing lost, nothing quarantined`, async () => {
      await recv(12);
      await syncUntilClean(desk);
      const target = (await desk.db.dossiers.toArray()).find((d) => !d.peer)!;
      await recv(8, 3600_000);

      // Push answer broken.
      proxy.inject('/v1/changes', fault);
      expect(await desk.engine.runCycle()).toMatchObject({ ok: false, reason: 'failed' });
      const status = await readStatus(desk.db);
      expect(status.lastError).toMatch(message);
      expect(status.lastError).toMatch(/Dữ liệu vẫn được giữ/);
      expect(status.connection).toBe('error');
      expect(await outboxCounts(desk.db)).toMatchObject({ failed: 8, quarantined: 0 });

      // Pull answer broken: the change is not applied and the cursor does not move.
      await p.setStatus({ agencyCode: AGENCY, code: target.code }, 'processing', { note: 'Đã nhận hồ sơ giấy' });
      const cursor = (await readState(desk.db, 'cursor')) ?? 0;
      proxy.inject('/v1/province-changes', fault);
      expect(await desk.engine.runCycle()).toMatchObject({ ok: false });
      expect((await readStatus(desk.db)).lastError).toMatch(message);
      expect((await readState(desk.db, 'cursor')) ?? 0).toBe(cursor);
      expect((await desk.db.dossiers.get(target.id))!.status).toBe('received');

      // Reference answer broken.
      proxy.inject('/v1/reference', fault);
      expect(await desk.engine.runCycle()).toMatchObject({ ok: false });

      await syncUntilClean(desk);
      expect((await desk.db.dossiers.get(target.id))!.status).toBe('processing');
      const updates = (await desk.db.audit.where('dossierId').equals(target.id).toArray()).filter((a) => a.action === 'province_update');
      expect(updates).toHaveLength(1);
      expect((await readStatus(desk.db)).lastError).toBeNull();
      await expectDeskSynced();
    });
  }

  it('a bad item is quarantined with its reason and does not block the rest', async () => {
    await recv(12);
    const entries = await desk.db.outbox.orderBy('seq').toArray();
    // One the province refuses (an appointment before reception), one the desk cannot even send (no code).
    await desk.db.outbox.update(entries[3].seq!, { dossier: { ...entries[3].dossier, appointmentAt: entries[3].dossier.receivedAt - 86_400_000 } });
    await desk.db.outbox.update(entries[7].seq!, { dossier: { ...entries[7].dossier, code: '' } });
    const outcome = await desk.engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 10, quarantined: 2 });
    const [refused, unsendable] = await desk.db.outbox.bulkGet([entries[3].seq!, entries[7].seq!]);
    expect(refused).toMatchObject({ state: 'quarantined', lastError: expect.stringMatching(/^Tỉnh từ chối: Ngày hẹn trả .* trước ngày tiếp nhận/) });
    expect(unsendable).toMatchObject({ state: 'quarantined', lastError: expect.stringMatching(/không hợp lệ nên không gửi được \(HoSo.MaHoSo/) });
    expect(await outboxCounts(desk.db)).toMatchObject({ pending: 0, failed: 0, quarantined: 2 });
    const mine = await myDossiers();
    expect((await p.listDossiers()).filter((d) => mine.has(d.id))).toHaveLength(10);
  });
});
