// The desk's dossier as the province sees it (HoSo, DVCQG names), and back for the status codes.
import { dvcqgProcedureCode } from '../domain/catalog';
import { channelOf, type Channel, type Dossier } from '../domain/dossier';
import { PAYMENT_METHOD_CODE, type PaymentMethod } from '../domain/fees';
import { DVCQG_STATUS_CODE, type DossierStatus } from '../domain/status';
import type { DecisionSnapshot, HoSo, PushItem } from './contract';
import { fromVnStamp, toVnStamp } from './time';

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

/** HinhThuc (reception channel) on the wire; *unverified* DVCQG codes, kept in this one place. */
export const CHANNEL_CODE: Record<Channel, number> = { desk: 0, online: 1, post: 2 };
export function channelFromCode(code: number): Channel {
  return code === 1 ? 'online' : code === 2 ? 'post' : 'desk';
}

const stamp = (ms: number | null) => (ms == null ? null : toVnStamp(ms));

/**
 * One fee line per document for certified copies (DanhSachLePhi), else one line for the dossier. Unpaid:
 * HinhThucThu 1 as before (the desk's default), no receipt; paid: the method, receipt, when and who.
 */
function feeLines(d: Dossier): HoSo['DanhSachLePhi'] {
  if (d.fee <= 0) return [];
  const p = d.payment;
  const rule = { MaPhiLePhi: d.procedureCode, HinhThucThu: p ? PAYMENT_METHOD_CODE[p.method] : 1, ...(p ? { SoBienLai: p.receiptNo, NgayThu: toVnStamp(p.at), NguoiThu: p.by.slice(0, 100) } : {}) };
  if (d.copyDocuments?.length) {
    return d.copyDocuments.map((doc) => ({
      ...rule,
      TenPhiLePhi: `Chứng thực bản sao: ${doc.name} (${doc.pages} trang × ${doc.copies} bản)`.slice(0, 300),
      Gia: doc.fee,
    }));
  }
  return [{ ...rule, TenPhiLePhi: `Phí, lệ phí: ${d.procedureName}`.slice(0, 300), Gia: d.fee }];
}

export function toHoSo(d: Dossier): HoSo {
  const organisation = d.applicant.kind === 'organisation';
  return {
    MaHoSo: d.code,
    MaTTHC: dvcqgProcedureCode(d.procedureCode),
    TenTTHC: d.procedureName,
    TenLinhVuc: d.fieldName,
    ChuHoSo: d.applicant.fullName,
    LoaiDoiTuong: organisation ? 2 : 1,
    MaDoiTuong: organisation ? (d.applicant.taxCode ?? '') : d.applicant.idNumber,
    SoDienThoai: d.applicant.phone,
    Email: d.applicant.email,
    TrichYeuHoSo: d.procedureName,
    NgayTiepNhan: toVnStamp(d.receivedAt),
    NgayHenTra: toVnStamp(d.appointmentAt),
    TrangThaiHoSo: DVCQG_STATUS_CODE[d.status],
    NgayTra: stamp(d.returnedAt),
    HinhThuc: CHANNEL_CODE[channelOf(d)],
    NgayKetThucXuLy: stamp(d.finishedAt),
    DonViXuLy: d.resultAgency,
    GhiChu: d.note,
    DanhSachLePhi: feeLines(d),
    DanhSachHoSoBoSung: (d.extensions ?? []).map((e) => ({ NgayHenTraTruoc: toVnStamp(e.previousAppointmentAt), NgayHenTraMoi: toVnStamp(e.newAppointmentAt), LyDo: e.reason.slice(0, 1000) })),
    TaiLieuNop: d.components.map((c) => ({ MaThanhPhanHoSo: c.componentId, TenTaiLieu: c.name, SoBanChinh: c.originals, SoBanSao: c.copies })),
    applicantDateOfBirth: d.applicant.dateOfBirth,
    applicantGender: d.applicant.gender,
    applicantAddress: d.applicant.address,
    ...(organisation ? { applicantRepresentative: d.applicant.representative ?? '', applicantRepresentativeId: d.applicant.idNumber } : {}),
    ...(d.copyDocuments?.length ? { copyDocuments: d.copyDocuments.map(({ name, pages, copies }) => ({ name, pages, copies })) } : {}),
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
  'applicantDateOfBirth', 'applicantGender', 'applicantAddress', 'applicantRepresentative', 'applicantRepresentativeId', 'copyDocuments',
  'processingTime', 'originalAppointment',
  'resultDelivery', 'sets', 'officerName', 'deskNo',
] as const satisfies readonly (keyof HoSo)[];

/** Fields that follow the dossier's status: moved by the desk's actions and by the province's decisions. */
export const DECISION_FIELDS = ['TrangThaiHoSo', 'NgayHenTra', 'DanhSachHoSoBoSung', 'NgayTra', 'NgayKetThucXuLy', 'pausedAt', 'collectedBy'] as const satisfies readonly (keyof HoSo)[];

/** Fields only the province sets: the files it has received (with TaiLieuNop[].file). */
export const PROVINCE_FILE_FIELDS = ['resultFile'] as const satisfies readonly (keyof HoSo)[];

true satisfies Exclude<keyof HoSo, (typeof RECEPTION_FIELDS)[number] | (typeof DECISION_FIELDS)[number] | (typeof PROVINCE_FILE_FIELDS)[number]> extends never ? true : false;

/** The decision fields of a record, as the province sends them with its changes and conflicts. */
export function decisionSnapshot(h: HoSo): DecisionSnapshot {
  return { TrangThaiHoSo: h.TrangThaiHoSo, NgayHenTra: h.NgayHenTra, NgayTra: h.NgayTra, NgayKetThucXuLy: h.NgayKetThucXuLy, pausedAt: h.pausedAt, collectedBy: h.collectedBy };
}

/** The desk's dossier with the province's decision fields (the province owns them). */
export function withDecision<D extends Dossier>(d: D, s: DecisionSnapshot): D {
  const ms = (v: string | null) => (v == null ? null : fromVnStamp(v));
  const same = (local: number | null, wire: string | null) => (local == null ? wire == null : wire != null && toVnStamp(local) === wire);
  // Keep the desk's milliseconds where the second is the same.
  return {
    ...d,
    status: statusFromCode(s.TrangThaiHoSo) ?? d.status,
    appointmentAt: same(d.appointmentAt, s.NgayHenTra) ? d.appointmentAt : (ms(s.NgayHenTra) ?? d.appointmentAt),
    returnedAt: same(d.returnedAt, s.NgayTra) ? d.returnedAt : ms(s.NgayTra),
    finishedAt: same(d.finishedAt, s.NgayKetThucXuLy) ? d.finishedAt : ms(s.NgayKetThucXuLy),
    pausedAt: same(d.pausedAt, s.pausedAt) ? d.pausedAt : ms(s.pausedAt),
    collectedBy: s.collectedBy,
  };
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * A short fingerprint of a record (two 32-bit FNV-1a passes over its canonical JSON), computed the same way
 * by the province and the desk to tell whether both hold the same dossier. Not a security hash.
 */
export function hoSoDigest(h: HoSo): string {
  const text = canonical(h);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const METHOD_BY_CODE = new Map(Object.entries(PAYMENT_METHOD_CODE).map(([m, c]) => [c, m as PaymentMethod]));
const COPY_FEE_LINE = /^Chứng thực bản sao: /;

/**
 * The desk's dossier from the province's record: the inverse of toHoSo, the one place a HoSo becomes a
 * dossier (online dossiers, a restored desk's newer dossiers). What HoSo cannot carry (the postal
 * journey, which account took the fee) stays absent. `procedureCode` is the desk catalog's code for
 * MaTTHC (a variant such as "1.000894#xac-minh" when only that is known; a fee line names it exactly).
 * `rev` 0 for a dossier new to the desk, so its first change is revision 1.
 */
export function fromHoSo(id: string, h: HoSo, procedureCode: string, searchTokens: string[], known: { rev?: number; updatedAt?: number } = {}): Dossier {
  const at = (v: string | null | undefined) => (v == null ? null : fromVnStamp(v));
  const received = fromVnStamp(h.NgayTiepNhan)!;
  const fee = h.DanhSachLePhi.reduce((n, f) => n + f.Gia, 0);
  const organisation = h.LoaiDoiTuong === 2;
  const paid = h.DanhSachLePhi.find((f) => f.SoBienLai != null && f.NgayThu != null);
  const copyFees = h.DanhSachLePhi.filter((f) => COPY_FEE_LINE.test(f.TenPhiLePhi));
  const returnedAt = at(h.NgayTra);
  const finishedAt = at(h.NgayKetThucXuLy);
  const pausedAt = at(h.pausedAt);
  return {
    id,
    code: h.MaHoSo,
    procedureCode: h.DanhSachLePhi[0]?.MaPhiLePhi || procedureCode,
    procedureName: h.TenTTHC,
    fieldName: h.TenLinhVuc,
    resultAgency: h.DonViXuLy,
    processingTime: { unit: h.processingTime.unit, value: h.processingTime.value },
    applicant: {
      ...(organisation ? { kind: 'organisation' as const, taxCode: h.MaDoiTuong, representative: h.applicantRepresentative ?? '' } : {}),
      fullName: h.ChuHoSo,
      idNumber: organisation ? (h.applicantRepresentativeId ?? '') : h.MaDoiTuong,
      dateOfBirth: h.applicantDateOfBirth,
      gender: h.applicantGender,
      address: h.applicantAddress,
      phone: h.SoDienThoai,
      email: h.Email,
    },
    components: h.TaiLieuNop.map((c) => ({ componentId: c.MaThanhPhanHoSo, name: c.TenTaiLieu, originals: c.SoBanChinh, copies: c.SoBanSao })),
    ...(h.copyDocuments?.length ? { copyDocuments: h.copyDocuments.map((d, i) => ({ ...d, fee: copyFees[i]?.Gia ?? 0 })) } : {}),
    sets: h.sets,
    resultDelivery: h.resultDelivery,
    fee,
    note: h.GhiChu,
    receivedAt: received,
    originalAppointmentAt: fromVnStamp(h.originalAppointment)!,
    appointmentAt: fromVnStamp(h.NgayHenTra)!,
    status: statusFromCode(h.TrangThaiHoSo) ?? 'received',
    // The province does not say when the status last changed: the latest moment it does know.
    statusChangedAt: Math.max(received, finishedAt ?? 0, returnedAt ?? 0, pausedAt ?? 0),
    pausedAt,
    finishedAt,
    returnedAt,
    collectedBy: h.collectedBy,
    officerName: h.officerName,
    deskNo: h.deskNo,
    ...(h.DanhSachHoSoBoSung?.length
      ? { extensions: h.DanhSachHoSoBoSung.map((e) => ({ at: fromVnStamp(e.NgayHenTraTruoc)!, previousAppointmentAt: fromVnStamp(e.NgayHenTraTruoc)!, newAppointmentAt: fromVnStamp(e.NgayHenTraMoi)!, reason: e.LyDo })) }
      : {}),
    channel: channelFromCode(h.HinhThuc),
    ...(h.HinhThuc === CHANNEL_CODE.online ? { online: true } : {}),
    payment: paid ? { amount: fee, method: METHOD_BY_CODE.get(paid.HinhThucThu) ?? 'cash', receiptNo: paid.SoBienLai!, at: fromVnStamp(paid.NgayThu!)!, by: paid.NguoiThu ?? '', byId: null } : null,
    searchTokens,
    updatedAt: known.updatedAt ?? received,
    rev: known.rev ?? 0,
  };
}
