// Online dossiers: submitted on the portal for an agency, they reach every desk of the agency through the
// pull (a 'dossier' province change addressed to agency:<code>), and the first desk that works on one
// takes it over. Written against the Kysely layer (SQLite and PostgreSQL alike).
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
import type { Tx } from './db';
import { ProvinceError, type Province } from './store';
import { agencyAddress } from '../shared/sync/ownership';

export const onlineDossierInputSchema = z.object({
  agencyCode: z.string().min(1, 'Thiếu --agency.'),
  procedureCode: z.string().min(1, 'Thiếu --procedure (mã thủ tục).'),
  applicant: applicantSchema,
  resultDelivery: z.enum(['desk', 'post']).default('desk'),
  note: z.string().max(1000).default(''),
});
export type OnlineDossierInput = z.input<typeof onlineDossierInputSchema>;

async function procedureFor(tx: Tx, agencyCode: string, code: string): Promise<Procedure> {
  const row = await tx.selectFrom('reference_data').select('payload').where('agency_code', '=', agencyCode).where('kind', '=', 'catalog').executeTakeFirst();
  const catalog = (row ? (JSON.parse(row.payload) as { procedures?: Procedure[] }).procedures : undefined) ?? SEED_CATALOG;
  const found = catalog.find((x) => x.code === code || dvcqgProcedureCode(x.code) === code);
  if (!found) throw new ProvinceError('bad_request', `Không có thủ tục mã ${code} trong danh mục của đơn vị ${agencyCode}.`);
  return found;
}

/** The portal's code for the day: AGENCY-YYMMDD-T0001 (a letter the desks' codes never carry). */
async function onlineCode(tx: Tx, agencyCode: string, at: number): Promise<string> {
  const v = vnParts(at);
  const day = `${String(v.year % 100).padStart(2, '0')}${String(v.month).padStart(2, '0')}${String(v.day).padStart(2, '0')}`;
  const prefix = `${agencyCode}-${day}-T`;
  const row = await tx.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).where('agency_code', '=', agencyCode).where('code', 'like', `${prefix}%`).executeTakeFirst();
  return `${prefix}${String(Number(row?.n ?? 0) + 1).padStart(4, '0')}`;
}

/** Records a dossier received online for an agency and queues it for every desk of the agency. */
export async function createOnlineDossier(p: Province, input: OnlineDossierInput, now = Date.now()): Promise<ProvinceChange> {
  const parsed = onlineDossierInputSchema.safeParse(input);
  if (!parsed.success) throw new ProvinceError('bad_request', issueMessages(parsed.error.issues));
  const { agencyCode, procedureCode, applicant, resultDelivery, note } = parsed.data;
  const at = Math.floor(now / 1000) * 1000;
  return p.db.write(async (tx) => {
    const agency = await tx.selectFrom('agencies').select('code').where('code', '=', agencyCode).executeTakeFirst();
    if (!agency) throw new ProvinceError('not_found', `Không có đơn vị ${agencyCode}.`);
    const procedure = await procedureFor(tx, agencyCode, procedureCode);
    const appointment = computeAppointment(at, procedure.processingTime, procedure.cutoffRule, await p.calendar(agencyCode, tx));
    const id = randomUUID();
    const code = await onlineCode(tx, agencyCode, at);
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
    await tx.insertInto('dossiers').values({ id, agency_code: agencyCode, device_id: address, code, status: record.TrangThaiHoSo, desk_rev: 0, province_seq: 0, province_status_seq: 0, record: JSON.stringify(record), created_at: now, updated_at: now }).execute();
    const change: Omit<ProvinceChange, 'seq'> = {
      dossierId: id, MaHoSo: code, kind: 'dossier', TrangThai: 2, NgayHenTra: record.NgayHenTra,
      NoiDungXuLy: 'Hồ sơ nộp trực tuyến', NguoiXuLy: '', ChucDanh: '', PhongBanXuLy: 'Cổng dịch vụ công', ThoiDiemXuLy: toVnStamp(at), HoSo: record,
    };
    const r = await tx.insertInto('province_changes').values({ dossier_id: id, device_id: address, change: JSON.stringify(change), created_at: now }).returning('seq').executeTakeFirstOrThrow();
    const seq = Number(r.seq);
    await tx.updateTable('dossiers').set({ province_seq: seq, agency_seq: seq }).where('id', '=', id).execute();
    return { ...change, seq };
  }, [`agency:${agencyCode}`]);
}
