// The office relay's benchmarks (issue 14), real processes: the province and a relay (each the server
// process on its own SQLite store), the relay's upstream behind a fault-injecting proxy.
//
// relay_forward_10k_s: 10,000 desk changes accepted by the relay while the province was out of reach,
//   from the link's return until the province has answered every one.
// office_visible_p95_ms: a dossier received at desk 1 until it is visible at desk 2 through the relay
//   (the internet cut, the LAN up): the desks are the real sync engine (over fake-indexeddb in Node),
//   each running its background loop as in the app, desk 1 nudged as the app does after a save.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { MAX_PUSH_ITEMS, pushResponseSchema } from '../../shared/sync/contract';
import { vnParts, vnTime } from '../../shared/calendar/vnTime';
import { receiveDossier } from '../../renderer/src/db/dossiers';
import { Province } from '../../server/store';
import { relayStatus } from '../../server/relayStore';
import { FaultProxy } from '../sync/faultProxy';
import { adminCli, relayProcess, startServer, tempDir } from '../sync/serverProcess';
import { cleanup, makeDesk } from '../sync/harness';
import { deskDay } from '../sync/wire';
import { sampleReceiveData } from '../fixtures/dossiers';

const AGENCY = '000.17.22.H56';
// Dexie may have been loaded (by another benchmark's modules) before fake-indexeddb set the globals.
Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

async function setUp() {
  const province = await startServer({ args: ['--rate-burst', '2000', '--rate-per-second', '500'] });
  const p = await Province.open(province.target);
  await p.createAgency({ agencyCode: AGENCY, parentAgencyName: 'ỦY BAN NHÂN DÂN XÃ AN BÌNH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã An Bình', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 3);
  const link = await new FaultProxy(province.url).start();
  const dataDir = tempDir('relay-bench-');
  await adminCli({ dataDir, target: { dataDir } }, ['relay-enrol', '--upstream', link.url, '--code', await p.issueRelayCode(AGENCY)]);
  const relay = await relayProcess({ upstream: link.url, dataDir, args: ['--rate-burst', '2000', '--rate-per-second', '500'] });
  const r = await Province.open(relay.target);
  const close = async () => {
    await r.close();
    await relay.stop();
    await cleanup(relay);
    await link.close();
    await p.close();
    await province.stop();
    await cleanup(province);
  };
  return { province, p, link, relay, r, close };
}

async function until(ok: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('relay bench: timed out');
    await new Promise((res) => setTimeout(res, 20));
  }
}

export async function relayForward(n = 10_000): Promise<number> {
  const { p, link, relay, r, close } = await setUp();
  try {
    const enrol = await fetch(`${relay.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await r.issueEnrolmentCode(AGENCY, 1), deviceId: crypto.randomUUID(), deviceName: 'Quầy 1' }) });
    const { token } = (await enrol.json()) as { token: string };
    const p0 = vnParts(Date.now() - 3 * 86_400_000);
    // A desk's days: receptions and their transitions, 10,000 changes in the desk's order.
    const items = deskDay({ agencyCode: AGENCY, deskNo: 1, desksInAgency: 3, start: vnTime(p0.year, p0.month, p0.day, 7, 30), dossiers: n / 4, transitions: (n * 3) / 4, seed: 7 }).items.slice(0, n);
    link.down = true;
    for (let i = 0; i < items.length; i += MAX_PUSH_ITEMS) {
      const res = await fetch(`${relay.url}/v1/changes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ items: items.slice(i, i + MAX_PUSH_ITEMS) }) });
      const results = pushResponseSchema.parse(await res.json()).results;
      if (results.some((x) => x.result !== 'accepted')) throw new Error(`relay bench: the relay refused ${JSON.stringify(results.find((x) => x.result !== 'accepted'))}`);
    }
    if ((await relayStatus(r)).pending !== items.length) throw new Error('relay bench: queue incomplete');
    link.down = false;
    const start = Date.now();
    await until(async () => (await relayStatus(r)).pending === 0, 300_000);
    const seconds = (Date.now() - start) / 1000;
    const stats = await p.stats();
    if (stats.changes !== items.length || stats.accepted !== items.length) throw new Error(`relay bench: the province holds ${stats.changes} changes (${stats.accepted} accepted) of ${items.length}`);
    return Math.round(seconds * 10) / 10;
  } finally {
    await close();
  }
}

export async function officeVisible(samples = 20): Promise<number> {
  const { link, relay, r, close } = await setUp();
  const desks = [await makeDesk(1, 1, { idleMs: 30_000 }), await makeDesk(1, 1, { idleMs: 30_000 })];
  const controller = new AbortController();
  let loops: ReturnType<(typeof desks)[number]['engine']['run']>[] = [];
  try {
    for (const [i, d] of desks.entries()) await d.engine.enrol(relay.url, await r.issueEnrolmentCode(AGENCY, i + 1), `Quầy ${i + 1}`);
    link.down = true;
    loops = desks.map((d) => d.engine.run(controller.signal));
    const times: number[] = [];
    const p0 = vnParts(Date.now() - 86_400_000);
    for (let i = 0; i < samples; i++) {
      // Spread over the desks' poll period, as receptions are.
      await new Promise((res) => setTimeout(res, 300 + Math.random() * 1700));
      const started = Date.now();
      const d = await receiveDossier(desks[0].db, receiveDataFor(i), vnTime(p0.year, p0.month, p0.day, 8, 0) + i * 60_000);
      // The app nudges the loop one second after a new outbox entry (sync/runtime.ts).
      setTimeout(() => loops[0].nudge(), 1_000);
      await until(async () => (await desks[1].db.dossiers.get(d.id)) != null, 60_000);
      times.push(Date.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)];
  } finally {
    controller.abort();
    await Promise.all(loops.map((l) => l.done));
    await Promise.all(desks.map((d) => d.close()));
    await close();
  }
}

/** The test fixture's reception (a birth registration), as the officer types it. */
const receiveDataFor = (i: number) => sampleReceiveData({ fullName: `Nguyễn Văn ${String.fromCharCode(65 + (i % 26))}` });

export async function runRelayBenchmarks(): Promise<{ name: string; value: number; unit: string }[]> {
  const forward = await relayForward();
  const visible = await officeVisible();
  return [
    { name: 'relay_forward_10k_s', value: forward, unit: 's' },
    { name: 'office_visible_p95_ms', value: visible, unit: 'ms' },
  ];
}

// `npx tsx test/bench/relay.ts` runs these alone.
if (process.argv[1] && process.argv[1].endsWith('relay.ts')) {
  console.table(await runRelayBenchmarks());
}
