import { describe, expect, it } from 'vitest';
import { readServerUrl, SERVER_URL_MESSAGES } from './serverUrl';
import { vnTime } from '../calendar/vnTime';
import { DEFAULT_CALENDAR_CONFIG } from '../calendar/types';
import { SEED_CATALOG } from '../domain/catalog';
import { sampleDossier } from '../../test/fixtures/dossiers';
import { backoffDelay } from './backoff';
import { hoSoSchema, procedureSchema, pushItemSchema, pushRequestSchema, MAX_PUSH_ITEMS, MAX_SCAN_FILE_BYTES, uploadMetadataSchema, type ProvinceChange } from './contract';
import { fromHoSo, hoSoDigest, toHoSo, toPushItem, statusFromCode, type SyncedDossier } from './mapping';
import { applyProvinceChange, decideDeskChange, provinceDecision, transitionPath, type ProvinceDossier } from './ownership';
import { DVCQG_STATUS_CODE as DVCQG, type DossierStatus } from '../domain/status';
import { buildOpenApiDocument } from './openapi';
import { fromVnStamp, toVnStamp } from './time';

const procedure = SEED_CATALOG.find((p) => p.processingTime.unit === 'working_days')!;
const MON_9 = vnTime(2026, 11, 23, 9, 0);

const dossier = (now = MON_9): SyncedDossier => sampleDossier({ now, procedure });

const item = (d: SyncedDossier, kind: 'dossier.received' | 'dossier.transition' | 'dossier.edited' = 'dossier.received') =>
  pushItemSchema.parse(toPushItem({ id: crypto.randomUUID(), dossierId: d.id, kind, dossier: d, createdAt: d.updatedAt }));

const change = (over: Partial<ProvinceChange>): ProvinceChange => ({
  seq: 1, dossierId: crypto.randomUUID(), MaHoSo: 'X', kind: 'status', TrangThai: 9, NgayHenTra: null,
  NoiDungXuLy: 'Đã ký', NguoiXuLy: 'Phạm Thị Dung', ChucDanh: '', PhongBanXuLy: 'Tư pháp', ThoiDiemXuLy: toVnStamp(MON_9 + 3600_000), ...over,
});

describe('DVCQG dates', () => {
  it('are yyyyMMddHHmmss in Vietnam time whatever the machine zone', () => {
    expect(toVnStamp(Date.UTC(2026, 10, 22, 17, 30, 5))).toBe('20261123003005'); // 00:30 on the 23rd in Hà Nội
    expect(fromVnStamp('20261123003005')).toBe(Date.UTC(2026, 10, 22, 17, 30, 5));
    expect(fromVnStamp('20260231000000')).toBeNull();
    expect(fromVnStamp('2026-11-23')).toBeNull();
  });
});

describe('the contract', () => {
  it('maps a desk dossier to HoSo with DVCQG names and status codes', () => {
    const d = dossier();
    const h = hoSoSchema.parse(toHoSo(d));
    expect(h).toMatchObject({ MaHoSo: '000.17.22.H56-261123-0001', MaTTHC: procedure.code.split('#')[0], /* a catalog variant reaches DVCQG as its bare code */ ChuHoSo: 'Nguyễn Văn An', MaDoiTuong: '001090012345', TrangThaiHoSo: 2, NgayTiepNhan: '20261123090000' });
    expect(statusFromCode(9)).toBe('processed');
    expect(statusFromCode(1)).toBeNull();
  });

  it('rejects oversize batches, bad dates and unknown fields', () => {
    const d = dossier();
    const one = item(d);
    expect(pushRequestSchema.safeParse({ items: Array(MAX_PUSH_ITEMS + 1).fill(one) }).success).toBe(false);
    expect(pushItemSchema.safeParse({ ...one, HoSo: { ...one.HoSo, NgayHenTra: '20261332000000' } }).success).toBe(false);
    expect(pushItemSchema.safeParse({ ...one, extra: 1 }).success).toBe(false);
    expect(SEED_CATALOG.every((p) => procedureSchema.safeParse(p).success)).toBe(true);
  });

  it('is published as OpenAPI generated from the schemas', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    expect(Object.keys(doc.paths)).toEqual(['/v1/health', '/v1/enrol', '/v1/reference', '/v1/changes', '/v1/province-changes', '/v1/holdings', '/v1/restore', '/v1/audit', '/v1/file-receipts/{uploadId}', '/v1/relay/enrol', '/v1/relay/changes', '/v1/relay/province-changes', '/v1/relay/audit', '/v1/relay/dossiers']);
    expect(JSON.stringify(doc.paths['/v1/file-receipts/{uploadId}'].get)).toContain('"in":"path"');
    expect(JSON.stringify(doc.paths['/v1/relay/changes'].post.requestBody!.content['application/json'].schema)).toContain('deskNo');
    expect(JSON.stringify(doc.paths['/v1/audit'].post.requestBody!.content['application/json'].schema)).toContain('prevHash');
    const push = doc.paths['/v1/changes'].post.requestBody!.content['application/json'].schema;
    expect(JSON.stringify(push)).toContain('MaHoSo');
    expect(JSON.stringify(push)).toContain('NgayHenTra');
  });
});

describe('upload metadata (tus)', () => {
  const ok = { fileId: '5b8f6c1e-3c1a-4a8e-9b7a-0d1e2f3a4b5c', dossierId: '6c9f7d2f-4d2b-4b9f-8c8b-1e2f3a4b5c6d', slot: 'component:giay-chung-sinh', sha256: 'ab'.repeat(32), fileName: '000.17.22.H56-261123-0001_giay-chung-sinh.pdf', size: '1048576' };
  it('takes the strings of Upload-Metadata, with the size as a number', () => {
    expect(uploadMetadataSchema.parse(ok).size).toBe(1_048_576);
    expect(uploadMetadataSchema.parse({ ...ok, slot: 'result' }).slot).toBe('result');
  });
  it('refuses names that could carry personal data, unknown slots, bad hashes, oversize files and extra keys', () => {
    for (const bad of [
      { fileName: 'Nguyễn Văn An.pdf' },
      { fileName: 'to khai.pdf' },
      { fileName: 'a.exe' },
      { slot: 'component:' },
      { slot: 'ket-qua' },
      { sha256: 'AB'.repeat(32) },
      { size: '0' },
      { size: String(MAX_SCAN_FILE_BYTES + 1) },
      { name: 'Nguyễn Văn An' },
    ]) expect(uploadMetadataSchema.safeParse({ ...ok, ...bad }).success, JSON.stringify(bad)).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with jitter between half and all of the step', () => {
    const p = { baseMs: 1000, capMs: 30_000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, p, () => 0.999999)).toBe(4000);
    expect(backoffDelay(50, p, () => 0.999999)).toBe(30_000);
    const samples = Array.from({ length: 200 }, () => backoffDelay(4, p));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(8000);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });
});

describe('ownership at the province', () => {
  const device = { deviceId: 'dev', agencyCode: '000.17.22.H56', deskNo: 1, desksInAgency: 1, codePattern: '{AGENCY}-{YYMMDD}-{SEQ:4}' };
  const stored = (d: SyncedDossier, over: Partial<ProvinceDossier> = {}): ProvinceDossier => ({ dossierId: d.id, agencyCode: device.agencyCode, deviceId: 'dev', deskRev: d.rev, provinceSeq: 0, provinceStatusSeq: 0, record: toHoSo(d), ...over });

  it('never gives a code held by another dossier', () => {
    const d = dossier();
    expect(decideDeskChange(null, item(d), 'someone-else', device)).toMatchObject({ result: 'conflict', kind: 'code_taken' });
    expect(decideDeskChange(null, item(d), d.id, device)).toMatchObject({ result: 'accepted' });
  });

  it('ignores an older revision and keeps reception fields desk-owned', () => {
    const d = dossier();
    const edited = { ...d, applicant: { ...d.applicant, fullName: 'Nguyễn Văn Bình' }, rev: 2 };
    const server = stored(d, { record: { ...toHoSo(d), TrangThaiHoSo: 4 }, provinceSeq: 3, provinceStatusSeq: 3 });
    const r = decideDeskChange(server, item(edited, 'dossier.edited'), d.id, device);
    expect(r).toMatchObject({ result: 'accepted', write: { deskRev: 2, record: { ChuHoSo: 'Nguyễn Văn Bình', TrangThaiHoSo: 4 } } });
    expect(decideDeskChange({ ...server, deskRev: 2 }, item(edited, 'dossier.edited'), d.id, device)).toEqual({ result: 'accepted', write: null });
  });

  it('reports a desk status change made without knowing a province decision', () => {
    const d = dossier();
    const withdrawn: SyncedDossier = { ...d, status: 'withdrawn', rev: 2 };
    const server = stored(d, { record: { ...toHoSo(d), TrangThaiHoSo: 9 }, provinceSeq: 5, provinceStatusSeq: 5 });
    expect(decideDeskChange(server, item(withdrawn, 'dossier.transition'), d.id, device)).toMatchObject({ result: 'conflict', kind: 'status', TrangThaiHoSo: 9, provinceSeq: 5 });
    // Once the desk has seen it, its decision stands.
    expect(decideDeskChange(server, item({ ...withdrawn, provinceSeq: 5 }, 'dossier.transition'), d.id, device)).toMatchObject({ result: 'accepted', write: { record: { TrangThaiHoSo: 7 } } });
  });

  it('keeps desks to their own agency, dossiers and block of codes (issue 13)', () => {
    const d = dossier();
    const two = { ...device, deskNo: 2, desksInAgency: 2 };
    // A code of another agency, a code of desk 1's block pushed by desk 2 (1–4999 of 2 desks is desk 1's).
    expect(decideDeskChange(null, item(d), null, { ...device, agencyCode: '000.17.22.H99' })).toMatchObject({ result: 'rejected', isolation: true, reason: expect.stringMatching(/không theo mẫu mã của đơn vị 000\.17\.22\.H99/) });
    expect(d.code).toMatch(/-0001$/);
    expect(decideDeskChange(null, item(d), null, two)).toMatchObject({ result: 'rejected', isolation: true, reason: expect.stringMatching(/không thuộc dãy số của quầy 2 \(5000–9999\)/) });
    // Another desk of the same agency may not change this desk's dossier.
    const server = stored(d);
    const edited = { ...d, applicant: { ...d.applicant, fullName: 'Kẻ Giả Mạo' }, rev: 2 };
    expect(decideDeskChange(server, item(edited, 'dossier.edited'), d.id, { ...device, deviceId: 'other' })).toMatchObject({ result: 'rejected', isolation: true });
    expect(decideDeskChange(server, item(edited, 'dossier.edited'), d.id, device)).toMatchObject({ result: 'accepted' });
    // A code the desk already holds stays valid after the agency's desks are re-divided.
    expect(decideDeskChange(server, item(edited, 'dossier.edited'), d.id, { ...device, desksInAgency: 3, deskNo: 3 })).toMatchObject({ result: 'accepted' });
  });

  it('rejects what the schema cannot catch, with a reason', () => {
    const d = dossier();
    expect(decideDeskChange(null, item({ ...d, appointmentAt: d.receivedAt - 1000 }), null, device)).toMatchObject({ result: 'rejected', reason: expect.stringMatching(/trước ngày tiếp nhận/) });
  });
});

describe('two desks of one agency (issue 14)', () => {
  const desk1 = { deviceId: 'dev-1', agencyCode: '000.17.22.H56', deskNo: 1, desksInAgency: 2, codePattern: '{AGENCY}-{YYMMDD}-{SEQ:4}' };
  const desk2 = { ...desk1, deviceId: 'dev-2', deskNo: 2 };
  const held = (d: SyncedDossier, over: Partial<ProvinceDossier> = {}): ProvinceDossier => ({ dossierId: d.id, agencyCode: desk1.agencyCode, deviceId: 'dev-1', deskRev: d.rev, provinceSeq: 0, provinceStatusSeq: 0, deviceRevs: { 'dev-1': d.rev }, record: toHoSo(d), ...over });

  it('another desk moves the dossier on but never changes its reception fields; a reception edit is refused', () => {
    const d = dossier();
    const carried: SyncedDossier = { ...d, status: 'processing', applicant: { ...d.applicant, fullName: 'Tên Khác' }, rev: 2 };
    const r = decideDeskChange(held(d), item(carried, 'dossier.transition'), d.id, desk2);
    expect(r).toMatchObject({ result: 'accepted', moved: true, write: { deviceId: 'dev-1', deskRev: 2, statusBy: 'dev-2', statusByDesk: 2, record: { TrangThaiHoSo: 4, ChuHoSo: d.applicant.fullName } } });
    expect(decideDeskChange(held(d), item({ ...d, rev: 2, note: 'x' }, 'dossier.edited'), d.id, desk2)).toMatchObject({ result: 'rejected', isolation: true, reason: expect.stringMatching(/chỉ quầy đó được sửa/) });
  });

  it('a revision number another desk already used is not a duplicate: it is judged, and the revisions go on above both', () => {
    const d = dossier();
    // Desk 1 sent revision 2 (an edit); desk 2, from revision 1, sends its own revision 2.
    const server = held(d, { deskRev: 2, deviceRevs: { 'dev-1': 2 } });
    const r = decideDeskChange(server, item({ ...d, status: 'processing', rev: 2 }, 'dossier.transition'), d.id, desk2);
    expect(r).toMatchObject({ result: 'accepted', write: { deskRev: 3, deviceRevs: { 'dev-1': 2, 'dev-2': 2 }, record: { TrangThaiHoSo: 4 } } });
    // The same revision again from desk 2 is its late duplicate.
    expect(decideDeskChange((r as { write: ProvinceDossier }).write, item({ ...d, status: 'processing', rev: 2 }, 'dossier.transition'), d.id, desk2)).toEqual({ result: 'accepted', write: null });
  });

  it('two desks returning the same dossier is a conflict that names the other desk and tells it; the same plain step is not', () => {
    const d: SyncedDossier = { ...dossier(), status: 'processed', rev: 3 };
    const returned = (by: string): SyncedDossier => ({ ...d, status: 'returned', returnedAt: MON_9 + 7200_000, collectedBy: by, rev: 4 });
    const server = held(d, { record: toHoSo(returned('Trần Văn Khải')), deskRev: 4, provinceStatusSeq: 12, statusBy: 'dev-1', statusByDesk: 1 });
    const r = decideDeskChange(server, { ...item(returned('Nguyễn Văn An'), 'dossier.transition'), provinceSeen: 11 }, d.id, desk2);
    expect(r).toMatchObject({ result: 'conflict', kind: 'status', reason: expect.stringMatching(/^Quầy 1 đã chuyển hồ sơ sang "Đã trả kết quả"/), peer: { deviceId: 'dev-1', deskNo: 1, reason: expect.stringMatching(/^Quầy 2 cũng chuyển/) } });
    // Both handed over: the first stands, nothing to tell.
    const handed: SyncedDossier = { ...dossier(), status: 'processing', rev: 2 };
    const first = held(handed, { provinceStatusSeq: 7, statusBy: 'dev-1', statusByDesk: 1 });
    expect(decideDeskChange(first, { ...item(handed, 'dossier.transition'), provinceSeen: 6 }, handed.id, desk2)).toMatchObject({ result: 'accepted', write: { record: { TrangThaiHoSo: 4 } } });
  });
});

describe('province changes at the desk', () => {
  const ctx = { calendar: DEFAULT_CALENDAR_CONFIG, now: MON_9 + 7200_000, pendingDecision: false };

  it('walks the domain transitions to the province status', () => {
    expect(transitionPath('received', 'processed')).toEqual(['hand_over', 'mark_processed']);
    expect(transitionPath('returned', 'processing')).toBeNull();
    const d = dossier();
    const r = applyProvinceChange(d, change({ dossierId: d.id, seq: 7 }), ctx);
    expect(r).toMatchObject({ outcome: 'applied', fromStatus: 'received', toStatus: 'processed', actor: 'Phạm Thị Dung (Tư pháp)', dossier: { status: 'processed', provinceSeq: 7, rev: 2 } });
    expect(applyProvinceChange({ ...d, provinceSeq: 7 }, change({ dossierId: d.id, seq: 7 }), ctx)).toEqual({ outcome: 'skip' });
  });

  it('pauses the clock for a supplement request, as the officer’s own action would', () => {
    const d = dossier();
    const r = applyProvinceChange(d, change({ dossierId: d.id, TrangThai: 5, NoiDungXuLy: 'Thiếu giấy' }), ctx);
    expect(r).toMatchObject({ outcome: 'applied', dossier: { status: 'supplement_requested', pausedAt: MON_9 + 3600_000 } });
  });

  it('is a conflict when the desk has an unsent status change, or no transition leads there', () => {
    const d = dossier();
    expect(applyProvinceChange(d, change({ dossierId: d.id }), { ...ctx, pendingDecision: true })).toMatchObject({ outcome: 'conflict' });
    expect(applyProvinceChange({ ...d, status: 'returned' }, change({ dossierId: d.id, TrangThai: 4 }), ctx)).toMatchObject({ outcome: 'conflict', reason: expect.stringMatching(/đã kết thúc/) });
  });
});

describe('one rule for the fields that follow the status (issue 8, item 5)', () => {
  const steps: DossierStatus[] = ['supplement_requested', 'processing', 'processed', 'returned'];
  it('the province computes on its record what the desk computes when it applies the same decisions', () => {
    let desk: SyncedDossier = dossier();
    let record = toHoSo(desk);
    steps.forEach((status, i) => {
      // Whole days apart, so the pause moves the appointment.
      const at = MON_9 + (i + 1) * 86_400_000;
      const c = change({ seq: i + 1, dossierId: desk.id, TrangThai: DVCQG[status], ThoiDiemXuLy: toVnStamp(at), NguoiXuLy: 'Nguyễn Văn An' });
      record = provinceDecision(record, status, at, DEFAULT_CALENDAR_CONFIG, c);
      const outcome = applyProvinceChange(desk, c, { calendar: DEFAULT_CALENDAR_CONFIG, now: at, pendingDecision: false });
      if (outcome.outcome !== 'applied') throw new Error(outcome.outcome);
      desk = outcome.dossier;
      expect(toHoSo(desk)).toEqual(record);
    });
    expect(record).toMatchObject({ TrangThaiHoSo: 10, collectedBy: 'Nguyễn Văn An', pausedAt: null });
    expect(record.NgayHenTra).not.toBe(toHoSo(dossier()).NgayHenTra); // the pause extended it
  });

  it('a repeated status changes nothing (the finish time is not stamped again)', () => {
    const record = provinceDecision(toHoSo({ ...dossier(), status: 'processing' }), 'processed', MON_9 + 3600_000, DEFAULT_CALENDAR_CONFIG, change({}));
    expect(provinceDecision(record, 'processed', MON_9 + 7200_000, DEFAULT_CALENDAR_CONFIG, change({}))).toEqual(record);
  });

  it('the digest both sides compare after a store reset ignores key order and sees any field change', () => {
    const h = toHoSo(dossier());
    const reordered = Object.fromEntries(Object.entries(h).reverse()) as typeof h;
    expect(hoSoDigest(reordered)).toBe(hoSoDigest(h));
    expect(hoSoDigest({ ...h, Email: 'a@b.vn' })).not.toBe(hoSoDigest(h));
    expect(hoSoDigest({ ...h, TaiLieuNop: h.TaiLieuNop.slice(1) })).not.toBe(hoSoDigest(h));
  });
});

describe('a province record back into a dossier (fromHoSo, the one inverse of toHoSo)', () => {
  const back = (d: SyncedDossier) => fromHoSo(d.id, hoSoSchema.parse(toHoSo(d)), d.procedureCode, [], { rev: d.rev, updatedAt: d.updatedAt });
  const sameOnTheWire = (d: SyncedDossier) => expect(toHoSo(back(d))).toEqual(toHoSo(d));

  it('an organisation’s paid, extended, returned dossier comes back whole: sending it again changes nothing', () => {
    const base = dossier();
    const paidAt = MON_9 + 600_000;
    const d: SyncedDossier = {
      ...base,
      applicant: { kind: 'organisation', fullName: 'Công ty TNHH Hoa Sen', idNumber: '001096001234', taxCode: '0101234567-001', representative: 'Lê Văn Cường', dateOfBirth: '', gender: '', address: 'Thôn Đông, xã An Bình', phone: '0912345678', email: '' },
      fee: 50_000,
      payment: { amount: 50_000, method: 'qr', receiptNo: 'BL-0001', at: paidAt, by: 'Trần Thị Bình', byId: 'acc-1' },
      extensions: [{ at: MON_9 + 86_400_000, previousAppointmentAt: base.appointmentAt, newAppointmentAt: base.appointmentAt + 2 * 86_400_000, reason: 'Cần xác minh thêm' }],
      appointmentAt: base.appointmentAt + 2 * 86_400_000,
      status: 'returned', finishedAt: MON_9 + 2 * 86_400_000, returnedAt: MON_9 + 3 * 86_400_000, collectedBy: 'Lê Văn Cường',
      statusChangedAt: MON_9 + 3 * 86_400_000,
    };
    sameOnTheWire(d);
    const r = back(d);
    // The fields a second desk needs to carry it on and print its forms, checked one by one.
    expect(r.applicant).toMatchObject({ kind: 'organisation', taxCode: '0101234567-001', representative: 'Lê Văn Cường', idNumber: '001096001234' });
    expect(r.payment).toEqual({ amount: 50_000, method: 'qr', receiptNo: 'BL-0001', at: Math.floor(paidAt / 1000) * 1000, by: 'Trần Thị Bình', byId: null });
    expect(r.extensions).toHaveLength(1);
    expect(r.statusChangedAt).toBe(MON_9 + 3 * 86_400_000);
    expect(r.rev).toBe(d.rev);
  });

  it('certified copies keep each document with its own fee; an online dossier stays online', () => {
    const copies = sampleDossier({ now: MON_9, procedure: SEED_CATALOG.find((p) => p.name.startsWith('Chứng thực bản sao'))! });
    const d: SyncedDossier = { ...copies, copyDocuments: [{ name: 'Bằng tốt nghiệp', pages: 1, copies: 2, fee: 4000 }, { name: 'Sổ đỏ', pages: 3, copies: 1, fee: 5000 }], fee: 9000, online: true, channel: 'online' };
    sameOnTheWire(d);
    expect(back(d).copyDocuments).toEqual(d.copyDocuments);
    expect(back(d).online).toBe(true);
  });
});

describe('the server address (issue 13)', () => {
  it('refuses plain http except on loopback, with a clear Vietnamese reason', () => {
    expect(readServerUrl('http://motcua.hungyen.gov.vn')).toEqual({ ok: false, message: SERVER_URL_MESSAGES.plainHttp });
    expect(readServerUrl('http://10.0.0.5:8787')).toMatchObject({ ok: false, message: expect.stringMatching(/phải dùng kết nối mã hoá \(https:\/\/\)/) });
    expect(readServerUrl('http://127.0.0.1:8787/')).toMatchObject({ ok: true, base: 'http://127.0.0.1:8787' });
    expect(readServerUrl('http://localhost:8787')).toMatchObject({ ok: true });
    expect(readServerUrl('http://[::1]:8787')).toMatchObject({ ok: true });
    expect(readServerUrl('http://127.0.0.1.evil.example')).toMatchObject({ ok: false, message: SERVER_URL_MESSAGES.plainHttp });
    expect(readServerUrl('https://motcua.hungyen.gov.vn/sync/')).toMatchObject({ ok: true, base: 'https://motcua.hungyen.gov.vn/sync' });
    expect(readServerUrl('motcua')).toEqual({ ok: false, message: SERVER_URL_MESSAGES.bad });
  });
});
