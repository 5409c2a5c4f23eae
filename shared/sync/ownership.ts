/**
 * Who owns what, and what happens when both sides changed a dossier.
 *
 * - The receiving desk owns what it recorded at reception (RECEPTION_FIELDS): the province never changes
 *   them, another desk of the agency never does either, and a newer revision of the owner replaces them.
 * - Any desk of the agency carries any dossier of the agency on (issue 14): its transitions are ordered by
 *   each desk's revisions and by what it had seen of the others' changes (provinceSeen against the last
 *   status move by someone else); a step taken without knowing another desk's is a conflict at both.
 * - The province owns processing decisions: its status changes and appointment corrections reach the desk
 *   by pull and are applied there through the domain's own transitions.
 * - The status is moved by both. A desk status change made without knowing a province decision taken in the
 *   meantime (or a province decision arriving while the desk has an unsent status change) is a real
 *   conflict: it is reported to the officer, never resolved silently.
 * - A dossier code already held by another dossier is a conflict: never merged, never overwritten.
 */
import type { CalendarConfig } from '../calendar/types';
import type { DossierStatus, TransitionAction } from '../domain/status';
import { PAUSED_STATUSES, STATUS_LABEL_VI, TRANSITIONS, isFinal } from '../domain/status';
import { applyTransition, deriveStatusFields, TransitionError, type StatusFields } from '../domain/transitions';
import { formatVnDateTime } from '../calendar/vnTime';
import type { ConflictKind, DecisionSnapshot, HoSo, ProvinceChange, PushItem } from './contract';
import { DECISION_FIELDS, RECEPTION_FIELDS, decisionSnapshot, fromHoSo, statusFromCode, withDecision, type SyncedDossier } from './mapping';
import { DVCQG_STATUS_CODE } from '../domain/status';
import { deskCodeProblem } from '../codes/dossierCode';
import { normalizeTaxCode } from '../domain/dossier';
import { fromVnStamp, toVnStamp } from './time';

// ---------------------------------------------------------------------------------------------------------
// At the province: one desk change against what the province holds
// ---------------------------------------------------------------------------------------------------------

export interface ProvinceDossier {
  dossierId: string;
  agencyCode: string;
  /** The device that owns what was recorded at reception (the receiving desk), or agencyAddress (online, not taken over). */
  deviceId: string;
  /** The dossier's revision: above every revision any desk of the agency has sent for it. */
  deskRev: number;
  /** The last province change of any kind (pull seq), and the last one that moved the status. */
  provinceSeq: number;
  provinceStatusSeq: number;
  /** Who made the last status move (a device id, PROVINCE_MOVER), and that device's desk number; absent: the province, if anyone. */
  statusBy?: string | null;
  statusByDesk?: number | null;
  /** The highest revision each device has sent for this dossier (its late duplicates change nothing). */
  deviceRevs?: Record<string, number>;
  record: HoSo;
}

/** statusBy of a status move the province made. */
export const PROVINCE_MOVER = 'province';

export type DeskChangeDecision =
  | { result: 'accepted'; write: ProvinceDossier | null; /** the status moved (by this desk) */ moved?: boolean; fromStatus?: number }
  | { result: 'rejected'; reason: string; /** Refused by tenant isolation: goes to the security trail. */ isolation?: boolean }
  | {
      result: 'conflict';
      kind: ConflictKind;
      reason: string;
      TrangThaiHoSo?: number;
      provinceSeq?: number;
      decision?: DecisionSnapshot;
      /** The other desk whose change stands: it is told (a peer_conflict notice), so both officers see the conflict. */
      peer?: { deviceId: string; deskNo: number | null; reason: string };
    };

/** The enrolled device a change comes from, as the province knows it (never as the change claims). */
export interface DeskIdentity {
  deviceId: string;
  agencyCode: string;
  deskNo: number;
  desksInAgency: number;
  codePattern: string;
}

/** The owner of dossiers and province changes addressed to every desk of an agency (online dossiers). */
export const agencyAddress = (agencyCode: string) => `agency:${agencyCode}`;

/** Does this device own what was recorded at reception? The receiving desk does; an online dossier no desk has taken over belongs to every desk of its agency. */
export function ownsReception(existing: Pick<ProvinceDossier, 'deviceId' | 'agencyCode'>, device: Pick<DeskIdentity, 'deviceId' | 'agencyCode'>): boolean {
  return existing.deviceId === device.deviceId || existing.deviceId === agencyAddress(device.agencyCode);
}

export const RECEPTION_OWNED_MESSAGE = (deskNo: number | null) =>
  `Thông tin tiếp nhận của hồ sơ này do ${deskNo ? `Quầy ${deskNo}` : 'quầy đã tiếp nhận'} ghi và chỉ quầy đó được sửa; quầy này chỉ được chuyển các bước xử lý (trả kết quả, nhận bổ sung, in phiếu…).`;

/**
 * Tenant isolation: a desk changes only dossiers of its own agency and gives them only codes of its
 * agency's pattern from its own block of sequence numbers. Within the agency, any desk carries any dossier
 * on (its transitions), and only the receiving desk changes what was recorded at reception. Null when fine.
 */
export function isolationProblem(existing: ProvinceDossier | null, item: PushItem, device: DeskIdentity): string | null {
  if (existing && existing.agencyCode !== device.agencyCode) return 'Hồ sơ này thuộc đơn vị khác, quầy không được gửi thay đổi cho nó.';
  if (existing && !ownsReception(existing, device)) {
    if (item.kind !== 'dossier.transition') return RECEPTION_OWNED_MESSAGE(existing.record.deskNo ?? null);
    if (existing.record.MaHoSo !== item.HoSo.MaHoSo) return 'Mã hồ sơ trong thay đổi khác mã tỉnh đang giữ: quầy không tiếp nhận hồ sơ này không được đổi mã của nó.';
    return null;
  }
  // A code already held stays valid (the agency's desks may have been re-divided since); a new one is checked.
  if (existing && existing.record.MaHoSo === item.HoSo.MaHoSo) return null;
  return deskCodeProblem(item.HoSo.MaHoSo, device);
}

/**
 * Statuses a second desk cannot reach "as well" without a real conflict: each carries something of its own
 * (who collected the result, a reason, what to supplement or pay). Two desks both handing over or both
 * marking processed did the same thing: the first stands.
 */
const CONTENTFUL_CODES = new Set<number>([3, 5, 6, 7, 8, 10]);

function deskLabel(deskNo: number | null | undefined) {
  return deskNo ? `Quầy ${deskNo}` : 'Một quầy khác';
}

/** Checks a change needs beyond its schema. Null when fine; otherwise the reason, in Vietnamese. */
export function deskChangeProblem(item: PushItem): string | null {
  const h = item.HoSo;
  const received = fromVnStamp(h.NgayTiepNhan)!;
  if (fromVnStamp(h.NgayHenTra)! < received) return `Ngày hẹn trả (${h.NgayHenTra}) trước ngày tiếp nhận (${h.NgayTiepNhan}).`;
  if (fromVnStamp(h.originalAppointment)! < received) return `Ngày hẹn trả ban đầu (${h.originalAppointment}) trước ngày tiếp nhận (${h.NgayTiepNhan}).`;
  if (item.kind === 'dossier.received' && h.TrangThaiHoSo !== 2) return 'Hồ sơ mới tiếp nhận phải có trạng thái 2 (Được tiếp nhận).';
  if (h.LoaiDoiTuong === 2) {
    if (!normalizeTaxCode(h.MaDoiTuong)) return 'Mã số thuế của tổ chức (MaDoiTuong) phải gồm 10 chữ số, hoặc 13 chữ số với chi nhánh.';
  } else if (!/^\d{12}$/.test(h.MaDoiTuong)) return 'Số định danh cá nhân (MaDoiTuong) phải gồm 12 chữ số.';
  return null;
}

/**
 * Decides what one desk change does. `codeHolder` is the id of the dossier that holds item.HoSo.MaHoSo in
 * the agency, if any. Pure: the server runs it inside the transaction that records the answer.
 */
export function decideDeskChange(
  existing: ProvinceDossier | null,
  item: PushItem,
  codeHolder: string | null,
  device: DeskIdentity,
): DeskChangeDecision {
  const refused = isolationProblem(existing, item, device);
  if (refused) return { result: 'rejected', reason: refused, isolation: true };
  const problem = deskChangeProblem(item);
  if (problem) return { result: 'rejected', reason: problem };
  if (codeHolder && codeHolder !== item.dossierId) {
    return {
      result: 'conflict',
      kind: 'code_taken',
      reason: `Mã hồ sơ ${item.HoSo.MaHoSo} đã được dùng cho một hồ sơ khác ở tỉnh. Hồ sơ này chưa được ghi nhận; cần cấp mã mới.`,
    };
  }
  if (!existing) {
    return {
      result: 'accepted',
      write: {
        dossierId: item.dossierId,
        agencyCode: device.agencyCode,
        deviceId: device.deviceId,
        deskRev: item.rev,
        provinceSeq: 0,
        provinceStatusSeq: 0,
        deviceRevs: { [device.deviceId]: item.rev },
        record: item.HoSo,
      },
    };
  }
  // This device already sent this revision or a newer one: a late duplicate, nothing to do. (Per device:
  // another desk's revision of the same number is a change of its own, judged below.)
  const revs = existing.deviceRevs ?? {};
  const sentBefore = revs[device.deviceId] ?? (existing.deviceId === device.deviceId ? existing.deskRev : 0);
  if (item.rev <= sentBefore) return { result: 'accepted', write: null };

  const owner = ownsReception(existing, device);
  const record: HoSo = { ...existing.record };
  if (owner) for (const f of RECEPTION_FIELDS) (record as Record<string, unknown>)[f] = item.HoSo[f];
  let moved = false;
  if (item.kind !== 'dossier.edited') {
    const mover = existing.statusBy ?? (existing.provinceStatusSeq > 0 ? PROVINCE_MOVER : null);
    const unseen = item.provinceSeen < existing.provinceStatusSeq && mover != null && mover !== device.deviceId;
    const differs = item.HoSo.TrangThaiHoSo !== existing.record.TrangThaiHoSo;
    const byPeer = mover !== PROVINCE_MOVER;
    if (unseen && (differs || (byPeer && CONTENTFUL_CODES.has(item.HoSo.TrangThaiHoSo)))) {
      const theirStatus = statusFromCode(existing.record.TrangThaiHoSo);
      const deskStatus = statusFromCode(item.HoSo.TrangThaiHoSo);
      const theirLabel = `"${theirStatus ? STATUS_LABEL_VI[theirStatus] : existing.record.TrangThaiHoSo}"`;
      const deskLabelText = `"${deskStatus ? STATUS_LABEL_VI[deskStatus] : item.HoSo.TrangThaiHoSo}"`;
      const other = deskLabel(existing.statusByDesk);
      return {
        result: 'conflict',
        kind: 'status',
        reason: byPeer
          ? `${other} đã chuyển hồ sơ sang ${theirLabel} trong khi quầy này chuyển sang ${deskLabelText} mà chưa biết việc đó. Tỉnh giữ thay đổi của ${other}.`
          : `Tỉnh đã chuyển hồ sơ sang ${theirLabel} trong khi quầy chuyển sang ${deskLabelText} mà chưa biết quyết định đó.`,
        TrangThaiHoSo: existing.record.TrangThaiHoSo,
        provinceSeq: existing.provinceStatusSeq,
        decision: decisionSnapshot(existing.record),
        ...(byPeer
          ? { peer: { deviceId: mover!, deskNo: existing.statusByDesk ?? null, reason: `Quầy ${device.deskNo} cũng chuyển hồ sơ sang ${deskLabelText} mà chưa biết thay đổi của quầy này (${theirLabel}). Tỉnh giữ thay đổi của quầy này; hai quầy cần thống nhất với nhau và với công dân.` } }
          : {}),
      };
    }
    if (unseen && !differs && byPeer) {
      // The same step as the desk that moved it first (both handed over): the first stands.
      return { result: 'accepted', write: { ...existing, deskRev: Math.max(existing.deskRev + 1, item.rev), deviceRevs: { ...revs, [device.deviceId]: item.rev }, record } };
    }
    moved = differs;
    for (const f of DECISION_FIELDS) {
      // A province correction of the appointment the desk had not seen yet stays.
      if (f === 'NgayHenTra' && item.provinceSeen < existing.provinceSeq) continue;
      (record as Record<string, unknown>)[f] = item.HoSo[f];
    }
  }
  const write: ProvinceDossier = { ...existing, deskRev: Math.max(existing.deskRev + 1, item.rev), deviceRevs: { ...revs, [device.deviceId]: item.rev }, record };
  if (moved) Object.assign(write, { statusBy: device.deviceId, statusByDesk: device.deskNo });
  return { result: 'accepted', write, moved, fromStatus: existing.record.TrangThaiHoSo };
}

// ---------------------------------------------------------------------------------------------------------
// At the desk: one province change against the desk's dossier
// ---------------------------------------------------------------------------------------------------------

/** The shortest sequence of the domain's actions that moves `from` to `to`; null when there is none. */
export function transitionPath(from: DossierStatus, to: DossierStatus): TransitionAction[] | null {
  if (from === to) return [];
  const queue: { status: DossierStatus; path: TransitionAction[] }[] = [{ status: from, path: [] }];
  const seen = new Set<DossierStatus>([from]);
  while (queue.length) {
    const { status, path } = queue.shift()!;
    for (const [action, t] of Object.entries(TRANSITIONS) as [TransitionAction, (typeof TRANSITIONS)[TransitionAction]][]) {
      if (!(t.from as readonly DossierStatus[]).includes(status) || seen.has(t.to)) continue;
      const next = [...path, action];
      if (t.to === to) return next;
      seen.add(t.to);
      queue.push({ status: t.to, path: next });
    }
  }
  return null;
}

export type ProvinceChangeOutcome =
  | { outcome: 'skip' }
  | { outcome: 'conflict'; reason: string }
  | {
      outcome: 'applied';
      dossier: SyncedDossier;
      fromStatus: DossierStatus;
      toStatus: DossierStatus;
      actor: string;
      summary: string;
      detail: Record<string, string | number | null>;
    };

export function provinceActor(c: Pick<ProvinceChange, 'NguoiXuLy' | 'ChucDanh' | 'PhongBanXuLy'>): string {
  const who = [c.NguoiXuLy, c.ChucDanh].filter(Boolean).join(', ');
  const where = c.PhongBanXuLy || 'Cơ quan giải quyết';
  return who ? `${who} (${where})` : where;
}

function details(action: TransitionAction, c: Pick<ProvinceChange, 'NoiDungXuLy' | 'PhongBanXuLy' | 'NguoiXuLy'>): Record<string, string> {
  const reason = c.NoiDungXuLy.trim().length >= 3 ? c.NoiDungXuLy.trim() : `Theo quyết định của ${c.PhongBanXuLy || 'cơ quan giải quyết'}`;
  switch (action) {
    case 'request_supplement':
    case 'request_payment':
    case 'refuse':
    case 'withdraw':
    case 'stop':
      return { reason, note: '' };
    case 'return_result':
      return { collectedBy: c.NguoiXuLy.trim().length >= 2 ? c.NguoiXuLy.trim() : 'Cơ quan giải quyết', method: 'desk', note: c.NoiDungXuLy };
    default:
      return { note: c.NoiDungXuLy };
  }
}

/**
 * Applies a province change to the desk's dossier with the domain's transitions (so the deadline clock
 * pauses and resumes as for the officer's own actions). `pendingDecision`: the desk has an unsent status
 * change of this dossier, which makes a province status change a conflict.
 */
export function applyProvinceChange(
  d: SyncedDossier,
  c: ProvinceChange,
  ctx: { calendar: CalendarConfig; now: number; pendingDecision: boolean },
): ProvinceChangeOutcome {
  if (c.seq <= (d.provinceSeq ?? 0)) return { outcome: 'skip' };
  const at = Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? ctx.now, d.statusChangedAt);
  const actor = provinceActor(c);
  const base = { source: 'province', provinceSeq: c.seq } as Record<string, string | number | null>;

  if (c.kind === 'appointment') {
    const newAt = c.NgayHenTra ? fromVnStamp(c.NgayHenTra) : null;
    if (newAt == null) return { outcome: 'conflict', reason: 'Tỉnh gửi điều chỉnh ngày hẹn trả nhưng thiếu ngày mới.' };
    // Only the appointment: the desk's other fields may be ahead of the province (a change not yet sent).
    const next: SyncedDossier = { ...d, appointmentAt: newAt, updatedAt: ctx.now, rev: d.rev + 1, provinceSeq: c.seq };
    const summary = `Tỉnh điều chỉnh ngày hẹn trả: ${formatVnDateTime(d.appointmentAt)} → ${formatVnDateTime(newAt)}` + (c.NoiDungXuLy ? `. Lý do: ${c.NoiDungXuLy}` : '');
    return { outcome: 'applied', dossier: next, fromStatus: d.status, toStatus: d.status, actor, summary, detail: { ...base, newAppointmentAt: newAt } };
  }

  const target = c.TrangThai == null ? null : statusFromCode(c.TrangThai);
  if (!target) return { outcome: 'conflict', reason: `Tỉnh gửi trạng thái không hợp lệ (${c.TrangThai}).` };
  if (target === d.status) {
    // A progress note without a status change: history only.
    const summary = `Tỉnh cập nhật tiến độ (${STATUS_LABEL_VI[target]})` + (c.NoiDungXuLy ? `: ${c.NoiDungXuLy}` : '');
    return { outcome: 'applied', dossier: { ...d, updatedAt: ctx.now, rev: d.rev + 1, provinceSeq: c.seq }, fromStatus: d.status, toStatus: d.status, actor, summary, detail: base };
  }
  if (ctx.pendingDecision) {
    return {
      outcome: 'conflict',
      reason: `Tỉnh chuyển hồ sơ sang "${STATUS_LABEL_VI[target]}" trong khi quầy có thay đổi trạng thái chưa gửi (đang là "${STATUS_LABEL_VI[d.status]}").`,
    };
  }
  const path = transitionPath(d.status, target);
  if (!path) {
    return {
      outcome: 'conflict',
      reason: `Tỉnh chuyển hồ sơ sang "${STATUS_LABEL_VI[target]}" nhưng tại quầy hồ sơ đang "${STATUS_LABEL_VI[d.status]}"${isFinal(d.status) ? ' (đã kết thúc)' : ''}: không có bước chuyển hợp lệ.`,
    };
  }
  let next: SyncedDossier = d;
  try {
    for (const action of path) next = applyTransition(next, action, details(action, c), at, ctx.calendar).dossier;
  } catch (e) {
    if (e instanceof TransitionError) return { outcome: 'conflict', reason: e.message };
    throw e;
  }
  next = { ...next, updatedAt: ctx.now, rev: d.rev + 1, provinceSeq: c.seq };
  // The province computed the same fields with the same rule; its values win where a second differs.
  if (c.after) next = withDecision(next, c.after);
  const summary = `Tỉnh cập nhật: ${STATUS_LABEL_VI[target]}` + (c.NoiDungXuLy ? ` – ${c.NoiDungXuLy}` : '');
  const detail = { ...base, TrangThai: c.TrangThai, path: path.join(',') } as Record<string, string | number | null>;
  if (next.appointmentAt !== d.appointmentAt) detail.newAppointmentAt = next.appointmentAt;
  return { outcome: 'applied', dossier: next, fromStatus: d.status, toStatus: target, actor, summary, detail };
}

/**
 * The officer settles a status conflict in the province's favour: the dossier takes the province's status
 * as it is (the province owns processing decisions), the desk's unsent status changes are dropped.
 */
export function forceProvinceStatus(d: SyncedDossier, status: DossierStatus, at: number, provinceSeq: number, now: number, snapshot?: DecisionSnapshot | null): SyncedDossier {
  // With the province's own fields (every current province sends them), both sides end equal.
  if (snapshot) return { ...withDecision(d, { ...snapshot, TrangThaiHoSo: DVCQG_STATUS_CODE[status] }), statusChangedAt: at, updatedAt: now, rev: d.rev + 1, provinceSeq };
  const next: SyncedDossier = { ...d, status, statusChangedAt: at, updatedAt: now, rev: d.rev + 1, provinceSeq };
  next.pausedAt = PAUSED_STATUSES.includes(status) ? (d.pausedAt ?? at) : null;
  next.finishedAt = status === 'processed' || (isFinal(status) && status !== 'returned') ? (d.finishedAt ?? at) : status === 'returned' ? d.finishedAt : null;
  next.returnedAt = status === 'returned' ? (d.returnedAt ?? at) : null;
  return next;
}

// ---------------------------------------------------------------------------------------------------------
// At the province: its own decision on its record, with the same rule as the desk
// ---------------------------------------------------------------------------------------------------------

function fieldsOf(h: HoSo, statusChangedAt: number): StatusFields {
  const ms = (v: string | null) => (v == null ? null : fromVnStamp(v));
  return {
    status: statusFromCode(h.TrangThaiHoSo) ?? 'received',
    statusChangedAt,
    pausedAt: ms(h.pausedAt),
    appointmentAt: fromVnStamp(h.NgayHenTra)!,
    finishedAt: ms(h.NgayKetThucXuLy),
    returnedAt: ms(h.NgayTra),
    collectedBy: h.collectedBy,
  };
}

/**
 * The province moves its record to `to` at `at` through the domain's transitions (as the desk would when it
 * applies the decision), so the pause, the extended appointment, the finish and return times and the
 * collector are the same on both sides. The same status again changes nothing.
 */
export function provinceDecision(record: HoSo, to: DossierStatus, at: number, calendar: CalendarConfig, by: Pick<ProvinceChange, 'NoiDungXuLy' | 'PhongBanXuLy' | 'NguoiXuLy'>): HoSo {
  const from = statusFromCode(record.TrangThaiHoSo);
  let f = fieldsOf(record, at);
  if (from === to) return record;
  const path = from ? transitionPath(from, to) : null;
  if (path) {
    for (const action of path) f = deriveStatusFields(f, TRANSITIONS[action].to, at, calendar, action === 'return_result' ? details(action, by).collectedBy : undefined);
  } else {
    f = deriveStatusFields(f, to, at, calendar);
  }
  const stamp = (v: number | null) => (v == null ? null : toVnStamp(v));
  return {
    ...record,
    TrangThaiHoSo: DVCQG_STATUS_CODE[to],
    NgayHenTra: toVnStamp(f.appointmentAt),
    NgayTra: stamp(f.returnedAt),
    NgayKetThucXuLy: stamp(f.finishedAt),
    pausedAt: stamp(f.pausedAt),
    collectedBy: f.collectedBy,
  };
}

// ---------------------------------------------------------------------------------------------------------
// At the desk: another desk's dossier (pull version 2, kind peer)
// ---------------------------------------------------------------------------------------------------------

/** Refuses a change of what was recorded at reception on a dossier another desk of the agency received. */
export function receptionEditProblem(d: Pick<SyncedDossier, 'peer'>): string | null {
  return d.peer ? RECEPTION_OWNED_MESSAGE(d.peer.ownerDeskNo) : null;
}

/** Who a peer change is from, for the history: "Quầy 2", or the province's actor when it was the province. */
export function peerActor(c: Pick<ProvinceChange, 'peer' | 'NguoiXuLy' | 'ChucDanh' | 'PhongBanXuLy'>): string {
  return c.peer?.byDesk ? `Quầy ${c.peer.byDesk}` : provinceActor(c);
}

/** The ownership marker a peer change gives the desk's copy: absent when this desk (or, online, every desk) may change its reception fields. */
export function peerMarker(info: NonNullable<ProvinceChange['peer']>): SyncedDossier['peer'] {
  return info.owner === 'desk' ? { ownerDeskNo: info.ownerDeskNo } : undefined;
}

/**
 * The desk's copy of a dossier after another desk's change: the decision fields as the province holds them,
 * and, when this desk does not own it, what was recorded at reception as the owner recorded it. Desk-only
 * fields (postal work, search tokens are rebuilt by the caller) stay.
 */
export function followPeer(d: SyncedDossier, h: HoSo, c: Pick<ProvinceChange, 'ThoiDiemXuLy' | 'seq' | 'peer'>, now: number): SyncedDossier {
  const info = c.peer!;
  let next: SyncedDossier = withDecision(d, decisionSnapshot(h));
  if (info.owner !== 'you') {
    const r = fromHoSo(d.id, h, d.procedureCode, d.searchTokens);
    next = {
      ...next,
      code: r.code, procedureName: r.procedureName, fieldName: r.fieldName, resultAgency: r.resultAgency, processingTime: r.processingTime,
      applicant: r.applicant, payment: r.payment ?? null, copyDocuments: r.copyDocuments,
      components: r.components, sets: r.sets, resultDelivery: r.resultDelivery, fee: r.fee, note: r.note, receivedAt: r.receivedAt,
      originalAppointmentAt: r.originalAppointmentAt, officerName: r.officerName, deskNo: r.deskNo, channel: r.channel,
      ...(r.online ? { online: true } : {}),
    };
  }
  // The apologies with new dates (form 04) follow the status, whoever made them; the desk's own moments stay.
  const extensions = fromHoSo(d.id, h, d.procedureCode, d.searchTokens).extensions;
  if (extensions) next.extensions = extensions.map((e, i) => ({ ...e, at: d.extensions?.[i]?.at ?? e.at }));
  const moved = next.status !== d.status;
  const at = Math.max(fromVnStamp(c.ThoiDiemXuLy) ?? now, d.statusChangedAt);
  return { ...next, statusChangedAt: moved ? at : d.statusChangedAt, updatedAt: now, rev: Math.max(d.rev + 1, info.deskRev), provinceSeq: c.seq, peer: peerMarker(info) };
}
