// Backups restored on a new machine and from an older backup, then synced with the real server process:
// nothing lost, nothing doubled, no code issued twice.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDeskDb } from '../../renderer/src/db/db';
import { blobSink, createBackup, readRestoreState, restoreBackup } from '../../renderer/src/db/backup';
import { receiveDossier, transitionDossier } from '../../renderer/src/db/dossiers';
import { receiveData, signInForTest } from '../../renderer/src/db/dossiers.cases';
import { memorySecrets } from '../../renderer/src/sync/credentials';
import { createSyncEngine } from '../../renderer/src/sync/engine';
import { inProcessLocks } from '../../renderer/src/sync/locks';
import type { Province } from '../../server/store';
import { AGENCY, DAY_START, expectSameOnBothSides, makeDesk, provinceForEachTest, receiveMany, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

const PASS = 'mật khẩu sao lưu của quầy';
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

async function backup(d: TestDesk) {
  signInForTest(d.db, 'admin');
  const sink = blobSink();
  await createBackup(d.db, PASS, sink, { secrets: d.secrets, iterations: 100_000 });
  return sink.blob();
}

/** A new machine: an empty profile, no credential, the backup file and its passphrase. */
async function newMachine(file: Blob): Promise<TestDesk> {
  const db = openDeskDb(`restored-${crypto.randomUUID()}`);
  const secrets = memorySecrets();
  await restoreBackup(db, file, PASS, { secrets });
  const engine = createSyncEngine({ db, secrets, locks: inProcessLocks(), timeoutMs: 5_000, idleMs: 60_000 });
  const d: TestDesk = { db, secrets, engine, close: async () => { db.close(); await db.delete(); } };
  desks.push(d);
  return d;
}

describe('restore, then sync with the province', () => {
  it('a backup restored on a new machine syncs with 0 lost and 0 doubled: same UUIDs, outbox states kept', { timeout: 60_000 }, async () => {
    const a = await enrolledDesk();
    const sent = await receiveMany(a.db, 6);
    await syncUntilClean(a);
    await transitionDossier(a.db, sent[0].id, 'hand_over', {}, DAY_START + 3600_000);
    // Offline afterwards: these changes exist only on the desk (and in its backup).
    await server.stop();
    const unsent = await receiveMany(a.db, 4, DAY_START + 4 * 3600_000);
    const outboxBefore = (await a.db.outbox.toArray()).map((e) => [e.id, e.state]);
    const file = await backup(a);
    // The desk's PC dies; the province comes back.
    await a.close();
    desks.splice(desks.indexOf(a), 1);
    server = await server.restart();

    const b = await newMachine(file);
    expect((await b.db.outbox.toArray()).map((e) => [e.id, e.state])).toEqual(outboxBefore);
    expect(await b.db.dossiers.count()).toBe(10);
    await syncUntilClean(b);
    await expectSameOnBothSides([b.db], p);
    expect(await p.stats()).toMatchObject({ dossiers: 10, conflicts: 0, rejected: 0 });
    expect((await p.listDossiers({ agencyCode: AGENCY })).map((s) => s.id).sort()).toEqual([...sent, ...unsent].map((d) => d.id).sort());
    expect(await readRestoreState(b.db)).toMatchObject({ takenBack: 0 });
    expect((await readRestoreState(b.db))?.reconciledAt).toBeGreaterThan(0);
  });

  it('an OLDER backup: the desk takes back the newer dossiers and the highest sequence, and a new reception gets a fresh code', { timeout: 90_000 }, async () => {
    const a = await enrolledDesk();
    const early = await receiveMany(a.db, 2);
    await syncUntilClean(a);
    const file = await backup(a);
    // After the backup: 60 more codes the same day (more than the safety gap), and a decision on an early one.
    const later = await receiveMany(a.db, 60, DAY_START + 2 * 3600_000, 30_000);
    await transitionDossier(a.db, early[0].id, 'hand_over', {}, DAY_START + 5 * 3600_000);
    await syncUntilClean(a);
    expect(later.at(-1)!.code).toBe(`${AGENCY}-${later.at(-1)!.code.split('-')[1]}-0062`);
    await a.close();
    desks.splice(desks.indexOf(a), 1);

    const b = await newMachine(file);
    expect(await b.db.dossiers.count()).toBe(2);
    await syncUntilClean(b);
    // Everything the province holds of this desk is back, the newer revision of the early dossier too.
    expect(await b.db.dossiers.count()).toBe(62);
    expect((await b.db.dossiers.get(early[0].id))?.status).toBe('processing');
    await expectSameOnBothSides([b.db], p);
    // The same day, a new citizen: a fresh code, not one the province already holds.
    signInForTest(b.db, 'officer');
    const fresh = await receiveDossier(b.db, receiveData({ fullName: 'Võ Thị Lan' }), DAY_START + 8 * 3600_000);
    expect(fresh.code.endsWith('-0063')).toBe(true);
    expect((await p.listDossiers({ agencyCode: AGENCY })).map((s) => s.record.MaHoSo)).not.toContain(fresh.code);
    await syncUntilClean(b);
    await expectSameOnBothSides([b.db], p);
    expect(await p.stats()).toMatchObject({ dossiers: 63, conflicts: 0, rejected: 0 });
  });

  it('enrolment is for administrators: an officer is refused, in Vietnamese, and the code stays unused', async () => {
    const d = await makeDesk(1, 1);
    desks.push(d);
    signInForTest(d.db, 'officer');
    const code = await p.issueEnrolmentCode(AGENCY, 1);
    await expect(d.engine.enrol(server.url, code, 'Quầy 1')).rejects.toThrow(/không có quyền quản lý đồng bộ với tỉnh/);
    signInForTest(d.db, 'admin');
    await expect(d.engine.enrol(server.url, code, 'Quầy 1')).resolves.toMatchObject({ deskNo: 1 });
  });

  it('the restore endpoint checks its query and answers only with this desk’s dossiers', { timeout: 60_000 }, async () => {
    const a = await enrolledDesk();
    await receiveMany(a.db, 3);
    await syncUntilClean(a);
    const other = await makeDesk(1, 1);
    desks.push(other);
    await other.engine.enrol(server.url, await p.issueEnrolmentCode(AGENCY, 2), 'Quầy 2');
    await receiveMany(other.db, 2);
    await syncUntilClean(other);
    const token = JSON.parse((await a.secrets.secretGet({ key: 'sync.credential' })).value!).token as string;
    const bad = await fetch(`${server.url}/v1/restore?limit=100000`, { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    expect(await fetch(`${server.url}/v1/restore`)).toMatchObject({ status: 401 });
    const ok = await (await fetch(`${server.url}/v1/restore?limit=2`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(ok).toMatchObject({ hasMore: true, deskNo: 1 });
    expect(ok.items).toHaveLength(2);
    const all = await (await fetch(`${server.url}/v1/restore`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(all.items.map((i: { dossierId: string }) => i.dossierId).sort()).toEqual((await a.db.dossiers.toArray()).map((d) => d.id).sort());
  });
});
