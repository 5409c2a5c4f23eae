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
import { agencyAddress } from '../shared/sync/ownership';
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

/** Every province change of an agency (decisions on any of its dossiers, its online dossiers), from a cursor. */
export async function agencyChanges(p: Province, agencyCode: string, cursor: number, limit: number) {
  const rows = await p.db.k
    .selectFrom('province_changes as pc')
    .leftJoin('dossiers as d', 'd.id', 'pc.dossier_id')
    .select(['pc.seq', 'pc.device_id', 'pc.change'])
    .where('pc.seq', '>', cursor)
    .where((eb) => eb.or([eb('d.agency_code', '=', agencyCode), eb('pc.device_id', '=', agencyAddress(agencyCode))]))
    .orderBy('pc.seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    changes: page.map((r) => ({ deviceId: r.device_id, change: { ...(JSON.parse(r.change) as Omit<ProvinceChange, 'seq'>), seq: Number(r.seq) } as ProvinceChange })),
    nextCursor: page.length ? Number(page[page.length - 1].seq) : cursor,
    hasMore: rows.length > limit,
  };
}

/** The agency's dossiers as the province holds them, by id, paged. */
export async function agencyDossiers(p: Province, agencyCode: string, after: string, limit: number): Promise<{ items: RelayDossier[]; hasMore: boolean }> {
  const rows = await p.db.k.selectFrom('dossiers').selectAll().where('agency_code', '=', agencyCode).where('id', '>', after).orderBy('id').limit(limit + 1).execute();
  return {
    items: rows.slice(0, limit).map((r) => ({ dossierId: r.id, deviceId: r.device_id, deskRev: r.desk_rev, provinceSeq: Number(r.province_seq), provinceStatusSeq: Number(r.province_status_seq), HoSo: JSON.parse(r.record) as HoSo })),
    hasMore: rows.length > limit,
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

/**
 * Province changes pulled from upstream, applied to the relay's copy of each dossier (when newer than what
 * it holds) and kept for its desks' pull under the province's seq, with the new cursor, in one transaction:
 * a crash replays the page, and a change already kept is skipped.
 */
export async function ingestUpstream(p: Province, agencyCode: string, items: { deviceId: string; change: ProvinceChange }[], nextCursor: number): Promise<number> {
  return p.db.write(async (tx) => {
    let kept = 0;
    const now = Date.now();
    for (const { deviceId, change } of items) {
      const seen = await tx.selectFrom('province_changes').select('seq').where('upstream_seq', '=', change.seq).executeTakeFirst();
      if (seen) continue;
      const { seq, ...body } = change;
      const row = await tx.selectFrom('dossiers').selectAll().where('id', '=', change.dossierId).executeTakeFirst();
      if (change.kind === 'dossier' && change.HoSo) {
        if (!row) {
          await tx.insertInto('dossiers').values({ id: change.dossierId, agency_code: agencyCode, device_id: deviceId, code: change.HoSo.MaHoSo, status: change.HoSo.TrangThaiHoSo, desk_rev: 0, province_seq: seq, province_status_seq: 0, record: JSON.stringify(change.HoSo), created_at: now, updated_at: now }).execute();
        }
      } else if (row && seq > Number(row.province_seq) && (change.kind === 'status' || change.kind === 'appointment')) {
        const record = JSON.parse(row.record) as HoSo;
        if (change.after) Object.assign(record, change.after);
        else if (change.kind === 'appointment' && change.NgayHenTra) record.NgayHenTra = change.NgayHenTra;
        else if (change.kind === 'status' && change.TrangThai != null) record.TrangThaiHoSo = change.TrangThai;
        await tx
          .updateTable('dossiers')
          .set({ record: JSON.stringify(record), status: record.TrangThaiHoSo, province_seq: seq, province_status_seq: change.kind === 'status' ? seq : Number(row.province_status_seq), updated_at: now })
          .where('id', '=', row.id)
          .execute();
      }
      await tx.insertInto('province_changes').values({ dossier_id: change.dossierId, device_id: deviceId, change: JSON.stringify(body), created_at: now, upstream_seq: seq }).execute();
      kept++;
    }
    await writeRelayState(tx, 'cursor', nextCursor);
    return kept;
  }, [`agency:${agencyCode}`]);
}

/** A relay rebuilt on a new PC: the agency's dossiers as the province holds them (a newer copy already held is kept). */
export async function seedDossiers(p: Province, agencyCode: string, items: RelayDossier[]): Promise<number> {
  return p.db.write(async (tx) => {
    let n = 0;
    const now = Date.now();
    for (const d of items) {
      const row = await tx.selectFrom('dossiers').select(['desk_rev', 'province_seq']).where('id', '=', d.dossierId).executeTakeFirst();
      const values = { code: d.HoSo.MaHoSo, status: d.HoSo.TrangThaiHoSo, desk_rev: d.deskRev, province_seq: d.provinceSeq, province_status_seq: d.provinceStatusSeq, record: JSON.stringify(d.HoSo), updated_at: now };
      if (!row) await tx.insertInto('dossiers').values({ id: d.dossierId, agency_code: agencyCode, device_id: d.deviceId, created_at: now, ...values }).execute();
      else if (d.deskRev > row.desk_rev || d.provinceSeq > Number(row.province_seq)) await tx.updateTable('dossiers').set(values).where('id', '=', d.dossierId).execute();
      else continue;
      n++;
    }
    return n;
  }, [`agency:${agencyCode}`]);
}

export interface ForwardJob {
  seq: number;
  changeId: string;
  deviceId: string;
  deskNo: number;
  deviceName: string;
  item: Record<string, unknown> & { changeId: string };
}

/** The oldest changes not yet answered by the province, in the order the relay accepted them. */
export async function pendingForwards(p: Province, limit: number): Promise<ForwardJob[]> {
  const rows = await p.db.k.selectFrom('relay_outbox').select(['seq', 'change_id', 'device_id', 'desk_no', 'device_name', 'item']).where('forwarded_at', 'is', null).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), changeId: r.change_id, deviceId: r.device_id, deskNo: r.desk_no, deviceName: r.device_name, item: JSON.parse(r.item) as ForwardJob['item'] }));
}

/** The province's answers to forwarded changes, in one transaction (each job is then done, whatever the answer). */
export async function markForwarded(p: Province, answers: { changeId: string; result: PushResult['result'] | 'refused'; reason?: string }[]): Promise<void> {
  if (!answers.length) return;
  const at = Date.now();
  await p.db.write(async (tx) => {
    for (const a of answers) {
      await tx.updateTable('relay_outbox').set({ forwarded_at: at, upstream_result: a.result, upstream_reason: a.reason?.slice(0, 500) ?? null }).where('change_id', '=', a.changeId).where('forwarded_at', 'is', null).execute();
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
