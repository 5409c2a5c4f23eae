// The office relay (issue 14) against real processes: the province, a relay on its own SQLite data
// directory behind a fault-injecting proxy (the office's internet link), and desks (the real sync engine
// over fake-indexeddb) on the LAN side of the relay. The province runs on SQLite, and on PostgreSQL in
// the node-pg project.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transitionDossier } from '../../renderer/src/db/dossiers';
import type { Province } from '../../server/store';
import { relayStatus } from '../../server/relayStore';
import { createOnlineDossier } from '../../server/online';
import { toHoSo } from '../../shared/sync/mapping';
import type { HoSo } from '../../shared/sync/contract';
import { FaultProxy } from './faultProxy';
import { AGENCY, adminCli, backupStore, cleanup, createAgency, makeDesk, openProvince, receiveMany, restoreStore, startRelayServer, startServer, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

let province: ServerProcess;
let p: Province;
let link: FaultProxy;
let relay: ServerProcess;
let r: Province;
const desks: TestDesk[] = [];

async function upRelay(args: string[] = []) {
  relay = await startRelayServer({ upstream: link.url, code: await p.issueRelayCode(AGENCY), args });
  r = await openProvince(relay);
}

beforeEach(async () => {
  province = await startServer();
  p = await openProvince(province);
  await createAgency(p, 3);
  link = await new FaultProxy(province.url).start();
});
afterEach(async () => {
  await Promise.all(desks.splice(0).map((d) => d.close()));
  await r?.close();
  await relay?.stop();
  if (relay) await cleanup(relay);
  [r, relay] = [undefined as unknown as Province, undefined as unknown as ServerProcess];
  await link.close();
  await p.close();
  await province.stop();
  await cleanup(province);
});

/** A desk installed as desk 1 of 1, enrolled with the relay as desk `deskNo` of the agency. */
async function relayDesk(deskNo: number) {
  const d = await makeDesk(1, 1);
  desks.push(d);
  await d.engine.enrol(relay.url, await r.issueEnrolmentCode(AGENCY, deskNo), `Quầy ${deskNo}`);
  return d;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting: ${JSON.stringify(v)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const auditCount = async (s: Province, deviceId: string) =>
  Number((await s.db.k.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).executeTakeFirstOrThrow()).n);

const forwardedAll = () => until(() => relayStatus(r), (s) => s.pending === 0 && s.lastError === null);

/** Every dossier of the desks at the province and at the relay once, with the same fields on every copy. */
async function expectSameEverywhere(list: TestDesk[], n: number) {
  const [atProvince, atRelay] = [await p.listDossiers({ agencyCode: AGENCY }), await r.listDossiers({ agencyCode: AGENCY })];
  expect(atProvince).toHaveLength(n);
  expect(atRelay).toHaveLength(n);
  expect(new Set(atProvince.map((d) => d.id)).size).toBe(n);
  const relayById = new Map(atRelay.map((d) => [d.id, d]));
  for (const s of atProvince) expect(relayById.get(s.id)?.record, s.record.MaHoSo).toEqual(s.record);
  const byId = new Map(atProvince.map((d) => [d.id, d]));
  for (const desk of list) {
    for (const d of await desk.db.dossiers.toArray()) {
      const mine = toHoSo(d);
      const held = byId.get(d.id);
      expect(held, `${d.code} missing at the province`).toBeDefined();
      for (const f of Object.keys(mine) as (keyof HoSo)[]) expect(held!.record[f], `${d.code}.${f}`).toEqual(mine[f]);
    }
    expect(await desk.db.outbox.where('state').notEqual('sent').count()).toBe(0);
  }
}

describe('the office relay', () => {
  it('stores what the desks send while the internet is down, forwards it once in order when it returns, and passes the province decisions down', { timeout: 90_000 }, async () => {
    // Another agency's online dossiers: the province's numbering runs ahead of the relay's, as it does
    // in a province of many communes (what a desk had seen must be told to the province in its numbering).
    const OTHER = '000.17.22.H99';
    await p.createAgency({ agencyCode: OTHER, parentAgencyName: 'UBND XÃ BÌNH MINH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã Bình Minh', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 2);
    for (let i = 0; i < 30; i++) {
      await createOnlineDossier(p, { agencyCode: OTHER, procedureCode: '1.004873', applicant: { fullName: 'Phạm Thị Lan', idNumber: '001190012345', dateOfBirth: '12/03/1990', gender: 'female', address: 'Thôn Đông', phone: '', email: '' }, resultDelivery: 'desk' });
    }
    await upRelay();
    const [a, b] = [await relayDesk(1), await relayDesk(2)];
    // The desks got the agency's numbering and reference data through the relay.
    expect(await a.db.settings.get('desk')).toMatchObject({ value: { deskNo: 1, desksInAgency: 3 } });
    link.down = true;
    const mineA = await receiveMany(a.db, 6);
    const mineB = await receiveMany(b.db, 4);
    await transitionDossier(a.db, mineA[0].id, 'hand_over', {});
    await Promise.all([syncUntilClean(a), syncUntilClean(b)]);
    await syncUntilClean(b);
    // The office works together through the relay: desk 2 has desk 1's dossiers and returns one of them.
    const theirs = mineA[2];
    expect(await b.db.dossiers.get(theirs.id)).toMatchObject({ code: theirs.code, deskNo: 1, status: 'received' });
    await transitionDossier(b.db, theirs.id, 'hand_over', {});
    await transitionDossier(b.db, theirs.id, 'mark_processed', {});
    await transitionDossier(b.db, theirs.id, 'return_result', { collectedBy: 'Nguyễn Văn An', method: 'desk' });
    // Desk 1 handed mineA[0] over; desk 2, having seen it, marks it processed: both changes go up in the
    // queue, and the province sees desk 2's as made after desk 1's (no conflict).
    await transitionDossier(b.db, mineA[0].id, 'mark_processed', {});
    await syncUntilClean(b);
    await syncUntilClean(a);
    expect(await a.db.dossiers.get(theirs.id)).toMatchObject({ status: 'returned', collectedBy: 'Nguyễn Văn An' });
    expect(await a.db.dossiers.count()).toBe(10);
    // Everything is at the relay, nothing at the province, the queue waits.
    expect(await r.listDossiers({ agencyCode: AGENCY })).toHaveLength(10);
    expect(await p.listDossiers({ agencyCode: AGENCY })).toHaveLength(0);
    expect((await relayStatus(r)).pending).toBe(15);

    link.down = false;
    await forwardedAll();
    const stats = await p.stats();
    expect(stats).toMatchObject({ dossiers: 40, changes: 15, accepted: 15, rejected: 0, conflicts: 0 });
    expect((await p.listDossiers({ agencyCode: AGENCY })).find((d) => d.id === mineA[0].id)!.record.TrangThaiHoSo).toBe(9);
    expect((await p.listDossiers({ agencyCode: AGENCY })).find((d) => d.id === theirs.id)!.record).toMatchObject({ TrangThaiHoSo: 10, collectedBy: 'Nguyễn Văn An' });
    // The province knows the origin desk of each dossier: the desk's own device and number.
    const devices = await p.listDevices();
    for (const [desk, no] of [[a, 1], [b, 2]] as const) {
      const id = (await desk.db.syncState.get('device'))!.value as { deviceId: string };
      expect(devices.find((d) => d.id === id.deviceId)).toMatchObject({ agencyCode: AGENCY, deskNo: no, role: 'desk' });
      const held = (await p.listDossiers({ agencyCode: AGENCY })).filter((d) => d.deviceId === id.deviceId);
      expect(held).toHaveLength(no === 1 ? 6 : 4);
    }

    // A province decision comes down through the relay to the desk that received the dossier.
    await adminCli(province, ['set-status', '--agency', AGENCY, '--code', mineB[1].code, '--status', 'processing', '--by', 'Lê Văn Cường']);
    await until(async () => (await r.listDossiers({ agencyCode: AGENCY })).find((d) => d.id === mineB[1].id)!.record.TrangThaiHoSo, (s) => s === 4);
    await syncUntilClean(b);
    expect((await b.db.dossiers.get(mineB[1].id))!.status).toBe('processing');
    // The desk moves it on; the change reaches the province through the relay, with no conflict.
    await transitionDossier(b.db, mineB[1].id, 'mark_processed', {});
    await syncUntilClean(b);
    await forwardedAll();
    await syncUntilClean(a);
    await expectSameEverywhere([a, b], 10);
    expect(await p.stats()).toMatchObject({ conflicts: 0, rejected: 0 });
    // The desks' audit chains reach the province through the relay, whole.
    for (const desk of [a, b]) {
      const { deviceId } = (await desk.db.syncState.get('device'))!.value as { deviceId: string };
      const mine = await desk.db.audit.count();
      await until(() => auditCount(p, deviceId), (n) => n === mine);
      expect(await auditCount(r, deviceId)).toBe(mine);
    }
    expect((await relayStatus(r)).auditRefused).toBeNull();
  });

  it('a relay SIGKILLed in the middle of forwarding loses and doubles nothing', { timeout: 120_000 }, async () => {
    // The province commits item by item, slowly, so that the kill lands between committed items.
    await province.stop();
    province = await province.restart(['--test-item-delay-ms', '40']);
    await upRelay();
    const a = await relayDesk(1);
    link.down = true;
    await receiveMany(a.db, 80);
    await syncUntilClean(a);
    link.down = false;
    await until(() => p.stats(), (s) => s.changes >= 10);
    await relay.kill();
    const before = (await p.stats()).changes;
    expect(before).toBeLessThan(80);
    await r.close();
    relay = await relay.restart();
    r = await openProvince(relay);
    await forwardedAll();
    const stats = await p.stats();
    expect(stats).toMatchObject({ dossiers: 80, changes: 80, accepted: 80, rejected: 0, conflicts: 0 });
    // The batch cut by the kill was sent again and answered from the province's idempotency records.
    expect(stats.replays).toBeGreaterThan(0);
    await expectSameEverywhere([a], 80);
  });

  it('a desk moves from the relay to the province directly and back, with changes still queued at the relay and in its outbox: nothing lost or doubled', { timeout: 120_000 }, async () => {
    await upRelay();
    const a = await relayDesk(1);
    const first = await receiveMany(a.db, 3);
    await syncUntilClean(a);
    await forwardedAll();
    await adminCli(province, ['set-status', '--agency', AGENCY, '--code', first[0].code, '--status', 'processing']);
    await until(async () => (await r.listDossiers({ agencyCode: AGENCY })).find((d) => d.id === first[0].id)!.record.TrangThaiHoSo, (s) => s === 4);
    await syncUntilClean(a);
    expect((await a.db.dossiers.get(first[0].id))!.status).toBe('processing');

    // The office link goes down: the relay holds two changes the province does not have, the desk one more.
    link.down = true;
    const queued = await receiveMany(a.db, 2, first[2].receivedAt + 60_000);
    await transitionDossier(a.db, first[1].id, 'hand_over', {});
    await syncUntilClean(a);
    expect((await relayStatus(r)).pending).toBe(3);
    await relay.stop();
    const unsent = await receiveMany(a.db, 1, queued[1].receivedAt + 60_000);
    expect(await a.db.outbox.where('state').anyOf('pending', 'failed').count()).toBe(1);

    // The desk is enrolled with the province directly (same device, same desk number).
    await a.engine.enrol(province.url, await p.issueEnrolmentCode(AGENCY, 1), 'Quầy 1');
    await syncUntilClean(a);
    await syncUntilClean(a);
    expect(await p.listDossiers({ agencyCode: AGENCY })).toHaveLength(6);
    expect((await a.db.dossiers.get(first[0].id))!.status).toBe('processing');
    expect(await a.db.conflicts.count()).toBe(0);
    // A decision taken now reaches it directly.
    await adminCli(province, ['set-status', '--agency', AGENCY, '--code', unsent[0].code, '--status', 'processing']);
    await syncUntilClean(a);
    expect((await a.db.dossiers.get(unsent[0].id))!.status).toBe('processing');

    // The relay comes back and forwards what it still held: the province already has newer versions.
    relay = await relay.restart();
    link.down = false;
    await forwardedAll();
    expect((await p.stats()).dossiers).toBe(6);

    // And back to the relay.
    await a.engine.enrol(relay.url, await r.issueEnrolmentCode(AGENCY, 1), 'Quầy 1');
    await transitionDossier(a.db, first[0].id, 'mark_processed', {});
    await syncUntilClean(a);
    await syncUntilClean(a);
    await forwardedAll();
    await syncUntilClean(a);
    expect(await a.db.conflicts.count()).toBe(0);
    await expectSameEverywhere([a], 6);
    expect(await p.stats()).toMatchObject({ dossiers: 6, conflicts: 0, rejected: 0 });
  });

  it('a relay rebuilt empty on a new PC takes the agency from the province; its desks re-enrol and carry on', { timeout: 90_000 }, async () => {
    await upRelay();
    const a = await relayDesk(1);
    const mine = await receiveMany(a.db, 4);
    await syncUntilClean(a);
    await forwardedAll();
    // A decision the desk has already acted on: the rebuilt relay passes it down again, and it must stay settled.
    await adminCli(province, ['set-status', '--agency', AGENCY, '--code', mine[0].code, '--status', 'processing']);
    await until(async () => (await r.listDossiers({ agencyCode: AGENCY })).find((d) => d.id === mine[0].id)!.record.TrangThaiHoSo, (s) => s === 4);
    await syncUntilClean(a);
    await transitionDossier(a.db, mine[0].id, 'mark_processed', {});
    await transitionDossier(a.db, mine[0].id, 'return_result', { collectedBy: 'Nguyễn Văn A', method: 'desk' });
    await syncUntilClean(a);
    await forwardedAll();
    // The relay PC dies with its disk. The desk keeps working alone meanwhile.
    await r.close();
    await relay.kill();
    await cleanup(relay);
    const later = await receiveMany(a.db, 2, mine[3].receivedAt + 60_000);
    expect((await a.engine.runCycle()).ok).toBe(false);
    await adminCli(province, ['set-status', '--agency', AGENCY, '--code', mine[2].code, '--status', 'processing']);

    // A replacement, enrolled with a new relay code, on the same address.
    relay = await startRelayServer({ upstream: link.url, code: await p.issueRelayCode(AGENCY), port: relay.port });
    r = await openProvince(relay);
    expect(await r.listDossiers({ agencyCode: AGENCY })).toHaveLength(4);
    await a.engine.enrol(relay.url, await r.issueEnrolmentCode(AGENCY, 1), 'Quầy 1');
    await syncUntilClean(a);
    await forwardedAll();
    await syncUntilClean(a);
    expect((await a.db.dossiers.get(mine[2].id))!.status).toBe('processing');
    expect((await a.db.dossiers.get(mine[0].id))!.status).toBe('returned');
    expect(await a.db.conflicts.count()).toBe(0);
    expect(later).toHaveLength(2);
    await expectSameEverywhere([a], 6);
    expect(await p.stats()).toMatchObject({ conflicts: 0, rejected: 0 });
  });

  it('a relay restored from a copy of its data folder carries on: its desks re-check what it holds and nothing is lost or doubled', { timeout: 90_000 }, async () => {
    await upRelay();
    const a = await relayDesk(1);
    const early = await receiveMany(a.db, 3);
    await syncUntilClean(a);
    await forwardedAll();
    const copy = await backupStore(relay.target);
    // After the copy: more work, a decision passed down.
    const late = await receiveMany(a.db, 2, early[2].receivedAt + 60_000);
    await transitionDossier(a.db, early[0].id, 'hand_over', {});
    await syncUntilClean(a);
    await forwardedAll();
    await adminCli(province, ['set-status', '--agency', AGENCY, '--code', late[0].code, '--status', 'processing']);
    await until(async () => (await r.listDossiers({ agencyCode: AGENCY })).find((d) => d.id === late[0].id)?.record.TrangThaiHoSo, (s) => s === 4);
    await syncUntilClean(a);

    await r.close();
    await relay.stop();
    const target = await restoreStore(relay.target, copy);
    relay = await relay.restart([], target);
    r = await openProvince(relay);
    await syncUntilClean(a);
    await syncUntilClean(a);
    await forwardedAll();
    await syncUntilClean(a);
    expect(await a.db.conflicts.count()).toBe(0);
    expect((await a.db.dossiers.get(late[0].id))!.status).toBe('processing');
    expect((await a.db.dossiers.get(early[0].id))!.status).toBe('processing');
    await expectSameEverywhere([a], 5);
    expect(await p.stats()).toMatchObject({ conflicts: 0, rejected: 0 });
  });

  it('a relay pushes only for the desks of its own agency, with their own numbers; relay and desk credentials open only their own routes', { timeout: 60_000 }, async () => {
    const OTHER = '000.17.22.H99';
    await p.createAgency({ agencyCode: OTHER, parentAgencyName: 'UBND XÃ BÌNH MINH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã Bình Minh', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 2);
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${province.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    // A relay code does not enrol a desk, nor a desk code a relay.
    const relayCode = await p.issueRelayCode(AGENCY);
    expect((await post('/v1/enrol', { code: relayCode, deviceId: crypto.randomUUID(), deviceName: 'Quầy' })).status).toBe(400);
    expect((await post('/v1/relay/enrol', { code: await p.issueEnrolmentCode(AGENCY, 1), deviceId: crypto.randomUUID(), deviceName: 'Máy' })).status).toBe(400);
    const enrolled = await post('/v1/relay/enrol', { code: relayCode, deviceId: crypto.randomUUID(), deviceName: 'Máy chuyển tiếp' });
    expect(enrolled.status).toBe(200);
    const relayToken = ((await enrolled.json()) as { token: string }).token;
    const deskEnrolled = (await (await post('/v1/enrol', { code: await p.issueEnrolmentCode(OTHER, 1), deviceId: crypto.randomUUID(), deviceName: 'Quầy' })).json()) as { token: string; deviceId: string };

    const item = { changeId: crypto.randomUUID() };
    // Another agency's desk, another desk number, a number beyond the agency's desks: refused whole, recorded.
    for (const desk of [{ deviceId: deskEnrolled.deviceId, deskNo: 1 }, { deviceId: crypto.randomUUID(), deskNo: 9 }]) {
      const res = await post('/v1/relay/changes', { desk: { ...desk, deviceName: 'Quầy' }, items: [item] }, relayToken);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/chính đơn vị mình/);
    }
    const own = crypto.randomUUID();
    expect((await post('/v1/relay/changes', { desk: { deviceId: own, deskNo: 2, deviceName: 'Quầy 2' }, items: [item] }, relayToken)).status).toBe(200);
    const asOther = await post('/v1/relay/changes', { desk: { deviceId: own, deskNo: 3, deviceName: 'Quầy 2' }, items: [{ changeId: crypto.randomUUID() }] }, relayToken);
    expect(asOther.status).toBe(400);
    expect((await p.listSecurityEvents({ kind: 'isolation_refused' })).length).toBeGreaterThanOrEqual(3);
    // A malformed relay request is refused by the contract.
    expect((await post('/v1/relay/changes', { desk: { deviceId: 'x', deskNo: 1 }, items: [] }, relayToken)).status).toBe(400);

    // Credentials stay on their side.
    expect((await post('/v1/changes', { items: [item] }, relayToken)).status).toBe(401);
    expect((await fetch(`${province.url}/v1/province-changes?cursor=0`, { headers: { authorization: `Bearer ${relayToken}` } })).status).toBe(401);
    expect((await fetch(`${province.url}/v1/relay/province-changes?cursor=0`, { headers: { authorization: `Bearer ${deskEnrolled.token}` } })).status).toBe(401);
    expect((await fetch(`${province.url}/v1/relay/dossiers`, { headers: { authorization: `Bearer ${deskEnrolled.token}` } })).status).toBe(401);
    // The relay reads its own agency only.
    const pulled = (await (await fetch(`${province.url}/v1/relay/dossiers`, { headers: { authorization: `Bearer ${relayToken}` } })).json()) as { items: unknown[] };
    expect(pulled.items).toHaveLength(0);
  });
});
