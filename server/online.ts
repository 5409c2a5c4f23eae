// Online dossiers: submitted on the portal for an agency, they reach every desk of the agency through the
// pull (a 'dossier' province change addressed to agency:<code>), and the first desk that works on one
// takes it over. Kept in its own module, with SQL that runs on SQLite and PostgreSQL alike, to move onto
// the Kysely layer (issue 13) in one piece.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { computeAppointment } from '../shared/calendar/workingDays';
import { vnParts } from '../shared/calendar/vnTime';
import { SEED_CATALOG, dvcqgProcedureCode } from '../shared/domain/catalog';
import { applicantSchema } from '../shared/domain/dossier';
import { computeFee, type Procedure } from '../shared/domain/procedure';
import { hoSoSchema, type HoSo, type ProvinceChange } from '../shared/sync/contract';
import { CHANNEL_CODE } from '../shared/sync/mapping';
import { toVnStamp } from '../shared/sync/time';
import { issueMessages } from '../shared/validation/issues';
import { agencyAddress, ProvinceError, type Province } from './store';

export const onlineDossierInputSchema = z.object({
  agencyCode: z.string().min(1, 'Thiếu --agency.'),
  procedureCode: z.string().min(1, 'Thiếu --procedure (mã thủ tục).'),
  applicant: applicantSchema,
  resultDelivery: z.enum(['desk', 'post']).default('desk'),
  note: z.string().max(1000).default(''),
});
export type OnlineDossierInput = z.input<typeof onlineDossierInputSchema>;

function procedureFor(p: Province, agencyCode: string, code: string): Procedure {
  const row = p.db.prepare("SELECT payload FROM reference_data WHERE agency_code = ? AND kind = 'catalog'").get(agencyCode) as { payload: string } | undefined;
  const catalog = (row ? (JSON.parse(row.payload) as { procedures?: Procedure[] }).procedures : undefined) ?? SEED_CATALOG;
  const found = catalog.find((x) => x.code === code || dvcqgProcedureCode(x.code) === code);
  if (!found) throw new ProvinceError('bad_request', `Không có thủ tục mã ${code} trong danh mục của đơn vị ${agencyCode}.`);
  return found;
}

/** The portal's code for the day: AGENCY-YYMMDD-T0001 (a letter the desks' codes never carry). */
function onlineCode(p: Province, agencyCode: string, at: number): string {
  const v = vnParts(at);
  const day = `${String(v.year % 100).padStart(2, '0')}${String(v.month).padStart(2, '0')}${String(v.day).padStart(2, '0')}`;
  const prefix = `${agencyCode}-${day}-T`;
  const n = (p.db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE agency_code = ? AND code LIKE ?').get(agencyCode, `${prefix}%`) as { n: number }).n;
  return `${prefix}${String(n + 1).padStart(4, '0')}`;
}

/** Records a dossier received online for an agency and queues it for every desk of the agency. */
export function createOnlineDossier(p: Province, input: OnlineDossierInput, now = Date.now()): ProvinceChange {
  const parsed = onlineDossierInputSchema.safeParse(input);
  if (!parsed.success) throw new ProvinceError('bad_request', issueMessages(parsed.error.issues));
  const { agencyCode, procedureCode, applicant, resultDelivery, note } = parsed.data;
  const agency = p.db.prepare('SELECT code FROM agencies WHERE code = ?').get(agencyCode);
  if (!agency) throw new ProvinceError('not_found', `Không có đơn vị ${agencyCode}.`);
  const procedure = procedureFor(p, agencyCode, procedureCode);
  const at = Math.floor(now / 1000) * 1000;
  const appointment = computeAppointment(at, procedure.processingTime, procedure.cutoffRule, p.calendar(agencyCode));
  return p.db.transaction(() => {
    const id = randomUUID();
    const code = onlineCode(p, agencyCode, at);
    const fee = computeFee(procedure.fee, { copies: 1, pages: 1 });
    const record: HoSo = hoSoSchema.parse({
      MaHoSo: code, MaTTHC: dvcqgProcedureCode(procedure.code), TenTTHC: procedure.name, TenLinhVuc: procedure.fieldName,
      ChuHoSo: applicant.fullName, LoaiDoiTuong: 1, MaDoiTuong: applicant.idNumber, SoDienThoai: applicant.phone, Email: applicant.email,
      TrichYeuHoSo: procedure.name, NgayTiepNhan: toVnStamp(at), NgayHenTra: toVnStamp(appointment), TrangThaiHoSo: 2, NgayTra: null,
      HinhThuc: CHANNEL_CODE.online, NgayKetThucXuLy: null, DonViXuLy: procedure.resultAgency, GhiChu: note,
      DanhSachLePhi: fee > 0 ? [{ TenPhiLePhi: `Phí, lệ phí: ${procedure.name}`.slice(0, 300), MaPhiLePhi: procedure.code, HinhThucThu: 1, Gia: fee }] : [],
      DanhSachHoSoBoSung: [],
      TaiLieuNop: procedure.components.map((c) => ({ MaThanhPhanHoSo: c.id, TenTaiLieu: c.name, SoBanChinh: c.originals, SoBanSao: c.copies })),
      applicantDateOfBirth: applicant.dateOfBirth, applicantGender: applicant.gender, applicantAddress: applicant.address,
      processingTime: procedure.processingTime, originalAppointment: toVnStamp(appointment), pausedAt: null, resultDelivery,
      sets: 1, collectedBy: '', officerName: 'Cổng dịch vụ công', deskNo: 1,
    });
    const address = agencyAddress(agencyCode);
    p.db.prepare('INSERT INTO dossiers (id, agency_code, device_id, code, status, desk_rev, province_seq, province_status_seq, record, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)')
      .run(id, agencyCode, address, code, record.TrangThaiHoSo, JSON.stringify(record), now, now);
    const change: Omit<ProvinceChange, 'seq'> = {
      dossierId: id, MaHoSo: code, kind: 'dossier', TrangThai: 2, NgayHenTra: record.NgayHenTra,
      NoiDungXuLy: 'Hồ sơ nộp trực tuyến', NguoiXuLy: '', ChucDanh: '', PhongBanXuLy: 'Cổng dịch vụ công', ThoiDiemXuLy: toVnStamp(at), HoSo: record,
    };
    const seq = Number(p.db.prepare('INSERT INTO province_changes (dossier_id, device_id, change, created_at) VALUES (?, ?, ?, ?)').run(id, address, JSON.stringify(change), now).lastInsertRowid);
    p.db.prepare('UPDATE dossiers SET province_seq = ? WHERE id = ?').run(seq, id);
    return { ...change, seq };
  }).immediate();
}
