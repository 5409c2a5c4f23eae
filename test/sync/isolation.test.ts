// Issue 13: tenant isolation, each attack reproduced against the running server process (a desk is only
// its credential: it can send anything), refused, while the legitimate pushes still pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponseSchema, type PushItem } from '../../shared/sync/contract';
import { toPushItem } from '../../shared/sync/mapping';
import type { Province } from '../../server/store';
import { AGENCY, DAY_START, adminCli, cleanup, createAgency, openProvince, startServer, type ServerProcess } from './harness';
import { deskDay } from './wire';

const OTHER = '000.17.22.H99';
let server: ServerProcess;
let p: Province;

beforeAll(async () => {
  server = await startServer({ args: ['--rate-burst', '1000'] });
  p = await openProvince(server);
  await createAgency(p, 3);
  await p.createAgency({ agencyCode: OTHER, parentAgencyName: 'UBND XÃ BÌNH MINH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã Bình Minh', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 2);
});
afterAll(async () => {
  await p.close();
  await server.stop();
  await cleanup(server);
});

async function enrol(agency: string, deskNo: number, deviceId: string = crypto.randomUUID()) {
  const res = await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await p.issueEnrolmentCode(agency, deskNo), deviceId, deviceName: 'Quầy' }) });
  return { status: res.status, body: (await res.json()) as { token: string; deviceId: string; agencyCode: string; error?: { code: string; message: string } } };
}

async function push(token: string, items: PushItem[]) {
  const res = await fetch(`${server.url}/v1/changes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ items }) });
  expect(res.status).toBe(200);
  return pushResponseSchema.parse(await res.json()).results;
}

async function pull(token: string) {
  const res = await fetch(`${server.url}/v1/province-changes?cursor=0`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { changes: { MaHoSo: string; dossierId: string }[] };
}

const day = (agencyCode: string, deskNo: number, desksInAgency: number, dossiers = 3, seed = deskNo) => deskDay({ agencyCode, deskNo, desksInAgency, start: DAY_START, dossiers, transitions: 0, seed });

describe('tenant isolation at the province (issue 13)', () => {
  it('a. a desk of agency B cannot push a dossier carrying agency A’s code; the decision on A’s code goes to A', async () => {
    const a = (await enrol(AGENCY, 1)).body;
    const b = (await enrol(OTHER, 1)).body;
    const forged = day(AGENCY, 1, 3, 1, 11).items[0];
    const refused = await push(b.token, [forged]);
    expect(refused[0]).toMatchObject({ result: 'rejected', reason: expect.stringMatching(/không theo mẫu mã của đơn vị 000\.17\.22\.H99/) });
    // B's own dossiers still go through, and A's real dossier with that code too.
    expect((await push(b.token, day(OTHER, 1, 2).items)).map((r) => r.result)).toEqual(['accepted', 'accepted', 'accepted']);
    const real = { ...day(AGENCY, 1, 3, 1, 12).items[0] };
    expect(real.HoSo.MaHoSo).toBe(forged.HoSo.MaHoSo);
    expect((await push(a.token, [real]))[0].result).toBe('accepted');
    await p.setStatus({ agencyCode: AGENCY, code: real.HoSo.MaHoSo }, 'processing');
    expect((await pull(a.token)).changes.map((c) => c.dossierId)).toEqual([real.dossierId]);
    expect((await pull(b.token)).changes).toEqual([]);
    expect((await p.listDossiers({ agencyCode: OTHER })).map((d) => d.record.MaHoSo)).not.toContain(forged.HoSo.MaHoSo);
  });

  it('b. enrolling with another device’s id does not take that device over; the same device re-enrols as itself', async () => {
    const victim = (await enrol(AGENCY, 2)).body;
    const mine = day(AGENCY, 2, 3, 2, 21).items;
    expect((await push(victim.token, mine)).map((r) => r.result)).toEqual(['accepted', 'accepted']);
    const attack = await enrol(OTHER, 2, victim.deviceId);
    expect(attack.status).toBe(400);
    expect(attack.body.error!.message).toMatch(/đã được đăng ký cho một quầy khác/);
    // The victim still works, keeps its agency and its dossiers' decisions.
    expect((await push(victim.token, day(AGENCY, 2, 3, 3, 21).items.slice(2))).map((r) => r.result)).toEqual(['accepted']);
    expect((await p.listDevices()).find((d) => d.id === victim.deviceId)).toMatchObject({ agencyCode: AGENCY, deskNo: 2 });
    await p.setStatus({ agencyCode: AGENCY, code: mine[0].HoSo.MaHoSo }, 'processing');
    expect((await pull(victim.token)).changes.map((c) => c.dossierId)).toEqual([mine[0].dossierId]);
    // A legitimate re-enrolment (a new credential for the same desk) still works, and the old token stops.
    const again = await enrol(AGENCY, 2, victim.deviceId);
    expect(again.status).toBe(200);
    expect((await fetch(`${server.url}/v1/province-changes`, { headers: { authorization: `Bearer ${victim.token}` } })).status).toBe(401);
    expect((await pull(again.body.token)).changes).toHaveLength(1);
  });

  it('c. a desk cannot overwrite another desk’s dossier of the same agency; the owning desk still can', async () => {
    const owner = (await enrol(AGENCY, 3)).body;
    const other = (await enrol(AGENCY, 1)).body;
    const plan = day(AGENCY, 3, 3, 1, 31);
    expect((await push(owner.token, plan.items))[0].result).toBe('accepted');
    const d = plan.dossiers[0];
    const forged = toPushItem({ id: crypto.randomUUID(), dossierId: d.id, kind: 'dossier.edited', dossier: { ...d, applicant: { ...d.applicant, fullName: 'Kẻ Giả Mạo', idNumber: '001099999999' }, rev: 2 }, createdAt: d.receivedAt + 60_000 });
    expect((await push(other.token, [forged]))[0]).toMatchObject({ result: 'rejected', reason: expect.stringMatching(/do Quầy 3 ghi và chỉ quầy đó được sửa/) });
    // Issue 14: another desk of the agency carries it on (a transition), but what rides along in the
    // reception fields is the owner's to change and stays as the owner recorded it.
    const carried = toPushItem({ id: crypto.randomUUID(), dossierId: d.id, kind: 'dossier.transition', dossier: { ...d, status: 'processing', applicant: { ...d.applicant, fullName: 'Kẻ Giả Mạo', idNumber: '001099999999' }, rev: 2 }, createdAt: d.receivedAt + 60_000 });
    expect((await push(other.token, [carried]))[0].result).toBe('accepted');
    const held = (await p.listDossiers()).find((x) => x.id === d.id)!;
    expect(held.record).toMatchObject({ ChuHoSo: d.applicant.fullName, MaDoiTuong: d.applicant.idNumber, TrangThaiHoSo: 4 });
    const fixed = toPushItem({ id: crypto.randomUUID(), dossierId: d.id, kind: 'dossier.edited', dossier: { ...d, applicant: { ...d.applicant, address: 'Số 9 thôn Tây' }, rev: 3 }, createdAt: d.receivedAt + 60_000 });
    expect((await push(owner.token, [fixed]))[0].result).toBe('accepted');
    expect((await p.listDossiers()).find((x) => x.id === d.id)!.record.applicantAddress).toBe('Số 9 thôn Tây');
  });

  it('d. a desk cannot push a code from another desk’s block of the day’s numbers', async () => {
    const desk1 = (await enrol(AGENCY, 1)).body;
    // Desk 2's block (3333–6665 of 3 desks) pushed by desk 1.
    const theirs = day(AGENCY, 2, 3, 1, 41).items[0];
    expect(theirs.HoSo.MaHoSo).toMatch(/-3333$|-3334$/);
    const r = await push(desk1.token, [theirs]);
    expect(r[0]).toMatchObject({ result: 'rejected', reason: expect.stringMatching(/không thuộc dãy số của quầy 1/) });
    expect((await p.listDossiers()).some((x) => x.id === theirs.dossierId)).toBe(false);
  });

  it('records each refusal in the security trail (device, address, reason; no personal data), readable by the admin', async () => {
    const events = await p.listSecurityEvents();
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'isolation_refused')).toHaveLength(3);
    expect(kinds).toContain('enrol_refused');
    for (const e of events) {
      expect(e.address).toMatch(/^(127\.0\.0\.1|::ffff:127\.0\.0\.1|::1)$/);
      expect(JSON.stringify(e)).not.toMatch(/Kẻ Giả Mạo|001099999999|Nguyễn|Trần|Lê|Phạm|Hoàng|Đặng|Bùi|Võ/);
    }
    expect(events.find((e) => e.kind === 'enrol_refused')!.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await adminCli(server, ['security-log']);
    expect(listed).toMatch(/isolation_refused/);
    expect(listed).toMatch(/enrol_refused/);
  });

  it('an organisation applicant (LoaiDoiTuong 2) goes through with its tax code; a malformed one is refused', async () => {
    const a = (await enrol(AGENCY, 3)).body;
    // The next day: codes no earlier test used.
    const [good, bad] = deskDay({ agencyCode: AGENCY, deskNo: 3, desksInAgency: 3, start: DAY_START + 86_400_000, dossiers: 2, transitions: 0, seed: 31 }).items;
    const org = (item: PushItem, taxCode: string): PushItem => ({ ...item, HoSo: { ...item.HoSo, LoaiDoiTuong: 2, MaDoiTuong: taxCode, ChuHoSo: 'Công ty TNHH Đông Hạ' } });
    const results = await push(a.token, [org(good, '0101234567-001'), org(bad, '12345')]);
    expect(results[0].result).toBe('accepted');
    expect(results[1]).toMatchObject({ result: 'rejected', reason: expect.stringMatching(/Mã số thuế/) });
  });
});
