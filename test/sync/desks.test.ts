// Scenarios 8 and 9 against the real server process: three desks of one agency working offline for a day,
// province decisions reaching the desk, and conflicts shown to the officer rather than resolved silently.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { dossierHistory, transitionDossier } from '../../renderer/src/db/dossiers';
import { resolveWithDesk, resolveWithNewCode, resolveWithProvince } from '../../renderer/src/sync/conflicts';
import { dossierSyncInfo } from '../../renderer/src/sync/dossierState';
import type { Province } from '../../server/store';
import { toVnStamp } from '../../shared/sync/time';
import { adminCli, AGENCY, DAY_START, expectSameOnBothSides, makeDesk, provinceForEachTest, receiveMany, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

let server: ServerProcess;
let p: Province;
const desks: TestDesk[] = [];

provinceForEachTest({ desksInAgency: 3, closeAfter: desks }, (s, province) => {
  server = s;
  p = province;
});

async function desk(deskNo: number, localDeskNo = 1, localDesks = 1) {
  const d = await makeDesk(localDeskNo, localDesks);
  desks.push(d);
  await d.engine.enrol(server.url, await p.issueEnrolmentCode(AGENCY, deskNo), `Quầy ${deskNo}`);
  return d;
}

describe('several desks and the province', () => {
  it('8. three desks of one agency, offline for a day with overlapping hours: no code collisions, every dossier present', { timeout: 60_000 }, async () => {
    // Each desk was installed as "desk 1 of 1"; enrolment gives them their numbers in the agency.
    const [a, b, c] = [await desk(1), await desk(2), await desk(3)];
    await server.stop();
    // 07:30–17:00 with overlapping hours: the same minutes at every desk.
    for (const [i, d] of [a, b, c].entries()) await receiveMany(d.db, 40, DAY_START + i * 5 * 60_000, 12 * 60_000);
    const codes = (await Promise.all([a, b, c].map((d) => d.db.dossiers.toArray()))).flat().map((d) => d.code);
    expect(codes).toHaveLength(120);
    expect(new Set(codes).size).toBe(120);
    for (const d of [a, b, c]) expect(await d.engine.runCycle()).toMatchObject({ ok: false });

    server = await server.restart();
    await Promise.all([a, b, c].map((d) => syncUntilClean(d)));
    await expectSameOnBothSides([a.db, b.db, c.db], p);
    expect((await p.stats())).toMatchObject({ dossiers: 120, conflicts: 0, rejected: 0 });
  });

  it('a code already used by another dossier is a conflict: reported, never merged or overwritten, settled with a new code', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    // A second device enrolled as desk 1 (a re-installed desk while the old install still runs): it issues
    // a's codes from the same block. (A desk issuing codes from another desk's block is refused: isolation.test.ts.)
    const b = await desk(1);
    const [first] = await receiveMany(a.db, 3);
    const clash = await receiveMany(b.db, 3, DAY_START + 3600_000);
    expect(clash.map((d) => d.code)).toEqual((await a.db.dossiers.toArray()).map((d) => d.code).sort());
    await syncUntilClean(a);
    const outcome = await b.engine.runCycle();
    expect(outcome).toMatchObject({ ok: true, pushed: 0, conflicts: 3 });
    const held = (await p.listDossiers()).find((d) => d.record.MaHoSo === first.code)!;
    expect(held.id).toBe(first.id);
    expect(held.record.ChuHoSo).toBe(first.applicant.fullName);
    const info = await dossierSyncInfo(b.db, clash[0].id);
    expect(info).toMatchObject({ state: 'conflict', reason: expect.stringMatching(/đã được dùng cho một hồ sơ khác/) });

    const open = await b.db.conflicts.where('open').equals(1).toArray();
    expect(open).toHaveLength(3);
    for (const conflict of open) await resolveWithNewCode(b.db, conflict.id);
    const recoded = await b.db.dossiers.get(clash[0].id);
    expect(recoded!.code).not.toBe(clash[0].code);
    expect((await dossierHistory(b.db, clash[0].id)).at(-1)).toMatchObject({ action: 'recoded', summary: expect.stringMatching(/Cần in lại/) });
    await syncUntilClean(b);
    await expectSameOnBothSides([a.db, b.db], p);
    expect((await p.stats()).dossiers).toBe(6);
  });

  it('9. a status change made at the province reaches the dossier and its history', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const [one, two, three] = await receiveMany(a.db, 3);
    await syncUntilClean(a);
    await adminCli(server, ['set-status', '--agency', AGENCY, '--code', one.code, '--status', '9', '--note', 'Đã ký giấy khai sinh', '--by', 'Phạm Thị Dung', '--title', 'Công chức tư pháp', '--department', 'Tư pháp – Hộ tịch']);
    await adminCli(server, ['set-status', '--agency', AGENCY, '--code', two.code, '--status', 'supplement_requested', '--note', 'Thiếu bản sao giấy chứng nhận kết hôn']);
    const extended = DAY_START + 4 * 86_400_000 + 8 * 3600_000; // Friday 16:00
    await adminCli(server, ['set-appointment', '--agency', AGENCY, '--code', three.code, '--at', toVnStamp(extended), '--note', 'Gia hạn do cần xác minh']);
    const listed = await adminCli(server, ['list-dossiers']);
    expect(listed).toContain(`${one.code}\t1.001193\t9 Đã xử lý xong`);
    expect(listed).not.toContain(one.applicant.fullName); // no personal data on the terminal by default

    expect(await a.engine.runCycle()).toMatchObject({ ok: true, pulled: 3 });
    const d1 = (await a.db.dossiers.get(one.id))!;
    expect(d1.status).toBe('processed');
    expect(d1.finishedAt).not.toBeNull();
    const h1 = await dossierHistory(a.db, one.id);
    expect(h1.at(-1)).toMatchObject({
      action: 'province_update',
      actor: 'Phạm Thị Dung, Công chức tư pháp (Tư pháp – Hộ tịch)',
      fromStatus: 'received',
      toStatus: 'processed',
      summary: 'Tỉnh cập nhật: Đã xử lý xong – Đã ký giấy khai sinh',
    });
    const d2 = (await a.db.dossiers.get(two.id))!;
    expect(d2).toMatchObject({ status: 'supplement_requested' });
    expect(d2.pausedAt).not.toBeNull();
    expect((await a.db.dossiers.get(three.id))!.appointmentAt).toBe(extended);

    // Pulling again changes nothing; the desk then hands the result back and the province learns it.
    expect(await a.engine.runCycle()).toMatchObject({ ok: true, pulled: 0 });
    await transitionDossier(a.db, one.id, 'return_result', { collectedBy: 'Nguyễn Văn A', method: 'desk' });
    await syncUntilClean(a);
    expect((await p.listDossiers()).find((d) => d.id === one.id)!.record.TrangThaiHoSo).toBe(10);
    await expectSameOnBothSides([a.db], p);
  });

  it('a desk decision taken without knowing the province’s is a conflict the officer settles either way', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const [one, two] = await receiveMany(a.db, 2);
    await syncUntilClean(a);
    // Offline, the officer records withdrawals; meanwhile the province decides.
    await transitionDossier(a.db, one.id, 'withdraw', { reason: 'Công dân xin rút hồ sơ' });
    await transitionDossier(a.db, two.id, 'withdraw', { reason: 'Công dân xin rút hồ sơ' });
    await p.setStatus({ agencyCode: AGENCY, code: one.code }, 'processed', { note: 'Đã xử lý' });
    await p.setStatus({ agencyCode: AGENCY, code: two.code }, 'processing');

    expect(await a.engine.runCycle()).toMatchObject({ ok: true, conflicts: 2 });
    // Nothing was silently resolved: the desk still shows its own status, the province keeps its own.
    expect((await a.db.dossiers.get(one.id))!.status).toBe('withdrawn');
    expect((await p.listDossiers()).find((d) => d.id === one.id)!.record.TrangThaiHoSo).toBe(9);
    const conflicts = await a.db.conflicts.where('open').equals(1).toArray();
    expect(conflicts.map((c) => c.kind)).toEqual(['status', 'status']);
    const c1 = conflicts.find((c) => c.dossierId === one.id)!;
    const c2 = conflicts.find((c) => c.dossierId === two.id)!;
    expect(c1.reason).toMatch(/Tỉnh đã chuyển hồ sơ sang "Đã xử lý xong"/);
    expect(await a.engine.runCycle()).toMatchObject({ ok: true, pushed: 0 });

    await resolveWithProvince(a.db, c1.id);
    await resolveWithDesk(a.db, c2.id);
    expect((await a.db.dossiers.get(one.id))!.status).toBe('processed');
    expect((await dossierHistory(a.db, one.id)).at(-1)).toMatchObject({ action: 'conflict_resolved', summary: expect.stringMatching(/theo quyết định của tỉnh/) });
    await syncUntilClean(a);
    expect((await p.listDossiers()).find((d) => d.id === two.id)!.record.TrangThaiHoSo).toBe(7);
    await expectSameOnBothSides([a.db], p);
  });
});
