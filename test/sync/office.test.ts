// Issue 14, "any desk of the office serves any dossier of the office", against the real server process
// (SQLite, and PostgreSQL in the node-pg project): desks of one agency receive each other's dossiers through
// the pull, carry them on, and a real conflict between two desks is shown at both, never merged.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { dossierHistory, editApplicant, searchDossiers, transitionDossier } from '../../renderer/src/db/dossiers';
import { acknowledgePeerConflict, resolveWithProvince } from '../../renderer/src/sync/conflicts';
import { dossierSyncInfo } from '../../renderer/src/sync/dossierState';
import { outboxEntry } from '../../renderer/src/db/records';
import { loadCredential } from '../../renderer/src/sync/credentials';
import { pullResponseV1Schema } from '../../shared/sync/contract';
import type { Province } from '../../server/store';
import { adminCli, AGENCY, DAY_START, makeDesk, provinceForEachTest, receiveMany, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

const OTHER = '000.17.22.H99';
let server: ServerProcess;
let p: Province;
const desks: TestDesk[] = [];

provinceForEachTest({ desksInAgency: 3, args: ['--rate-burst', '1000'], closeAfter: desks }, (s, province) => {
  server = s;
  p = province;
});

async function desk(deskNo: number, agency = AGENCY, engine: Parameters<typeof makeDesk>[2] = {}) {
  const d = await makeDesk(1, 1, engine);
  desks.push(d);
  await d.engine.enrol(server.url, await p.issueEnrolmentCode(agency, deskNo), `Quầy ${deskNo}`);
  return d;
}

const returned = { collectedBy: 'Nguyễn Văn Bình', method: 'desk' };

describe('any desk of the office serves any dossier of the office', () => {
  it('desk 2 finds a dossier received at desk 1, returns it; desk 1 sees the return; reception fields stay desk 1’s', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const b = await desk(2);
    const [one] = await receiveMany(a.db, 2);
    await syncUntilClean(a);
    await syncUntilClean(b);

    const copy = (await b.db.dossiers.get(one.id))!;
    expect(copy).toMatchObject({ code: one.code, deskNo: 1, peer: { ownerDeskNo: 1 }, applicant: { fullName: one.applicant.fullName }, status: 'received' });
    expect((await searchDossiers(b.db, one.code.slice(-4))).map((d) => d.id)).toContain(one.id);
    expect((await searchDossiers(b.db, 'nguyen van a')).map((d) => d.id)).toContain(one.id);
    expect((await dossierHistory(b.db, one.id))[0]).toMatchObject({ action: 'province_update', summary: expect.stringMatching(/do Quầy 1 tiếp nhận/) });

    // Desk 2 may not change what desk 1 recorded at reception, on the desk …
    await expect(editApplicant(b.db, one.id, { ...one.applicant, fullName: 'Tên Khác' })).rejects.toThrow(/do Quầy 1 ghi và chỉ quầy đó được sửa/);
    // … nor on the server (an entry forged into its outbox, as a modified desk could).
    await b.db.outbox.add(outboxEntry('dossier.edited', { ...copy, applicant: { ...copy.applicant, fullName: 'Tên Khác' }, rev: copy.rev + 1 }, Date.now()));
    await b.engine.runCycle();
    const refused = await b.db.outbox.where('state').equals('quarantined').toArray();
    expect(refused).toHaveLength(1);
    expect(refused[0].lastError).toMatch(/Tỉnh từ chối: .*chỉ quầy đó được sửa/);
    await b.db.outbox.delete(refused[0].seq!);

    // Desk 2 carries it on to the result.
    const now = Date.now();
    await transitionDossier(b.db, one.id, 'hand_over', {}, now - 3000);
    await transitionDossier(b.db, one.id, 'mark_processed', {}, now - 2000);
    await transitionDossier(b.db, one.id, 'return_result', returned, now - 1000);
    await syncUntilClean(b);
    const held = (await p.listDossiers({ agencyCode: AGENCY })).find((r) => r.id === one.id)!;
    expect(held.record).toMatchObject({ TrangThaiHoSo: 10, collectedBy: 'Nguyễn Văn Bình', ChuHoSo: one.applicant.fullName, deskNo: 1 });
    expect(held.deviceId).toBe((await a.engine.deviceIdentity()).deviceId); // still desk 1's

    await syncUntilClean(a);
    const mine = (await a.db.dossiers.get(one.id))!;
    expect(mine).toMatchObject({ status: 'returned', collectedBy: 'Nguyễn Văn Bình' });
    expect(mine.peer).toBeUndefined();
    expect((await dossierHistory(a.db, one.id)).at(-1)).toMatchObject({ actor: 'Quầy 2', summary: expect.stringMatching(/^Quầy 2 cập nhật: Đã trả kết quả.*Nguyễn Văn Bình/) });
    // Desk 1 can still correct its reception fields (it owns them), and desk 2's copy follows.
    const fresh = await desk(3);
    await syncUntilClean(fresh);
    expect(await fresh.db.dossiers.get(one.id)).toBeUndefined(); // closed before desk 3 enrolled: not copied
    expect(await fresh.db.dossiers.count()).toBe(1);
  });

  it('both desks return the same dossier while apart: a conflict at both, nothing merged', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const b = await desk(2);
    const [one] = await receiveMany(a.db, 1);
    await syncUntilClean(a);
    await syncUntilClean(b);
    const now = Date.now();
    for (const [d, who] of [[a, 'Trần Thị Cúc'], [b, 'Lê Văn Dũng']] as const) {
      await transitionDossier(d.db, one.id, 'hand_over', {}, now - 3000);
      await transitionDossier(d.db, one.id, 'mark_processed', {}, now - 2000);
      await transitionDossier(d.db, one.id, 'return_result', { collectedBy: who, method: 'desk' }, now - 1000);
    }
    await syncUntilClean(a);
    expect(await b.engine.runCycle()).toMatchObject({ ok: true, conflicts: 1 });
    // The province holds desk 1's return, desk 2's was not applied.
    expect((await p.listDossiers()).find((r) => r.id === one.id)!.record).toMatchObject({ TrangThaiHoSo: 10, collectedBy: 'Trần Thị Cúc' });
    const atB = await dossierSyncInfo(b.db, one.id);
    expect(atB).toMatchObject({ state: 'conflict', reason: expect.stringMatching(/^Quầy 1 đã chuyển hồ sơ sang "Đã trả kết quả"/) });
    expect((await b.db.dossiers.get(one.id))!.collectedBy).toBe('Lê Văn Dũng'); // its own, until the officer decides

    await a.engine.runCycle();
    const atA = await dossierSyncInfo(a.db, one.id);
    expect(atA).toMatchObject({ state: 'conflict', conflict: { kind: 'peer' }, reason: expect.stringMatching(/^Quầy 2 cũng chuyển hồ sơ sang/) });
    expect((await a.db.dossiers.get(one.id))!.collectedBy).toBe('Trần Thị Cúc');
    expect((await dossierHistory(a.db, one.id)).at(-1)).toMatchObject({ actor: 'Quầy 2', summary: expect.stringMatching(/^Xung đột với Quầy 2: quầy đó cũng chuyển hồ sơ/) });

    // Desk 2 follows desk 1 (what the province holds); desk 1 acknowledges. Both end equal to the province.
    await resolveWithProvince(b.db, atB.conflict!.id);
    await acknowledgePeerConflict(a.db, atA.conflict!.id);
    await syncUntilClean(b);
    await syncUntilClean(a);
    const server1 = (await p.listDossiers()).find((r) => r.id === one.id)!.record;
    for (const d of [a, b]) {
      expect((await d.db.dossiers.get(one.id))!).toMatchObject({ status: 'returned', collectedBy: 'Trần Thị Cúc' });
      expect(await d.db.conflicts.where('open').equals(1).count()).toBe(0);
    }
    expect(server1.collectedBy).toBe('Trần Thị Cúc');
    expect((await p.stats()).conflicts).toBe(1);
  });

  it('two desks taking the same plain step (hand over) is the same decision, not a conflict', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const b = await desk(2);
    const [one] = await receiveMany(a.db, 1);
    await syncUntilClean(a);
    await syncUntilClean(b);
    await transitionDossier(a.db, one.id, 'hand_over', {}, Date.now() - 2000);
    await transitionDossier(b.db, one.id, 'hand_over', {}, Date.now() - 1000);
    await syncUntilClean(a);
    expect(await syncUntilClean(b)).toMatchObject({ conflicts: 0 });
    await syncUntilClean(a);
    for (const d of [a, b]) expect((await d.db.dossiers.get(one.id))!.status).toBe('processing');
    // Then either desk goes on: the revisions are ordered across desks.
    await transitionDossier(a.db, one.id, 'mark_processed', {}, Date.now());
    await syncUntilClean(a);
    await syncUntilClean(b);
    expect((await b.db.dossiers.get(one.id))!.status).toBe('processed');
    await transitionDossier(b.db, one.id, 'return_result', returned, Date.now());
    await syncUntilClean(b);
    expect((await p.listDossiers()).find((r) => r.id === one.id)!.record.TrangThaiHoSo).toBe(10);
  });

  it('another agency’s desk sees nothing of this agency, and an older desk (pull version 1) is served the old shape', { timeout: 60_000 }, async () => {
    await p.createAgency({ agencyCode: OTHER, parentAgencyName: 'UBND XÃ BÌNH MINH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã Bình Minh', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 2);
    const a = await desk(1);
    const stranger = await desk(1, OTHER);
    const [one] = await receiveMany(a.db, 3);
    await syncUntilClean(a);
    await p.setStatus({ agencyCode: AGENCY, code: one.code }, 'processing');
    await syncUntilClean(stranger);
    expect(await stranger.db.dossiers.count()).toBe(0);
    // Its forged transition on this agency's dossier is refused.
    await stranger.db.dossiers.put({ ...(await a.db.dossiers.get(one.id))!, rev: 9 });
    await transitionDossier(stranger.db, one.id, 'withdraw', { reason: 'Công dân xin rút hồ sơ' });
    await stranger.engine.runCycle();
    expect((await stranger.db.outbox.where('state').equals('quarantined').first())!.lastError).toMatch(/thuộc đơn vị khác/);
    expect((await p.listDossiers()).find((r) => r.id === one.id)!.record.TrangThaiHoSo).toBe(4);

    // An older desk asks without v: only version 1's kinds and fields, which its strict schema accepts.
    const credential = await loadCredential(a.secrets);
    const res = await fetch(`${server.url}/v1/province-changes?cursor=0`, { headers: { authorization: `Bearer ${credential!.token}` } });
    const old = pullResponseV1Schema.parse(await res.json());
    expect(old.changes.map((c) => c.kind)).toEqual(['status']);
  });

  it('an online dossier reaches both desks; when desk 1 returns it, desk 2’s copy follows (issue 12’s stale copy)', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const b = await desk(2);
    const out = await adminCli(server, ['create-online-dossier', '--agency', AGENCY, '--procedure', '1.004873', '--name', 'Phạm Thị Lan', '--id-number', '001190012345', '--dob', '12/03/1990', '--gender', 'female', '--address', 'Thôn Đông', '--json']);
    const change = JSON.parse(out) as { MaHoSo: string; dossierId: string };
    await syncUntilClean(a);
    await syncUntilClean(b);
    for (const d of [a, b]) expect(await d.db.dossiers.get(change.dossierId)).toMatchObject({ channel: 'online', status: 'received' });
    expect((await b.db.dossiers.get(change.dossierId))!.peer).toBeUndefined(); // the agency's: any desk may take it over
    const now = Date.now();
    await transitionDossier(a.db, change.dossierId, 'hand_over', {}, now - 3000);
    await transitionDossier(a.db, change.dossierId, 'mark_processed', {}, now - 2000);
    await transitionDossier(a.db, change.dossierId, 'return_result', { collectedBy: 'Phạm Thị Lan', method: 'desk' }, now - 1000);
    await syncUntilClean(a);
    await syncUntilClean(b);
    const stale = (await b.db.dossiers.get(change.dossierId))!;
    expect(stale).toMatchObject({ status: 'returned', collectedBy: 'Phạm Thị Lan', peer: { ownerDeskNo: 1 } });
    await expect(editApplicant(b.db, change.dossierId, { ...stale.applicant, phone: '0912345678' })).rejects.toThrow(/không sửa được nữa|chỉ quầy đó/);
  });

  it('a desk enrolled later copies the agency’s open dossiers page by page, each once; codes never collide', { timeout: 90_000 }, async () => {
    const a = await desk(1);
    const b = await desk(2);
    const fromA = await receiveMany(a.db, 30);
    const fromB = await receiveMany(b.db, 30, DAY_START + 30_000);
    for (const d of fromA.slice(0, 5)) {
      await transitionDossier(a.db, d.id, 'withdraw', { reason: 'Công dân xin rút hồ sơ' });
    }
    await syncUntilClean(a);
    await syncUntilClean(b);
    await syncUntilClean(a);
    const codes = [...fromA, ...fromB].map((d) => d.code);
    expect(new Set(codes).size).toBe(60);
    expect(await a.db.dossiers.count()).toBe(60);
    // Desk 2's first pull came after desk 1 closed 5: its first copy of the agency has the open ones only.
    expect(await b.db.dossiers.count()).toBe(55);
    // Another day of both desks receiving after they hold each other's dossiers: still no code twice.
    const later = [...(await receiveMany(a.db, 10, DAY_START + 86_400_000)), ...(await receiveMany(b.db, 10, DAY_START + 86_400_000))];
    await syncUntilClean(a);
    await syncUntilClean(b);
    await syncUntilClean(a);
    expect(new Set([...codes, ...later.map((d) => d.code)]).size).toBe(80);
    expect(await a.db.dossiers.count()).toBe(80);
    expect((await p.stats()).conflicts).toBe(0);
    
    let pages = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input).includes('/province-changes')) pages++;
      return fetch(input, init);
    };
    const c = await desk(3, AGENCY, { pullPageSize: 20, fetch: counting });
    expect(await c.engine.runCycle()).toMatchObject({ ok: true, pulled: 75 });
    expect(pages).toBe(4); // 75 open dossiers in pages of 20
    expect(await c.db.dossiers.count()).toBe(75);
    expect((await c.db.dossiers.toArray()).filter((d) => d.status === 'withdrawn')).toHaveLength(0);
    expect(await c.engine.runCycle()).toMatchObject({ ok: true, pulled: 0 });
  });
});
