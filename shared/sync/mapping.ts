// The desk's dossier as the province sees it (HoSo, DVCQG names), and back for the status codes.
import { dvcqgProcedureCode } from '../domain/catalog';
import type { Dossier } from '../domain/dossier';
import { DVCQG_STATUS_CODE, type DossierStatus } from '../domain/status';
import type { HoSo, PushItem } from './contract';
import { toVnStamp } from './time';

const STATUS_BY_CODE = new Map<number, DossierStatus>(
  (Object.entries(DVCQG_STATUS_CODE) as [DossierStatus, number][]).map(([s, c]) => [c, s]),
);

export function statusFromCode(code: number): DossierStatus | null {
  return STATUS_BY_CODE.get(code) ?? null;
}

/**
 * The dossier as stored on the desk plus what sync keeps on it. Commands copy the whole dossier into
 * each outbox snapshot, so `provinceSeq` travels with every later change the officer makes.
 */
export type SyncedDossier = Dossier & {
  /** The last province change (pull seq) applied to this dossier on the desk. */
  provinceSeq?: number;
};

const stamp = (ms: number | null) => (ms == null ? null : toVnStamp(ms));

export function toHoSo(d: Dossier): HoSo {
  return {
    MaHoSo: d.code,
    MaTTHC: dvcqgProcedureCode(d.procedureCode),
    TenTTHC: d.procedureName,
    TenLinhVuc: d.fieldName,
    ChuHoSo: d.applicant.fullName,
    LoaiDoiTuong: 1,
    MaDoiTuong: d.applicant.idNumber,
    SoDienThoai: d.applicant.phone,
    Email: d.applicant.email,
    TrichYeuHoSo: d.procedureName,
    NgayTiepNhan: toVnStamp(d.receivedAt),
    NgayHenTra: toVnStamp(d.appointmentAt),
    TrangThaiHoSo: DVCQG_STATUS_CODE[d.status],
    NgayTra: stamp(d.returnedAt),
    HinhThuc: 0,
    NgayKetThucXuLy: stamp(d.finishedAt),
    DonViXuLy: d.resultAgency,
    GhiChu: d.note,
    DanhSachLePhi: d.fee > 0 ? [{ TenPhiLePhi: `Phí, lệ phí: ${d.procedureName}`.slice(0, 300), MaPhiLePhi: d.procedureCode, HinhThucThu: 1, Gia: d.fee }] : [],
    DanhSachHoSoBoSung: (d.extensions ?? []).map((e) => ({ NgayHenTraTruoc: toVnStamp(e.previousAppointmentAt), NgayHenTraMoi: toVnStamp(e.newAppointmentAt), LyDo: e.reason.slice(0, 1000) })),
    TaiLieuNop: d.components.map((c) => ({ MaThanhPhanHoSo: c.componentId, TenTaiLieu: c.name, SoBanChinh: c.originals, SoBanSao: c.copies })),
    applicantDateOfBirth: d.applicant.dateOfBirth,
    applicantGender: d.applicant.gender,
    applicantAddress: d.applicant.address,
    processingTime: { unit: d.processingTime.unit, value: d.processingTime.value },
    originalAppointment: toVnStamp(d.originalAppointmentAt),
    pausedAt: stamp(d.pausedAt),
    resultDelivery: d.resultDelivery,
    sets: d.sets,
    collectedBy: d.collectedBy,
    officerName: d.officerName,
    deskNo: d.deskNo,
  };
}

export interface OutboxLike {
  id: string;
  dossierId: string;
  kind: PushItem['kind'];
  dossier: SyncedDossier;
  createdAt: number;
}

export function toPushItem(entry: OutboxLike): PushItem {
  return {
    changeId: entry.id,
    dossierId: entry.dossierId,
    kind: entry.kind,
    rev: entry.dossier.rev,
    occurredAt: toVnStamp(entry.createdAt),
    provinceSeen: entry.dossier.provinceSeq ?? 0,
    HoSo: toHoSo(entry.dossier),
  };
}

/** Fields the desk owns: what it recorded at reception (and corrects later). */
export const RECEPTION_FIELDS = [
  'MaHoSo', 'MaTTHC', 'TenTTHC', 'TenLinhVuc', 'ChuHoSo', 'LoaiDoiTuong', 'MaDoiTuong', 'SoDienThoai', 'Email',
  'TrichYeuHoSo', 'NgayTiepNhan', 'HinhThuc', 'DonViXuLy', 'GhiChu', 'DanhSachLePhi', 'TaiLieuNop',
  'applicantDateOfBirth', 'applicantGender', 'applicantAddress', 'processingTime', 'originalAppointment',
  'resultDelivery', 'sets', 'officerName', 'deskNo',
] as const satisfies readonly (keyof HoSo)[];

/** Fields that follow the dossier's status: moved by the desk's actions and by the province's decisions. */
export const DECISION_FIELDS = ['TrangThaiHoSo', 'NgayHenTra', 'DanhSachHoSoBoSung', 'NgayTra', 'NgayKetThucXuLy', 'pausedAt', 'collectedBy'] as const satisfies readonly (keyof HoSo)[];

true satisfies Exclude<keyof HoSo, (typeof RECEPTION_FIELDS)[number] | (typeof DECISION_FIELDS)[number]> extends never ? true : false;
