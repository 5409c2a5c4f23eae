// Online dossiers and the province's report, against the real server process and its admin command line:
// a dossier submitted online for the agency reaches both desks through the pull, one desk carries it to
// its result, the province sees it returned, and the `report` command counts it as online and on time.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { transitionDossier } from '../../renderer/src/db/dossiers';
import { dashboard } from '../../renderer/src/db/reports';
import type { Province } from '../../server/store';
import { adminCli, AGENCY, DAY_START, makeDesk, provinceForEachTest, receiveMany, syncUntilClean, type ServerProcess, type TestDesk } from './harness';

let server: ServerProcess;
let p: Province;
const desks: TestDesk[] = [];

provinceForEachTest({ desksInAgency: 2, closeAfter: desks }, (s, province) => {
  server = s;
  p = province;
});

async function desk(deskNo: number) {
  const d = await makeDesk(1, 1);
  desks.push(d);
  await d.engine.enrol(server.url, await p.issueEnrolmentCode(AGENCY, deskNo), `Quầy ${deskNo}`);
  return d;
}

describe('online dossiers reach the desk through the pull', () => {
  it('created by the province admin, pulled by every desk of the agency, returned by one, counted online', { timeout: 60_000 }, async () => {
    const a = await desk(1);
    const b = await desk(2);
    await receiveMany(a.db, 2, DAY_START);
    const out = await adminCli(server, [
      'create-online-dossier', '--agency', AGENCY, '--procedure', '1.004873', '--name', 'Phạm Thị Lan', '--id-number', '001190012345',
      '--dob', '12/03/1990', '--gender', 'female', '--address', 'Thôn Đông, xã An Bình', '--phone', '0987654321', '--json',
    ]);
    const change = JSON.parse(out) as { MaHoSo: string; dossierId: string };
    expect(change.MaHoSo).toMatch(/^000\.17\.22\.H56-\d{6}-T0001$/);

    await syncUntilClean(a);
    await syncUntilClean(b);
    for (const d of [a, b]) {
      const got = await d.db.dossiers.get(change.dossierId);
      expect(got).toMatchObject({ code: change.MaHoSo, channel: 'online', status: 'received', procedureCode: '1.004873', applicant: { fullName: 'Phạm Thị Lan' } });
      expect(got!.searchTokens.length).toBeGreaterThan(0);
    }
    // Pulling again changes nothing (the same change is not applied twice).
    await syncUntilClean(a);
    expect(await a.db.dossiers.count()).toBe(3);

    // Desk a carries it to its result; the province sees it, and b hears of it.
    const now = Date.now();
    await transitionDossier(a.db, change.dossierId, 'hand_over', {}, now - 3000);
    await transitionDossier(a.db, change.dossierId, 'mark_processed', {}, now - 2000);
    await transitionDossier(a.db, change.dossierId, 'return_result', { collectedBy: 'Phạm Thị Lan', method: 'desk' }, now - 1000);
    await syncUntilClean(a);
    const held = (await p.listDossiers({ agencyCode: AGENCY })).find((r) => r.id === change.dossierId)!;
    expect(held.record.TrangThaiHoSo).toBe(10);
    expect(held.record.HinhThuc).toBe(1);
    expect(held.deviceId).not.toMatch(/^agency:/); // taken over by desk a

    const dash = await dashboard(a.db, 'year', now);
    expect(dash.report.total.receivedOnline).toBe(1);

    // The province's report, as CSV: the agency's row counts 3 received (1 online), 1 resolved, on time.
    const from = new Date(DAY_START - 86400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
    const to = new Date(now + 86400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
    const csv = await adminCli(server, ['report', '--from', from, '--to', to, '--csv']);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Mã đơn vị,"Xã, phường",Tiếp nhận,Trực tuyến,Trực tiếp,Bưu chính,Kỳ trước chuyển qua,Đã giải quyết,Trước hạn,Đúng hạn,Quá hạn,Tỷ lệ đúng hạn,Đang giải quyết,Trong hạn,Quá hạn (đang),Rút, dừng'.replace('Rút, dừng', '"Rút, dừng"'));
    const row = lines.find((l) => l.startsWith(AGENCY))!.split(',');
    // received, online, desk, post, carried, resolved: 3, 1, 2, 0, 0, 1; the online one finished before its appointment.
    expect(row.slice(2, 8)).toEqual(['3', '1', '2', '0', '0', '1']);
    expect(Number(row[8]) + Number(row[9])).toBe(1);
    expect(row[11]).toBe('100.0%');
    const table = await adminCli(server, ['report', '--from', from, '--to', to]);
    expect(table).toContain('Xã An Bình');
    expect(table).toMatch(/TỔNG\s+3\s+1\s+2/);
  });

  it('refuses an online dossier for an unknown agency or procedure, with the reason', async () => {
    await expect(adminCli(server, ['create-online-dossier', '--agency', 'X', '--procedure', '1.004873', '--name', 'A B', '--id-number', '001190012345', '--dob', '12/03/1990', '--gender', 'female', '--address', 'x'])).rejects.toThrow(/Không có đơn vị X/);
    await expect(adminCli(server, ['create-online-dossier', '--agency', AGENCY, '--procedure', '9.999', '--name', 'A B', '--id-number', '001190012345', '--dob', '12/03/1990', '--gender', 'female', '--address', 'x'])).rejects.toThrow(/Không có thủ tục mã 9.999/);
  });
});
