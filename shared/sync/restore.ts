// A desk restored from an older backup takes back from the province what it holds of the desk: the
// province's record (HoSo) turned back into the desk's dossier, so that sending it again would change
// nothing (toHoSo of the result is the record itself), and the highest sequence number seen per day.
import type { Dossier } from '../domain/dossier';
import { dossierSearchTokens } from '../domain/reception';
import type { RestoreItem } from './contract';
import type { SyncedDossier } from './mapping';
import { statusFromCode } from './mapping';
import { fromVnStamp } from './time';

const ms = (s: string) => fromVnStamp(s) ?? 0;
const msOrNull = (s: string | null) => (s == null ? null : fromVnStamp(s));

/**
 * The dossier as the province holds it. `procedureCode` is the desk's catalog code of MaTTHC (the fee's
 * code when there is a fee, as toHoSo writes it); `now` becomes updatedAt.
 */
export function dossierFromHoSo(item: RestoreItem, procedureCode: string, now: number): SyncedDossier {
  const h = item.HoSo;
  const fee = h.DanhSachLePhi.reduce((sum, f) => sum + f.Gia, 0);
  const status = statusFromCode(h.TrangThaiHoSo) ?? 'received';
  const d: Dossier = {
    id: item.dossierId,
    code: h.MaHoSo,
    procedureCode: h.DanhSachLePhi[0]?.MaPhiLePhi || procedureCode,
    procedureName: h.TenTTHC,
    fieldName: h.TenLinhVuc,
    resultAgency: h.DonViXuLy,
    processingTime: { unit: h.processingTime.unit, value: h.processingTime.value },
    applicant: { fullName: h.ChuHoSo, idNumber: h.MaDoiTuong, dateOfBirth: h.applicantDateOfBirth, gender: h.applicantGender, address: h.applicantAddress, phone: h.SoDienThoai, email: h.Email },
    components: h.TaiLieuNop.map((c) => ({ componentId: c.MaThanhPhanHoSo, name: c.TenTaiLieu, originals: c.SoBanChinh, copies: c.SoBanSao })),
    sets: h.sets,
    resultDelivery: h.resultDelivery,
    fee,
    note: h.GhiChu,
    receivedAt: ms(h.NgayTiepNhan),
    originalAppointmentAt: ms(h.originalAppointment),
    appointmentAt: ms(h.NgayHenTra),
    status,
    // The province does not say when the status last changed: the latest moment it does know.
    statusChangedAt: Math.max(ms(h.NgayTiepNhan), msOrNull(h.NgayKetThucXuLy) ?? 0, msOrNull(h.NgayTra) ?? 0, msOrNull(h.pausedAt) ?? 0),
    pausedAt: msOrNull(h.pausedAt),
    finishedAt: msOrNull(h.NgayKetThucXuLy),
    returnedAt: msOrNull(h.NgayTra),
    collectedBy: h.collectedBy,
    officerName: h.officerName,
    deskNo: h.deskNo,
    ...(h.DanhSachHoSoBoSung?.length
      ? { extensions: h.DanhSachHoSoBoSung.map((e) => ({ at: ms(e.NgayHenTraTruoc), previousAppointmentAt: ms(e.NgayHenTraTruoc), newAppointmentAt: ms(e.NgayHenTraMoi), reason: e.LyDo })) }
      : {}),
    searchTokens: [],
    updatedAt: now,
    rev: item.deskRev,
  };
  d.searchTokens = dossierSearchTokens(d);
  return { ...d, provinceSeq: item.provinceSeq };
}
