// Issue 8: the ways a desk could believe something false about a dossier (or get stuck), each against the
// real server process, some through the fault-injecting proxy.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { applicantSchema } from '../../shared/domain/dossier';
import { receiveDossier, transitionDossier, editApplicant } from '../../renderer/src/db/dossiers';
import { receiveData } from '../../renderer/src/db/dossiers.cases';
import { resolveWithDesk, resolveWithProvince } from '../../renderer/src/sync/conflicts';
import { outboxCounts } from '../../renderer/src/sync/dossierState';
import { readState, readStatus } from '../../renderer/src/sync/state';
import { fromVnStamp } from '../../shared/sync/time';
import type { Province } from '../../server/store';
import { FaultProxy } from './faultProxy';
import { AGENCY, DAY_START, cleanup, createAgency, expectSameOnBothSides, makeDesk, openProvince, receiveMany, startServer, syncUntilClean, type ServerProcess, type TestDesk, backupStore, restoreStore } from './harness';

let server: ServerProcess | null = null;
let proxy: FaultProxy | null = null;
let p: Province | null = null;
const desks: TestDesk[] = [];

afterEach(async () => {
  await proxy?.close();
  await p?.close();
  await server?.stop().catch(() => {});
  if (server) await cleanup(server);
  await Promise.all(desks.splice(0).map((d) => d.close()));
  server = null;
  proxy = null;
  p = null;
});

async function setUp(opts: { viaProxy?: boolean; desk?: Parameters<typeof makeDesk>[2] } = {}) {
  server = await startServer();
  p = await openProvince(server);
  await createAgency(p);
  if (opts.viaProxy) proxy = await new FaultProxy(server.url).start();
  const desk = await makeDesk(1, 3, { timeoutMs: 2_000, ...opts.desk });
  desks.push(desk);
  await desk.engine.enrol(proxy?.url ?? server.url, await p.issueEnrolmentCode(AGENCY, 1));
  return desk;
}

const provinceUpdates = async (desk: TestDesk, dossierId: string) =>
  (await desk.db.audit.where('dossierId').equals(dossierId).toArray()).filter((a) => a.action === 'province_update');

/** Every province change of this store reached the desk's history exactly once. */
async function expectEachProvinceChangeOnce(desk: TestDesk, province: Province) {
  const changes = await province.provinceChangeRows();
  const events = (await desk.db.audit.toArray()).filter((a) => a.action === 'province_update');
  for (const c of changes) {
    expect(events.filter((e) => e.dossierId === c.dossierId && e.detail.provinceSeq === c.seq), `province change ${c.seq}`).toHaveLength(1);
  }
}

describe('issue 8: the province store reset or restored (item 1)', () => {
  it('1a. restored from a backup: the desk re-checks, re-sends what the province lost, and no new decision is skipped', { timeout: 60_000 }, async () => {
    const desk = await setUp();
    const first = await receiveMany(desk.db, 10);
    await syncUntilClean(desk);
    const backup = await backupStore(server!.target);
    // After the backup: more dossiers, a desk action, province decisions the desk applies.
    await receiveMany(desk.db, 10, DAY_START + 3600_000);
    await transitionDossier(desk.db, first[0].id, 'hand_over', {}, DAY_START + 2 * 3600_000);
    await syncUntilClean(desk);
    await p!.setStatus({ agencyCode: AGENCY, code: first[1].code }, 'processing', { note: 'Đã nhận hồ sơ giấy' });
    await p!.setStatus({ agencyCode: AGENCY, code: first[3].code }, 'processing');
    await syncUntilClean(desk);
    const cursorBefore = (await readState(desk.db, 'cursor'))!;
    expect(cursorBefore).toBeGreaterThan(0);

    // The province restores its backup.
    await p!.close();
    await server!.stop();
    server = await server!.restart([], await restoreStore(server!.target, backup));
    p = await openProvince(server);
    expect((await p.listDossiers())).toHaveLength(10);
    // A new decision after the restore, on a dossier the desk had applied a lost decision to.
    const after = await p.setStatus({ agencyCode: AGENCY, code: first[3].code }, 'supplement_requested', { note: 'Thiếu bản sao giấy chứng sinh' });
    expect(after.seq).toBeGreaterThan(cursorBefore);

    await syncUntilClean(desk);
    await expectSameOnBothSides([desk.db], p);
    expect((await p.listDossiers())).toHaveLength(20);
    expect((await desk.db.dossiers.get(first[3].id))!.status).toBe('supplement_requested');
    expect((await p.listDossiers()).find((d) => d.id === first[1].id)!.record.TrangThaiHoSo).toBe(4);
    expect((await p.listDossiers()).find((d) => d.id === first[0].id)!.record.TrangThaiHoSo).toBe(4);
    expect((await readState(desk.db, 'store'))!.epoch).toBe((await p.identity()).epoch);
  });

  it('1b. reset to an empty store: the desk re-enrols, sends everything again, and applies decisions numbered from 1', { timeout: 60_000 }, async () => {
    const desk = await setUp();
    const mine = await receiveMany(desk.db, 8);
    await syncUntilClean(desk);
    for (const d of mine.slice(0, 5)) await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'processing');
    await syncUntilClean(desk);

    await p!.close();
    await server!.stop();
    await cleanup(server!);
    server = await startServer({ port: server!.port });
    p = await openProvince(server);
    await createAgency(p);
    // The device is unknown to the new store: the desk says so and re-enrols.
    expect(await desk.engine.runCycle()).toMatchObject({ ok: false, reason: 'auth' });
    await desk.engine.enrol(server.url, await p.issueEnrolmentCode(AGENCY, 1));
    await syncUntilClean(desk);
    expect((await p.listDossiers())).toHaveLength(8);
    const change = await p.setStatus({ agencyCode: AGENCY, code: mine[0].code }, 'processed');
    // Numbered from 1 again: after the 8 re-sent dossiers' places in the agency's feed, below the desk's old cursor (13).
    expect(change.seq).toBeLessThanOrEqual(9);
    await syncUntilClean(desk);
    expect((await desk.db.dossiers.get(mine[0].id))!.status).toBe('processed');
    await expectSameOnBothSides([desk.db], p);
  });
});

describe('issue 8: conflicts never settle silently', () => {
  it('2. a conflict and a later edit in one batch, then "keep the desk’s version": both sides end with the desk’s status', { timeout: 30_000 }, async () => {
    const desk = await setUp();
    const [d] = await receiveMany(desk.db, 1);
    await syncUntilClean(desk);
    await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'processing');
    await transitionDossier(desk.db, d.id, 'request_supplement', { reason: 'Thiếu bản sao giấy chứng sinh' }, DAY_START + 3600_000);
    const current = (await desk.db.dossiers.get(d.id))!;
    await editApplicant(desk.db, d.id, { ...current.applicant, address: 'Số 12 đường Lê Lợi, thôn Tây' }, DAY_START + 2 * 3600_000);
    const outcome = await desk.engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, conflicts: 1 });
    // The edit waits behind the conflicted change: the province has applied neither.
    expect((await p!.listDossiers())[0].record.applicantAddress).not.toBe('Số 12 đường Lê Lợi, thôn Tây');
    const conflict = (await desk.db.conflicts.where('open').equals(1).first())!;
    await resolveWithDesk(desk.db, conflict.id, Date.now());
    await syncUntilClean(desk);
    expect((await p!.listDossiers())[0].record).toMatchObject({ TrangThaiHoSo: 5, applicantAddress: 'Số 12 đường Lê Lợi, thôn Tây' });
    await expectSameOnBothSides([desk.db], p!);
  });

  for (const resolution of ['desk', 'province'] as const) {
    it(`3+4. province changes made while a conflict is open survive it and leave one history event each (settled: ${resolution})`, { timeout: 30_000 }, async () => {
      const desk = await setUp();
      const [d] = await receiveMany(desk.db, 1);
      await syncUntilClean(desk);
      await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'processing');
      await transitionDossier(desk.db, d.id, 'refuse', { reason: 'Không thuộc thẩm quyền của xã' }, DAY_START + 3600_000);
      await desk.engine.runCycle(); // conflict
      // Meanwhile the province decides again and again, and extends the appointment.
      await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'supplement_requested', { note: 'Thiếu giấy tờ' });
      await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'processing', { note: 'Đã bổ sung' });
      const extended = fromVnStamp((await p!.listDossiers())[0].record.NgayHenTra)! + 3 * 86_400_000;
      await p!.setAppointment({ agencyCode: AGENCY, code: d.code }, extended, { note: 'Gia hạn do cần xác minh' });
      await desk.engine.runCycle();
      expect(await desk.db.conflicts.where('open').equals(1).count()).toBe(1);
      expect(await provinceUpdates(desk, d.id)).toHaveLength(4);

      const conflict = (await desk.db.conflicts.where('open').equals(1).first())!;
      if (resolution === 'desk') await resolveWithDesk(desk.db, conflict.id, Date.now());
      else await resolveWithProvince(desk.db, conflict.id, Date.now());
      await syncUntilClean(desk);
      const local = (await desk.db.dossiers.get(d.id))!;
      expect(local.appointmentAt).toBe(extended);
      expect(local.status).toBe(resolution === 'desk' ? 'refused' : 'processing');
      expect(fromVnStamp((await p!.listDossiers())[0].record.NgayHenTra)).toBe(extended);
      await expectSameOnBothSides([desk.db], p!);
      await expectEachProvinceChangeOnce(desk, p!);
    });
  }

  it('5. the fields that follow a province decision are the same on both sides (pause, extension, finish, collector; a repeated status re-stamps nothing)', { timeout: 30_000 }, async () => {
    const desk = await setUp();
    const ds = await receiveMany(desk.db, 3);
    await syncUntilClean(desk);
    await p!.setStatus({ agencyCode: AGENCY, code: ds[0].code }, 'supplement_requested', { note: 'Thiếu giấy tờ' });
    await p!.setStatus({ agencyCode: AGENCY, code: ds[1].code }, 'processing');
    await syncUntilClean(desk);
    await new Promise((r) => setTimeout(r, 1_100)); // the pause lasts
    await p!.setStatus({ agencyCode: AGENCY, code: ds[0].code }, 'processing', { note: 'Đã bổ sung' });
    await p!.setStatus({ agencyCode: AGENCY, code: ds[1].code }, 'processed');
    await p!.setStatus({ agencyCode: AGENCY, code: ds[2].code }, 'returned', { person: 'Nguyễn Văn An' });
    await syncUntilClean(desk);
    const finished = (await p!.listDossiers()).find((d) => d.id === ds[1].id)!.record.NgayKetThucXuLy;
    await new Promise((r) => setTimeout(r, 1_100));
    await p!.setStatus({ agencyCode: AGENCY, code: ds[1].code }, 'processed', { note: 'Nhắc lại' });
    await syncUntilClean(desk);
    expect((await p!.listDossiers()).find((d) => d.id === ds[1].id)!.record.NgayKetThucXuLy).toBe(finished);
    expect((await p!.listDossiers()).find((d) => d.id === ds[2].id)!.record).toMatchObject({ collectedBy: 'Nguyễn Văn An', TrangThaiHoSo: 10 });
    await expectSameOnBothSides([desk.db], p!);
    await expectEachProvinceChangeOnce(desk, p!);
  });
});

describe('issue 8: stuck or wrong, not silent', () => {
  it('6a. one item a web firewall refuses (403 in HTML) is isolated and quarantined with the reason; the rest goes', { timeout: 30_000 }, async () => {
    const desk = await setUp({ viaProxy: true });
    await receiveMany(desk.db, 20);
    await receiveDossier(desk.db, receiveData({ address: "Số 1' OR '1'='1, thôn Đông" }), DAY_START + 3 * 3600_000);
    await receiveMany(desk.db, 20, DAY_START + 4 * 3600_000);
    proxy!.refusals.push({ test: (path, body) => path === '/v1/changes' && body.includes("' OR '1'='1"), status: 403 });
    const outcome = await desk.engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 40, quarantined: 1 });
    const [bad] = await desk.db.outbox.where('state').equals('quarantined').toArray();
    expect(bad.lastError).toMatch(/tường lửa hoặc proxy.*chặn \(mã 403\)/);
    expect((await p!.listDossiers())).toHaveLength(40);
  });

  it('6b. one item over a proxy’s body limit (413 in HTML) is isolated; other batches that are too large are halved', { timeout: 30_000 }, async () => {
    const desk = await setUp({ viaProxy: true });
    await receiveMany(desk.db, 30);
    const entries = await desk.db.outbox.orderBy('seq').toArray();
    const big = entries[17];
    const components = Array.from({ length: 60 }, (_, i) => ({ componentId: `c${i}`, name: `Giấy tờ ${i} ${'x'.repeat(450)}`, originals: 1, copies: 0 }));
    await desk.db.outbox.update(big.seq!, { dossier: { ...big.dossier, components } });
    proxy!.refusals.push({ test: (path, body) => path === '/v1/changes' && Buffer.byteLength(body) > 24_000, status: 413 });
    const outcome = await desk.engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 29, quarantined: 1 });
    expect((await desk.db.outbox.get(big.seq!))!.lastError).toMatch(/quá lớn.*proxy.*\(mã 413\)/);
  });

  it('6c. the province’s decisions still come in while pushing fails', { timeout: 30_000 }, async () => {
    const desk = await setUp({ viaProxy: true });
    const [d] = await receiveMany(desk.db, 2);
    await syncUntilClean(desk);
    await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'processing');
    await receiveMany(desk.db, 3, DAY_START + 3600_000);
    proxy!.inject('/v1/changes', 'schema');
    expect(await desk.engine.runCycle()).toMatchObject({ ok: false, reason: 'failed' });
    expect((await desk.db.dossiers.get(d.id))!.status).toBe('processing');
    expect((await readStatus(desk.db)).lastError).toMatch(/không đúng định dạng/);
  });

  it('7. a lost enrolment answer does not burn the code: the same device retries and is enrolled; another device is not', { timeout: 30_000 }, async () => {
    server = await startServer();
    p = await openProvince(server);
    await createAgency(p);
    proxy = await new FaultProxy(server.url).start();
    const desk = await makeDesk(1, 3, { timeoutMs: 2_000 });
    desks.push(desk);
    const code = await p.issueEnrolmentCode(AGENCY, 2);
    proxy.inject('/v1/enrol', 'drop_after_commit');
    await expect(desk.engine.enrol(proxy.url, code)).rejects.toThrow(/Không kết nối được/);
    await expect(desk.engine.enrol(proxy.url, code)).resolves.toMatchObject({ deskNo: 2 });
    const other = await makeDesk(1, 3);
    desks.push(other);
    await expect(other.engine.enrol(proxy.url, code)).rejects.toThrow(/đã được dùng/);
    await receiveMany(desk.db, 3);
    await syncUntilClean(desk);
    expect((await p.listDossiers())).toHaveLength(3);
  });

  it('8. a desk clock far ahead does not refuse a credential the server still accepts', { timeout: 30_000 }, async () => {
    const desk = await setUp({ desk: { now: () => Date.now() + 100 * 86_400_000 } }); // credentials last 90 days
    await receiveMany(desk.db, 2);
    expect(await desk.engine.runCycle()).toMatchObject({ ok: true, pushed: 2 });
    expect((await readStatus(desk.db)).auth).toBe('ok');
  });

  it('9. the form allows an e-mail exactly as long as the contract does (200), in Vietnamese beyond it', { timeout: 30_000 }, async () => {
    const email = (n: number) => `an@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(n - 3 - 60 - 60 - 2 - 3)}.vn`;
    expect(email(200)).toHaveLength(200);
    const base = { fullName: 'Nguyễn Văn An', idNumber: '001090012345', dateOfBirth: '01/02/1990', gender: 'male', address: 'Thôn Đông', phone: '' };
    const long = applicantSchema.safeParse({ ...base, email: email(201) });
    expect(long.success).toBe(false);
    expect(long.error!.issues[0].message).toBe('Email quá dài (tối đa 200 ký tự).');
    expect(applicantSchema.safeParse({ ...base, email: email(200) }).success).toBe(true);
    const desk = await setUp();
    await receiveDossier(desk.db, receiveData({ email: email(200) }), DAY_START);
    expect(await desk.engine.runCycle()).toMatchObject({ ok: true, pushed: 1, quarantined: 0 });
    expect((await p!.listDossiers())[0].record.Email).toBe(email(200));
  });

  it('10. the background loop leaves no abort listener behind', { timeout: 30_000 }, async () => {
    const desk = await setUp({ desk: { idleMs: 20 } });
    const controller = new AbortController();
    let live = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((type: string, fn: EventListener, o?: AddEventListenerOptions) => {
      live++;
      add(type, fn, o);
    }) as typeof controller.signal.addEventListener;
    controller.signal.removeEventListener = ((type: string, fn: EventListener) => {
      live--;
      remove(type, fn);
    }) as typeof controller.signal.removeEventListener;
    const loop = desk.engine.run(controller.signal);
    const cyclesBefore = (await readStatus(desk.db)).lastAttemptAt;
    await new Promise((r) => setTimeout(r, 800));
    expect((await readStatus(desk.db)).lastAttemptAt).not.toBe(cyclesBefore);
    expect(live).toBeLessThanOrEqual(1);
    controller.abort();
    await loop.done;
    expect(live).toBe(0);
  });

  it('11. after an outage the desk is back within the probe period, whatever the backoff; nudges are not failures', { timeout: 30_000 }, async () => {
    const desk = await setUp({ viaProxy: true, desk: { probeMs: 300, backoff: { baseMs: 5 * 60_000, capMs: 5 * 60_000 }, timeoutMs: 500 } });
    const [d] = await receiveMany(desk.db, 5);
    await syncUntilClean(desk);
    proxy!.down = true;
    const controller = new AbortController();
    const loop = desk.engine.run(controller.signal);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 5; i++) {
      await receiveMany(desk.db, 2, DAY_START + (i + 1) * 3600_000);
      loop.nudge(); // the officer's commands
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await readStatus(desk.db)).failures).toBe(1);
    await p!.setStatus({ agencyCode: AGENCY, code: d.code }, 'processing');
    proxy!.down = false;
    const back = Date.now();
    for (let i = 0; i < 100; i++) {
      const sent = (await outboxCounts(desk.db)).unsent === 0;
      if (sent && (await desk.db.dossiers.get(d.id))!.status === 'processing') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - back) / 1000;
    controller.abort();
    await loop.done;
    expect(seconds).toBeLessThan(2);
    await expectSameOnBothSides([desk.db], p!);
  });
});
