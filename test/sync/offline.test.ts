// Scenarios 1, 2 and 7 against the real server process: offline intake, a crash in the middle of a
// batch, and an expired credential.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveDossier, transitionDossier } from '../../renderer/src/db/dossiers';
import { receiveData } from '../../renderer/src/db/dossiers.cases';
import { readStatus } from '../../renderer/src/sync/state';
import { outboxCounts } from '../../renderer/src/sync/dossierState';
import { loadCredential } from '../../renderer/src/sync/credentials';
import { skewWarning } from '../../renderer/src/sync/engine';
import { AGENCY, DAY_START, cleanup, createAgency, expectSameOnBothSides, makeDesk, openProvince, receiveMany, startServer, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

let server: ServerProcess | null = null;
let desk: TestDesk | null = null;

afterEach(async () => {
  await server?.stop().catch(() => {});
  await desk?.close();
  if (server) await cleanup(server);
  server = null;
  desk = null;
});

async function enrolledDesk(deskNo = 1) {
  const p = await openProvince(server!);
  await createAgency(p);
  const code = await p.issueEnrolmentCode(AGENCY, deskNo);
  await p.close();
  const d = await makeDesk(1, 3);
  await d.engine.enrol(server!.url, code, `Quầy ${deskNo}`);
  return d;
}

describe('against the real server', () => {
  it('1. 200 dossiers received offline all arrive, once, when the server comes up', { timeout: 60_000 }, async () => {
    server = await startServer();
    desk = await enrolledDesk(2);
    expect((await desk.db.settings.get('desk'))!.value).toMatchObject({ deskNo: 2, desksInAgency: 3 });
    await server.stop();

    await receiveMany(desk.db, 200);
    const offline = await desk.engine.runCycle();
    expect(offline).toMatchObject({ ok: false, reason: 'failed' });
    const status = await readStatus(desk.db);
    expect(status.connection).toBe('offline');
    expect(status.lastError).toMatch(/Không kết nối được máy chủ của tỉnh/);
    expect(await outboxCounts(desk.db)).toMatchObject({ quarantined: 0, unsent: 200 });

    server = await server.restart();
    const outcome = await syncUntilClean(desk);
    expect(outcome).toMatchObject({ ok: true });
    const p = await openProvince(server);
    await expectSameOnBothSides([desk.db], p);
    expect((await p.stats())).toMatchObject({ dossiers: 200, accepted: 200, conflicts: 0, rejected: 0 });
    await p.close();
    expect((await readStatus(desk.db)).lastSuccessAt).not.toBeNull();
  });

  it('2. the server killed in the middle of a batch, then restarted: nothing lost, nothing doubled', { timeout: 60_000 }, async () => {
    server = await startServer({ args: ['--test-item-delay-ms', '15'] });
    desk = await enrolledDesk();
    await receiveMany(desk.db, 150);
    const d0 = (await desk.db.dossiers.toArray())[0];
    await transitionDossier(desk.db, d0.id, 'hand_over', {}, DAY_START + 3 * 3600_000);

    const pushing = desk.engine.runCycle();
    // Kill it once part of the batch is committed.
    const p = await openProvince(server);
    for (let i = 0; i < 400 && (await p.stats()).dossiers < 40; i++) await new Promise((r) => setTimeout(r, 10));
    await server.kill();
    const committed = (await p.stats()).dossiers;
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(150);
    expect(await pushing).toMatchObject({ ok: false });
    expect(await outboxCounts(desk.db)).toMatchObject({ unsent: 151, quarantined: 0 });

    server = await server.restart();
    await syncUntilClean(desk);
    await expectSameOnBothSides([desk.db], p);
    const stats = (await p.stats());
    expect(stats.dossiers).toBe(150);
    // The items committed before the crash were answered from the idempotency record, not applied again.
    expect(stats.replays).toBeGreaterThanOrEqual(committed);
    expect((await p.listDossiers()).find((x) => x.id === d0.id)!.record.TrangThaiHoSo).toBe(4);
    await p.close();
  });

  it('7. an expired credential: the desk keeps everything, re-enrols with a new code, and nothing is lost', { timeout: 60_000 }, async () => {
    server = await startServer();
    desk = await enrolledDesk(3);
    await receiveMany(desk.db, 20);
    await syncUntilClean(desk);
    const deviceId = (await loadCredential(desk.secrets))!.deviceId;

    const p = await openProvince(server);
    expect(await p.expireCredentials({ deviceId })).toBe(1);
    await receiveMany(desk.db, 15, DAY_START + 4 * 3600_000);
    const expired = await desk.engine.runCycle();
    expect(expired).toMatchObject({ ok: false, reason: 'auth' });
    const status = await readStatus(desk.db);
    expect(status.auth).toBe('expired');
    expect(status.lastError).toMatch(/hết hạn/);
    expect(await outboxCounts(desk.db)).toMatchObject({ unsent: 15, quarantined: 0 });

    const code = await p.issueEnrolmentCode(AGENCY, 3);
    // A used code cannot be used by another device (the same device may retry: issue 8 item 7).
    await expect(desk.engine.enrol(server.url, code)).resolves.toMatchObject({ deskNo: 3 });
    const other = await makeDesk(1, 3);
    await expect(other.engine.enrol(server.url, code)).rejects.toThrow(/đã được dùng/);
    await other.close();
    expect((await loadCredential(desk.secrets))!.deviceId).toBe(deviceId);
    await syncUntilClean(desk);
    await expectSameOnBothSides([desk.db], p);
    expect((await p.stats()).dossiers).toBe(35);
    expect((await readStatus(desk.db)).auth).toBe('ok');
    await p.close();
  });

  it('the credential is kept only in the host secret store', async () => {
    server = await startServer();
    desk = await enrolledDesk();
    const credential = await loadCredential(desk.secrets);
    expect(credential!.token.length).toBeGreaterThan(30);
    const everything = JSON.stringify(await desk.db.syncState.toArray()) + JSON.stringify(await desk.db.settings.toArray());
    expect(everything).not.toContain(credential!.token);
  });

  it('a desk that was never enrolled says so and keeps its outbox', async () => {
    desk = await makeDesk();
    await receiveDossier(desk.db, receiveData(), DAY_START);
    expect(await desk.engine.runCycle()).toMatchObject({ ok: false, reason: 'not_enrolled' });
    expect((await readStatus(desk.db)).auth).toBe('none');
    expect(await outboxCounts(desk.db)).toMatchObject({ pending: 1 });
  });

  it('warns about a desk clock more than 5 minutes off the server time, with the difference', async () => {
    server = await startServer();
    const p = await openProvince(server);
    await createAgency(p);
    const code = await p.issueEnrolmentCode(AGENCY, 1);
    await p.close();
    desk = await makeDesk(1, 3, { now: () => Date.now() - 7 * 60_000 }); // seven minutes slow
    await desk.engine.enrol(server.url, code);
    expect(await desk.engine.runCycle()).toMatchObject({ ok: true });
    const { skewMs } = await readStatus(desk.db);
    expect(skewMs! / 60_000).toBeCloseTo(7, 0);
    expect(skewWarning(skewMs)).toBe(true);
    expect(skewWarning(2 * 60_000)).toBe(false);
  });

  it('backs off exponentially with jitter after failures, and honours the server’s retry-after', async () => {
    server = await startServer();
    const p = await openProvince(server);
    await createAgency(p);
    const code = await p.issueEnrolmentCode(AGENCY, 1);
    await p.close();
    desk = await makeDesk(1, 3, { backoff: { baseMs: 1_000, capMs: 8_000 }, random: () => 0.999 });
    await desk.engine.enrol(server.url, code);
    await server.stop();
    const delays = [];
    for (let i = 0; i < 5; i++) delays.push(await desk.engine.delayAfter(await desk.engine.runCycle()));
    expect(delays.map((d) => Math.round(d / 100) * 100)).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(await desk.engine.delayAfter({ ok: false, reason: 'failed', retryAfterMs: 60_000 })).toBe(60_000);
    server = await server.restart();
    expect(await desk.engine.runCycle()).toMatchObject({ ok: true });
    expect((await readStatus(desk.db)).failures).toBe(0);
  });
});
