// The office relay's records (issue 14), on both sides of it.
//
// At the province: the relay is a device of its agency with the role 'relay'. It pushes each desk's changes
// on that desk's behalf (the desk becomes a device of the same agency and number, or must already be one),
// pulls every province change of its agency, and can read back the agency's dossiers to rebuild itself.
//
// At the relay: its own store (the same tables as the province's) holds what its desks sent, the queue of
// those changes still to forward (relay_outbox, written in the transaction that accepted each), the
// province's changes passed down (each with the province's seq) and its enrolment upstream (relay_state).
import { randomBytes } from 'node:crypto';
import type { AuditWire, CalendarData, CatalogData, HoSo, OfficeData, ProvinceChange, PushResult, RelayDesk, RelayDossier } from '../shared/sync/contract';
import { calendarDataSchema, catalogDataSchema, officeDataSchema } from '../shared/sync/contract';
import { PROVINCE_MOVER, agencyAddress } from '../shared/sync/ownership';
import { decisionSnapshot } from '../shared/sync/mapping';
import { toVnStamp } from '../shared/sync/time';
import { summariseIssues } from '../shared/validation/issues';
import type { Tx } from './db';
import { type Device, type Province, ProvinceError, sha256 } from './store';

// The province's side ------------------------------------------------------------------------------------

/**
 * The desk a relay pushes for, as a device of the relay's own agency: created on its first relayed push
 * (with no usable token: it enrols directly with a province code if it ever leaves the relay), and
 * refused when the id is already another agency's device, another desk number, or a relay.
 */
export async function relayDeskDevice(p: Province, relay: Device, desk: RelayDesk, context: { address?: string } = {}): Promise<Device> {
  const rules = await p.agencyRules(relay.agencyCode);
  let refusal: string | null = desk.deskNo > rules.desksInAgency ? `máy chuyển tiếp gửi cho quầy ${desk.deskNo} nhưng đơn vị chỉ có ${rules.desksInAgency} quầy` : null;
  if (!refusal) {
    const now = Date.now();
    const device = await p.db.write(async (tx) => {
      const known = await tx.selectFrom('devices').select(['agency_code', 'desk_no', 'role', 'name']).where('id', '=', desk.deviceId).executeTakeFirst();
      if (known) {
        if (known.role !== 'desk' || known.agency_code !== relay.agencyCode || known.desk_no !== desk.deskNo) {
          refusal = `máy chuyển tiếp của đơn vị ${relay.agencyCode} gửi cho thiết bị đã đăng ký là ${known.role === 'relay' ? 'máy chuyển tiếp' : `quầy ${known.desk_no}`} của đơn vị ${known.agency_code}, với số quầy ${desk.deskNo}`;
          return null;
        }
        return { id: desk.deviceId, agencyCode: known.agency_code, deskNo: known.desk_no, tokenExpiresAt: 0, role: 'desk', name: known.name } satisfies Device;
      }
      // A token nobody holds: the desk authenticates directly only after enrolling with a province code.
      await tx
        .insertInto('devices')
        .values({ id: desk.deviceId, agency_code: relay.agencyCode, desk_no: desk.deskNo, name: desk.deviceName, token_hash: sha256(randomBytes(32).toString('base64url')), token_expires_at: 0, enrolled_at: now, role: 'desk', via_relay: relay.id })
        .execute();
      return { id: desk.deviceId, agencyCode: relay.agencyCode, deskNo: desk.deskNo, tokenExpiresAt: 0, role: 'desk', name: desk.deviceName } satisfies Device;
    }, [`enrol:${desk.deviceId}`]);
    if (device) return device;
  }
  await p.recordSecurityEvent({ kind: 'isolation_refused', deviceId: relay.id, agencyCode: relay.agencyCode, address: context.address ?? null, reason: refusal! });
  throw new ProvinceError('bad_request', 'Máy chuyển tiếp chỉ được gửi thay cho các quầy của chính đơn vị mình, đúng số quầy đã đăng ký. Hãy kiểm tra số quầy của máy này với tỉnh.');
}

/**
 * Every province change of an agency from a cursor: decisions on any of its dossiers and its online
 * dossiers as stored; a desk's change in the agency's feed as the dossier stands now (kind peer, with the
 * receiving device as the address); conflict notices to the desk they are for.
 */
export async function agencyChanges(p: Province, agencyCode: string, cursor: number, limit: number) {
  const rows = await p.db.k
    .selectFrom('province_changes as pc')
    .leftJoin('dossiers as d', 'd.id', 'pc.dossier_id')
    .leftJoin('devices as dv', 'dv.id', 'd.device_id')
    .select(['pc.seq', 'pc.device_id', 'pc.change', 'pc.peer', 'pc.dossier_id', 'd.device_id as owner', 'd.record', 'd.desk_rev', 'd.updated_at', 'dv.desk_no'])
    .where('pc.seq', '>', cursor)
    .where((eb) => eb.or([eb('d.agency_code', '=', agencyCode), eb('pc.device_id', '=', agencyAddress(agencyCode))]))
    .orderBy('pc.seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const address = agencyAddress(agencyCode);
  const changes = page.flatMap((r): { deviceId: string; change: ProvinceChange }[] => {
    const event = JSON.parse(r.change) as Partial<ProvinceChange> & { kind?: string; byDesk?: number | null; changeId?: string | null; fromStatus?: number | null };
    const seq = Number(r.seq);
    if (!r.peer || event.kind === 'peer_conflict') return [{ deviceId: r.device_id, change: { ...(event as Omit<ProvinceChange, 'seq'>), seq } }];
    if (!r.record || !r.owner) return [];
    const record = JSON.parse(r.record) as HoSo;
    return [{
      deviceId: r.owner,
      change: {
        seq, dossierId: r.dossier_id, MaHoSo: record.MaHoSo, kind: 'peer', TrangThai: record.TrangThaiHoSo, NgayHenTra: record.NgayHenTra,
        NoiDungXuLy: '', NguoiXuLy: '', ChucDanh: '', PhongBanXuLy: event.byDesk ? `Quầy ${event.byDesk}` : '',
        ThoiDiemXuLy: event.ThoiDiemXuLy ?? toVnStamp(Number(r.updated_at)), after: decisionSnapshot(record), HoSo: record,
        peer: { deskRev: Number(r.desk_rev), owner: r.owner === address ? 'agency' : 'desk', ownerDeskNo: r.owner === address ? null : (r.desk_no ?? null), byDesk: event.byDesk ?? null, changeId: event.changeId ?? null, fromStatus: event.fromStatus ?? null },
      },
    }];
  });
  return { changes, nextCursor: page.length ? Number(page[page.length - 1].seq) : cursor, hasMore: rows.length > limit };
}

/** The agency's dossiers as the province holds them, by id, paged. */
export async function agencyDossiers(p: Province, agencyCode: string, after: string, limit: number): Promise<{ items: RelayDossier[]; hasMore: boolean; head: number }> {
  // Read first: every change up to it is in the dossiers read after.
  const head = Number((await p.db.k.selectFrom('province_changes').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
  const rows = await p.db.k.selectFrom('dossiers').selectAll().where('agency_code', '=', agencyCode).where('id', '>', after).orderBy('id').limit(limit + 1).execute();
  return {
    items: rows.slice(0, limit).map((r) => ({ dossierId: r.id, deviceId: r.device_id, deskRev: r.desk_rev, provinceSeq: Number(r.province_seq), provinceStatusSeq: Number(r.province_status_seq), HoSo: JSON.parse(r.record) as HoSo })),
    hasMore: rows.length > limit,
    head,
  };
}

// The relay's side ---------------------------------------------------------------------------------------

export interface UpstreamEnrolment {
  url: string;
  deviceId: string;
  /** The relay's credential at the province: in the relay's own store (0600 files, or the database role), never logged. */
  token: string;
  expiresAt: number;
  agencyCode: string;
  enrolledAt: number;
}

export interface RelayStateMap {
  upstream: UpstreamEnrolment;
  /** The last province change (the province's seq) passed down. */
  cursor: number;
  /** The province's store identity last seen. */
  store: { epoch: string; floor: number };
  lastSuccessAt: number;
  lastError: string | null;
  /** The last audit event (the relay's audit_events seq) forwarded; the province's refusal of a chain, if any. */
  auditCursor: number;
  /** A rebuilt relay: the province's last change seq its seeded dossiers already reflect. */
  seedHead: number;
  auditRefused: { deskNo: number; reason: string; at: number } | null;
}

export async function readRelayState<K extends keyof RelayStateMap>(p: Province, key: K, tx: Tx = p.db.k): Promise<RelayStateMap[K] | undefined> {
  const row = await tx.selectFrom('relay_state').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as RelayStateMap[K]) : undefined;
}

export async function writeRelayState<K extends keyof RelayStateMap>(tx: Tx, key: K, value: RelayStateMap[K]): Promise<void> {
  const text = JSON.stringify(value);
  await tx.insertInto('relay_state').values({ key, value: text }).onConflict((oc) => oc.column('key').doUpdateSet({ value: text })).execute();
}

/** The agency's reference data as the province published it, with the province's version numbers, for the relay's desks. */
export async function putReference(p: Province, agencyCode: string, data: { catalog: CatalogData | null; calendar: CalendarData | null; office: OfficeData | null }): Promise<string[]> {
  const changed: string[] = [];
  await p.db.write(async (tx) => {
    const now = Date.now();
    if (data.office) {
      const office = officeDataSchema.parse(data.office);
      if (office.office.agencyCode !== agencyCode) throw new ProvinceError('bad_request', 'Tỉnh gửi dữ liệu cơ quan của một đơn vị khác.');
      await tx.insertInto('agencies').values({ code: agencyCode, desks_in_agency: office.desksInAgency, created_at: now }).onConflict((oc) => oc.column('code').doUpdateSet({ desks_in_agency: office.desksInAgency })).execute();
    }
    for (const [kind, value, schema] of [['office', data.office, officeDataSchema], ['catalog', data.catalog, catalogDataSchema], ['calendar', data.calendar, calendarDataSchema]] as const) {
      if (!value) continue;
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new ProvinceError('bad_request', `Dữ liệu ${kind} từ tỉnh không hợp lệ: ${summariseIssues(parsed.error.issues)}`);
      const payload = JSON.stringify(parsed.data);
      await tx
        .insertInto('reference_data')
        .values({ agency_code: agencyCode, kind, version: parsed.data.version, payload, updated_at: now })
        .onConflict((oc) => oc.columns(['agency_code', 'kind']).doUpdateSet({ version: parsed.data.version, payload, updated_at: now }))
        .execute();
      changed.push(kind);
    }
  }, [`agency:${agencyCode}`]);
  return changed;
}

export async function referenceVersions(p: Province, agencyCode: string): Promise<{ catalog: number; calendar: number; office: number }> {
  const rows = await p.db.k.selectFrom('reference_data').select(['kind', 'version']).where('agency_code', '=', agencyCode).execute();
  const v = (kind: string) => rows.find((r) => r.kind === kind)?.version ?? 0;
  return { catalog: v('catalog'), calendar: v('calendar'), office: v('office') };
}

/** A desk's change in the relay's own feed (the same event the province writes: store.ts). */
async function feedRow(tx: Tx, agencyCode: string, dossierId: string, event: Record<string, unknown>, upstreamSeq: number | null, now: number): Promise<number> {
  const ins = await tx.insertInto('province_changes').values({ dossier_id: dossierId, device_id: agencyAddress(agencyCode), change: JSON.stringify(event), created_at: now, peer: 1, upstream_seq: upstreamSeq }).returning('seq').executeTakeFirstOrThrow();
  return Number(ins.seq);
}

/** Moved by the province or by a desk the relay does not serve: any desk of the relay changing the status without having seen it is in conflict. */
const UPSTREAM_MOVER = PROVINCE_MOVER;

/**
 * Province changes pulled from upstream, applied to the relay's own store in its own numbering (its
 * desks' cursors and per-dossier seqs are the relay's; each row keeps the province's seq, upstream_seq,
 * so forwarding can say what a desk had seen in the province's numbering), with the new cursor, in one
 * transaction: a crash replays the page, and a change already kept is skipped. Changes the relay's own
 * desks made come back as the province's echo and are skipped (forwarding mapped them).
 */
export async function ingestUpstream(p: Province, agencyCode: string, items: { deviceId: string; change: ProvinceChange }[], nextCursor: number): Promise<number> {
  const seedHead = (await readRelayState(p, 'seedHead')) ?? 0;
  return p.db.write(async (tx) => {
    let kept = 0;
    const now = Date.now();
    for (const { deviceId, change } of items) {
      const { seq: up, ...body } = change;
      // Already reflected in the dossiers a rebuilt relay took from the province, or already kept.
      if (up <= seedHead) continue;
      if (await tx.selectFrom('province_changes').select('seq').where('upstream_seq', '=', up).executeTakeFirst()) continue;
      const row = await tx.selectFrom('dossiers').selectAll().where('id', '=', change.dossierId).executeTakeFirst();
      const upstreamHigh = row ? Number((await tx.selectFrom('province_changes').select((eb) => eb.fn.max('upstream_seq').as('m')).where('dossier_id', '=', row.id).executeTakeFirst())?.m ?? 0) : 0;
      if (change.kind === 'peer' && change.HoSo && change.peer) {
        const info = change.peer;
        if (info.changeId && (await tx.selectFrom('relay_outbox').select('seq').where('change_id', '=', info.changeId).executeTakeFirst())) continue; // our own desk's change
        if (row && (info.deskRev <= row.desk_rev || up <= upstreamHigh)) continue;
        const event = { kind: 'peer', byDesk: info.byDesk, changeId: info.changeId, fromStatus: info.fromStatus, ThoiDiemXuLy: change.ThoiDiemXuLy };
        const local = await feedRow(tx, agencyCode, change.dossierId, event, up, now);
        const moved = !row || row.status !== change.HoSo.TrangThaiHoSo;
        const values = {
          code: change.HoSo.MaHoSo, status: change.HoSo.TrangThaiHoSo, desk_rev: info.deskRev, record: JSON.stringify(change.HoSo), device_id: deviceId, agency_seq: local, updated_at: now,
          ...(moved ? { province_status_seq: local, status_by: UPSTREAM_MOVER, status_by_desk: info.byDesk } : {}),
        };
        if (row) await tx.updateTable('dossiers').set(values).where('id', '=', row.id).execute();
        else await tx.insertInto('dossiers').values({ id: change.dossierId, agency_code: agencyCode, created_at: now, province_seq: 0, ...values }).execute();
        kept++;
        continue;
      }
      if (change.kind === 'peer_conflict') {
        await tx.insertInto('province_changes').values({ dossier_id: change.dossierId, device_id: deviceId, change: JSON.stringify(body), created_at: now, peer: 1, upstream_seq: up }).execute();
        kept++;
        continue;
      }
      if (change.kind === 'dossier' && change.HoSo) {
        if (row) continue;
        const ins = await tx.insertInto('province_changes').values({ dossier_id: change.dossierId, device_id: deviceId, change: JSON.stringify(body), created_at: now, upstream_seq: up }).returning('seq').executeTakeFirstOrThrow();
        const local = Number(ins.seq);
        await tx.insertInto('dossiers').values({ id: change.dossierId, agency_code: agencyCode, device_id: deviceId, code: change.HoSo.MaHoSo, status: change.HoSo.TrangThaiHoSo, desk_rev: 0, province_seq: local, province_status_seq: 0, agency_seq: local, record: JSON.stringify(change.HoSo), created_at: now, updated_at: now }).execute();
        kept++;
        continue;
      }
      if ((change.kind === 'status' || change.kind === 'appointment') && row && up > upstreamHigh) {
        const record = JSON.parse(row.record) as HoSo;
        if (change.after) Object.assign(record, change.after);
        else if (change.kind === 'appointment' && change.NgayHenTra) record.NgayHenTra = change.NgayHenTra;
        else if (change.kind === 'status' && change.TrangThai != null) record.TrangThaiHoSo = change.TrangThai;
        const ins = await tx.insertInto('province_changes').values({ dossier_id: row.id, device_id: deviceId, change: JSON.stringify(body), created_at: now, upstream_seq: up }).returning('seq').executeTakeFirstOrThrow();
        const local = Number(ins.seq);
        await tx
          .updateTable('dossiers')
          .set({ record: JSON.stringify(record), status: record.TrangThaiHoSo, province_seq: local, agency_seq: local, updated_at: now, ...(change.kind === 'status' ? { province_status_seq: local, status_by: PROVINCE_MOVER, status_by_desk: null } : {}) })
          .where('id', '=', row.id)
          .execute();
        kept++;
      }
    }
    await writeRelayState(tx, 'cursor', nextCursor);
    return kept;
  }, [`agency:${agencyCode}`]);
}

/**
 * A relay rebuilt on a new PC: the agency's dossiers as the province holds them, each with a row in the
 * relay's own feed so its desks find them; the province's changes up to `head` are in them already.
 */
export async function seedDossiers(p: Province, agencyCode: string, items: RelayDossier[], head: number): Promise<number> {
  return p.db.write(async (tx) => {
    let n = 0;
    const now = Date.now();
    for (const d of items) {
      if (await tx.selectFrom('dossiers').select('id').where('id', '=', d.dossierId).executeTakeFirst()) continue;
      const local = await feedRow(tx, agencyCode, d.dossierId, { kind: 'peer' }, null, now);
      await tx.insertInto('dossiers').values({ id: d.dossierId, agency_code: agencyCode, device_id: d.deviceId, code: d.HoSo.MaHoSo, status: d.HoSo.TrangThaiHoSo, desk_rev: d.deskRev, province_seq: 0, province_status_seq: d.provinceStatusSeq ? local : 0, agency_seq: local, status_by: d.provinceStatusSeq ? PROVINCE_MOVER : null, record: JSON.stringify(d.HoSo), created_at: now, updated_at: now }).execute();
      n++;
    }
    const known = (await readRelayState(p, 'seedHead', tx)) ?? 0;
    if (head > known) await writeRelayState(tx, 'seedHead', head);
    return n;
  }, [`agency:${agencyCode}`]);
}

/**
 * What a desk had seen, in the province's numbering: the highest province seq among the relay's feed rows
 * up to the desk's provinceSeen (the province's changes passed down, and the relay's desks' own changes
 * once forwarded, which always go up before any change made after seeing them).
 */
export async function upstreamSeen(p: Province, provinceSeen: number): Promise<number> {
  if (provinceSeen <= 0) return 0;
  const row = await p.db.k.selectFrom('province_changes').select('upstream_seq').where('upstream_seq', 'is not', null).where('seq', '<=', provinceSeen).orderBy('upstream_seq', 'desc').limit(1).executeTakeFirst();
  return Math.max(Number(row?.upstream_seq ?? 0), (await readRelayState(p, 'seedHead')) ?? 0);
}

export interface ForwardJob {
  seq: number;
  changeId: string;
  deviceId: string;
  deskNo: number;
  deviceName: string;
  feedSeq: number | null;
  item: Record<string, unknown> & { changeId: string };
}

/** The oldest changes not yet answered by the province, in the order the relay accepted them. */
export async function pendingForwards(p: Province, limit: number): Promise<ForwardJob[]> {
  const rows = await p.db.k.selectFrom('relay_outbox').select(['seq', 'change_id', 'device_id', 'desk_no', 'device_name', 'item', 'feed_seq']).where('forwarded_at', 'is', null).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), changeId: r.change_id, deviceId: r.device_id, deskNo: r.desk_no, deviceName: r.device_name, feedSeq: r.feed_seq == null ? null : Number(r.feed_seq), item: JSON.parse(r.item) as ForwardJob['item'] }));
}

/**
 * The province's answers to forwarded changes, in one transaction: each job is then done, whatever the
 * answer; the relay's feed row of each change written there takes the province's seq.
 */
export async function markForwarded(p: Province, answers: { changeId: string; result: PushResult['result'] | 'refused'; reason?: string; feedSeq?: number | null; upstreamSeq?: number }[]): Promise<void> {
  if (!answers.length) return;
  const at = Date.now();
  await p.db.write(async (tx) => {
    for (const a of answers) {
      await tx.updateTable('relay_outbox').set({ forwarded_at: at, upstream_result: a.result, upstream_reason: a.reason?.slice(0, 500) ?? null }).where('change_id', '=', a.changeId).where('forwarded_at', 'is', null).execute();
      if (a.upstreamSeq != null && a.feedSeq != null && !(await tx.selectFrom('province_changes').select('seq').where('upstream_seq', '=', a.upstreamSeq).executeTakeFirst())) {
        await tx.updateTable('province_changes').set({ upstream_seq: a.upstreamSeq }).where('seq', '=', a.feedSeq).where('upstream_seq', 'is', null).execute();
      }
    }
  });
}

/** The desks' audit events not yet forwarded, oldest first, with the desk each belongs to. */
export async function pendingAudit(p: Province, limit: number) {
  const after = (await readRelayState(p, 'auditCursor')) ?? 0;
  const rows = await p.db.k
    .selectFrom('audit_events as a')
    .leftJoin('devices as d', 'd.id', 'a.device_id')
    .select(['a.seq', 'a.device_id', 'a.event', 'd.desk_no', 'd.name'])
    .where('a.seq', '>', after)
    .orderBy('a.seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), deviceId: r.device_id, deskNo: r.desk_no ?? 0, deviceName: r.name ?? 'Quầy một cửa', event: JSON.parse(r.event) as AuditWire }));
}

/** What the relay's administrator needs to see: the queue and the province's refusals (codes only, no personal data). */
export async function relayStatus(p: Province) {
  const upstream = await readRelayState(p, 'upstream');
  const count = async (pending: boolean) =>
    Number((await p.db.k.selectFrom('relay_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('forwarded_at', pending ? 'is' : 'is not', null).executeTakeFirstOrThrow()).n);
  const refused = await p.db.k
    .selectFrom('relay_outbox as o')
    .select(['o.change_id as changeId', 'o.desk_no as deskNo', 'o.upstream_result as result', 'o.upstream_reason as reason', 'o.forwarded_at as at'])
    .where('o.upstream_result', 'not in', ['accepted'])
    .orderBy('o.seq', 'desc')
    .limit(50)
    .execute();
  return {
    upstream: upstream ? { url: upstream.url, agencyCode: upstream.agencyCode, deviceId: upstream.deviceId, expiresAt: upstream.expiresAt } : null,
    pending: await count(true),
    forwarded: await count(false),
    cursor: (await readRelayState(p, 'cursor')) ?? 0,
    lastSuccessAt: (await readRelayState(p, 'lastSuccessAt')) ?? null,
    lastError: (await readRelayState(p, 'lastError')) ?? null,
    auditRefused: (await readRelayState(p, 'auditRefused')) ?? null,
    notAccepted: refused.map(({ changeId, deskNo, result, reason, at }) => ({ changeId, deskNo, result, reason, at })),
  };
}
