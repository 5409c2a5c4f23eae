// The desk's audit chain at the province, against the real server process: stored append-only (the
// database refuses UPDATE and DELETE), re-hashed and linked on arrival, a broken link refused with its
// reason, and a desk restored from an older backup accepted as a new branch.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDeskDb } from '../../renderer/src/db/db';
import { blobSink, createBackup, restoreBackup } from '../../renderer/src/db/backup';
import { receiveDossier } from '../../renderer/src/db/dossiers';
import { receiveData, signInForTest } from '../../renderer/src/db/dossiers.cases';
import { readState } from '../../renderer/src/sync/state';
import { memorySecrets } from '../../renderer/src/sync/credentials';
import { createSyncEngine } from '../../renderer/src/sync/engine';
import { inProcessLocks } from '../../renderer/src/sync/locks';
import type { Province } from '../../server/store';
import { AGENCY, DAY_START, makeDesk, provinceForEachTest, receiveMany, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

let server: ServerProcess;
let p: Province;
const desks: TestDesk[] = [];

provinceForEachTest({ desksInAgency: 3, closeAfter: desks }, (s, province) => {
  server = s;
  p = province;
});

async function enrolledDesk() {
  const d = await makeDesk(1, 1);
  desks.push(d);
  await d.engine.enrol(server.url, await p.issueEnrolmentCode(AGENCY, 1), 'Quầy 1');
  return d;
}

const provinceAudit = async () =>
  (await p.db.k.selectFrom('audit_events').select(['id', 'prev_hash', 'hash', 'action']).orderBy('seq').execute()).map((r) => ({ id: r.id, prevHash: r.prev_hash, hash: r.hash, action: r.action }));

describe('the audit chain at the province', () => {
  it('reaches the province in order, every event once, and the province refuses to change or remove one', { timeout: 60_000 }, async () => {
    const d = await enrolledDesk();
    await receiveMany(d.db, 5);
    await syncUntilClean(d);
    await d.engine.runCycle({ wait: true }); // a second cycle sends nothing twice
    const local = await d.db.audit.toArray();
    const held = await provinceAudit();
    expect(held.map((e) => e.id)).toEqual(local.map((e) => e.id));
    expect(held.map((e) => e.hash)).toEqual(local.map((e) => e.hash));
    for (let i = 1; i < held.length; i++) expect(held[i].prevHash).toBe(held[i - 1].hash);
    await expect(sql`UPDATE audit_events SET action = 'x'`.execute(p.db.k)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(p.db.k)).rejects.toThrow(/append-only/);
    expect(await provinceAudit()).toHaveLength(held.length);
  });

  it('refuses an edited event and a removed one with a clear reason, keeping what came before', { timeout: 60_000 }, async () => {
    const d = await enrolledDesk();
    await syncUntilClean(d);
    const before = (await provinceAudit()).length;
    signInForTest(d.db, 'officer');
    const a = await receiveDossier(d.db, receiveData(), DAY_START);
    await receiveDossier(d.db, receiveData(), DAY_START + 60_000);
    // Someone edits the first new event directly in IndexedDB (bypassing the commands).
    const ev = await d.db.audit.where('dossierId').equals(a.id).first();
    await d.db.audit.update(ev!.seq!, { summary: 'Tiếp nhận hồ sơ khác' });
    await d.engine.runCycle({ wait: true });
    const state = await readState(d.db, 'audit');
    expect(state?.refused?.reason).toMatch(/Mã băm .* không khớp nội dung: sự kiện đã bị sửa/);
    expect(state?.refused?.seq).toBe(ev!.seq);
    expect(await provinceAudit()).toHaveLength(before);

    // Undo the edit but delete the event instead: the next one no longer links.
    await d.db.audit.delete(ev!.seq!);
    await d.engine.runCycle({ wait: true });
    expect((await readState(d.db, 'audit'))?.refused?.reason).toMatch(/đứt mắt xích/);
    expect(await provinceAudit()).toHaveLength(before);
  });

  it('a desk restored from an older backup continues as a new branch opened by its restore event', { timeout: 60_000 }, async () => {
    const d = await enrolledDesk();
    await receiveMany(d.db, 2);
    await syncUntilClean(d);
    signInForTest(d.db, 'admin');
    const sink = blobSink();
    await createBackup(d.db, 'mật khẩu sao lưu quầy', sink, { secrets: d.secrets, iterations: 100_000 });
    await receiveMany(d.db, 3, DAY_START + 3600_000);
    await syncUntilClean(d);
    const beforeRestore = (await provinceAudit()).length;

    const db = openDeskDb(`restored-${crypto.randomUUID()}`);
    const secrets = memorySecrets();
    await restoreBackup(db, sink.blob(), 'mật khẩu sao lưu quầy', { secrets });
    const b: TestDesk = { db, secrets, engine: createSyncEngine({ db, secrets, locks: inProcessLocks(), timeoutMs: 5_000 }), close: async () => { db.close(); await db.delete(); } };
    desks.push(b);
    await syncUntilClean(b);
    await b.engine.runCycle({ wait: true });
    expect((await readState(b.db, 'audit'))?.refused).toBeNull();
    const held = await provinceAudit();
    const restoredEvent = held.find((e) => e.action === 'backup_restored')!;
    expect(restoredEvent).toBeDefined();
    // Nothing the lost desk sent is lost or doubled; the restored desk's own events all arrived.
    expect(new Set(held.map((e) => e.id)).size).toBe(held.length);
    expect(held.length).toBeGreaterThan(beforeRestore);
    const local = await b.db.audit.toArray();
    expect(local.every((e) => held.some((h) => h.id === e.id))).toBe(true);
  });
});
