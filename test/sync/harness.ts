// Test harness: the real reference server as a child process on a loopback port with a temp data
// directory, desks as Dexie databases over fake-indexeddb driven by the real sync engine, and checks
// that both sides hold every dossier exactly once with the same content.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { vnParts, vnTime } from '../../shared/calendar/vnTime';
import { toHoSo } from '../../shared/sync/mapping';
import type { HoSo } from '../../shared/sync/contract';
import { openDeskDb, type DeskDb } from '../../renderer/src/db/db';
import { receiveDossier } from '../../renderer/src/db/dossiers';
import { receiveData, setUpDesk } from '../../renderer/src/db/dossiers.cases';
import { memorySecrets } from '../../renderer/src/sync/credentials';
import { createSyncEngine, type SyncEngineOptions } from '../../renderer/src/sync/engine';
import { inProcessLocks } from '../../renderer/src/sync/locks';
import { Province } from '../../server/store';

import type { ServerProcess } from './serverProcess';
import { removeStore, startServer } from './serverProcess';

export { adminCli, backupStore, relayProcess, restoreStore, startRelayServer, startServer, tempDir, type ServerProcess } from './serverProcess';
export const AGENCY = '000.17.22.H56';
/**
 * 08:00 (Vietnam) on the Monday at least a week ago: the "day" the desks work through. In the past, as
 * every real reception is, so the province's decisions (made now) come after it.
 */
export const DAY_START = (() => {
  const p = vnParts(Date.now() - 7 * 86_400_000);
  return vnTime(p.year, p.month, p.day - ((p.weekday + 6) % 7), 8, 0);
})();

/** The province's store opened in this process (WAL lets SQLite share the file with the server; PostgreSQL is shared anyway). */
export function openProvince(server: Pick<ServerProcess, 'target'>): Promise<Province> {
  return Province.open(server.target);
}

export function createAgency(p: Province, desks = 3) {
  return p.createAgency(
    { agencyCode: AGENCY, parentAgencyName: 'UBND XÃ AN BÌNH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã An Bình', districtName: '', provinceName: 'Tỉnh Hưng Yên' },
    desks,
  );
}

export interface TestDesk {
  db: DeskDb;
  secrets: ReturnType<typeof memorySecrets>;
  engine: ReturnType<typeof createSyncEngine>;
  close(): Promise<void>;
}

/** A desk set up as after first-run (desk `deskNo` of `desks`), with its engine. */
export async function makeDesk(deskNo = 1, desks = 3, engineOptions: Partial<SyncEngineOptions> = {}): Promise<TestDesk> {
  const db = openDeskDb(`desk-${crypto.randomUUID()}`);
  await setUpDesk(db, deskNo, desks);
  const secrets = memorySecrets();
  const engine = createSyncEngine({ db, secrets, locks: inProcessLocks(), timeoutMs: 5_000, idleMs: 60_000, ...engineOptions });
  return {
    db,
    secrets,
    engine,
    close: async () => {
      db.close();
      await db.delete();
    },
  };
}

/** Receives n dossiers, one every `stepMs` from `start`, with varied applicants. */
export async function receiveMany(db: DeskDb, n: number, start = DAY_START, stepMs = 60_000) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const d = await receiveDossier(db, receiveData({ fullName: `Nguyễn Văn ${String.fromCharCode(65 + (i % 26))}`, phone: `09${String(10_000_000 + i).slice(-8)}` }), start + i * stepMs);
    out.push(d);
  }
  return out;
}

/** Runs cycles until one succeeds with nothing left to send (bounded). */
export async function syncUntilClean(desk: TestDesk, maxCycles = 20) {
  for (let i = 0; i < maxCycles; i++) {
    const outcome = await desk.engine.runCycle({ wait: true });
    const left = await desk.db.outbox.where('state').anyOf('pending', 'failed').count();
    if (outcome.ok && left === 0) return outcome;
  }
  throw new Error('sync did not settle');
}


/**
 * Every dossier of every desk is at the province exactly once, with the same content, and the province
 * holds nothing else; every outbox entry has been confirmed.
 */
export async function expectSameOnBothSides(desks: DeskDb[], p: Province) {
  const server = await p.listDossiers({ agencyCode: AGENCY });
  const byId = new Map(server.map((s) => [s.id, s]));
  expect(byId.size).toBe(server.length);
  expect(new Set(server.map((s) => s.record.MaHoSo)).size).toBe(server.length);
  // Every desk holds the agency's dossiers (issue 14): each once at the province, equal on every desk.
  const held = new Set<string>();
  for (const db of desks) {
    const local = await db.dossiers.toArray();
    for (const d of local) held.add(d.id);
    for (const d of local) {
      const s = byId.get(d.id);
      expect(s, `dossier ${d.code} missing at the province`).toBeDefined();
      const mine = toHoSo(d);
      // Every field, the ones that follow from the status included.
      for (const f of Object.keys(mine) as (keyof HoSo)[]) expect(s!.record[f], `${d.code}.${f}`).toEqual(mine[f]);
    }
    expect(await db.outbox.where('state').notEqual('sent').count()).toBe(0);
  }
  expect(server.length).toBe(held.size);
}

/** Removes a server's store (its PostgreSQL database too) or a plain directory. */
export async function cleanup(what: string | Pick<ServerProcess, 'dataDir' | 'target'>) {
  if (typeof what === 'string') rmSync(what, { recursive: true, force: true });
  else await removeStore(what);
}

/**
 * Each test of the file gets a real server process and its province with one agency of `desksInAgency`
 * desks; afterwards the desks in `closeAfter` are closed and the server and its store removed. `ready`
 * hands the test file its server and province (kept in the file's own variables).
 */
export function provinceForEachTest(
  o: { desksInAgency: number; args?: string[]; closeAfter: TestDesk[] },
  ready: (server: ServerProcess, province: Province) => void,
) {
  let server: ServerProcess;
  let province: Province;
  beforeEach(async () => {
    server = await startServer(o.args ? { args: o.args } : undefined);
    province = await openProvince(server);
    await createAgency(province, o.desksInAgency);
    ready(server, province);
  });
  afterEach(async () => {
    await province.close();
    await server.stop();
    await cleanup(server);
    await Promise.all(o.closeAfter.splice(0).map((d) => d.close()));
  });
}
