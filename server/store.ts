// The province's records and the operations on them, shared by the HTTP server and the admin command line.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { SEED_CATALOG } from '../shared/domain/catalog';
import { DEFAULT_CALENDAR_CONFIG } from '../shared/calendar/types';
import { DEFAULT_CODE_PATTERN } from '../shared/codes/dossierCode';
import { DVCQG_STATUS_CODE, STATUS_LABEL_VI, type DossierStatus } from '../shared/domain/status';
import {
  calendarDataSchema,
  catalogDataSchema,
  officeDataSchema,
  pushItemSchema,
  type CalendarData,
  type CatalogData,
  type HoSo,
  type OfficeData,
  type ProvinceChange,
  type PushResult,
} from '../shared/sync/contract';
import { PROVINCE_MOVER, agencyAddress, decideDeskChange, provinceDecision, type ProvinceDossier } from '../shared/sync/ownership';
import { decisionSnapshot, hoSoDigest, statusFromCode } from '../shared/sync/mapping';
import { fromVnStamp, toSecond, toVnStamp } from '../shared/sync/time';
import type { CalendarConfig } from '../shared/calendar/types';
import { makeDurable, openServerDb, storeIdentity, writeStoreMark, type DbTarget, type Schema, type ServerDb, type StoreIdentity, type Tx } from './db';
import { summariseIssues } from '../shared/validation/issues';
import { withoutFiles } from './files';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newEnrolmentCode(): string {
  const part = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${part()}-${part()}-${part()}`;
}

export interface Device {
  id: string;
  agencyCode: string;
  /** 0 for a relay. */
  deskNo: number;
  tokenExpiresAt: number;
  /** A desk, or an office relay pushing and pulling for the desks of its agency (issue 14). */
  role?: 'desk' | 'relay';
  name?: string;
}

export type EnrolRole = 'desk' | 'relay';


export interface DossierRef {
  agencyCode: string;
  code: string;
}

export type SecurityEventKind = 'auth_failed' | 'credential_expired' | 'enrol_refused' | 'isolation_refused';

export class ProvinceError extends Error {
  constructor(
    readonly code: 'enrolment_code_invalid' | 'not_found' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

type DossierRow = Selectable<Schema['dossiers']>;

function toProvinceDossier(r: DossierRow): ProvinceDossier {
  return {
    dossierId: r.id,
    agencyCode: r.agency_code,
    deviceId: r.device_id,
    deskRev: r.desk_rev,
    provinceSeq: r.province_seq,
    provinceStatusSeq: r.province_status_seq,
    statusBy: r.status_by,
    statusByDesk: r.status_by_desk,
    deviceRevs: JSON.parse(r.device_revs || '{}') as Record<string, number>,
    record: JSON.parse(r.record) as HoSo,
  };
}

/** What a feed row of kind peer keeps (the record itself is read from the dossier when served). */
interface PeerEvent {
  kind: 'peer';
  byDesk?: number | null;
  changeId?: string | null;
  fromStatus?: number | null;
  ThoiDiemXuLy?: string;
}

/** The statuses after which a dossier is closed: left out of a desk's first copy of the agency (pull open=1). */
const CLOSED_CODES = [3, 7, 8, 10];

export interface ProvinceOptions {
  /** How long a device credential lasts. */
  credentialTtlMs?: number;
  now?: () => number;
  /**
   * An office relay's store: every desk change it accepts is queued for the province in the same
   * transaction (relay_outbox), so a crash never loses one nor forwards one twice unasked.
   */
  forward?: boolean;
}

export class Province {
  private readonly now: () => number;
  private readonly credentialTtlMs: number;
  readonly forward: boolean;

  private constructor(
    readonly db: ServerDb,
    options: ProvinceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.credentialTtlMs = options.credentialTtlMs ?? 90 * 24 * 3600_000;
    this.forward = options.forward ?? false;
  }

  /** Opens the store: a data directory (SQLite) or a PostgreSQL connection URL; runs the migrations. */
  static async open(target: DbTarget | string, options: ProvinceOptions = {}): Promise<Province> {
    return new Province(await openServerDb(typeof target === 'string' ? { dataDir: target } : target), options);
  }

  private get k() {
    return this.db.k;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** The store's identity, sent with every answer a desk bases its state on. */
  identity(): Promise<StoreIdentity> {
    return storeIdentity(this.db);
  }

  /** Before answering: what was committed is made durable, and the mark beside the database moves (see checkStoreIdentity). */
  async markWritten(): Promise<void> {
    await makeDurable(this.db);
    await writeStoreMark(this.db);
  }

  /** The agency's working calendar as published (the desks apply the same one). */
  async calendar(agencyCode: string, tx: Tx = this.k): Promise<CalendarConfig> {
    const row = await tx.selectFrom('reference_data').select('payload').where('agency_code', '=', agencyCode).where('kind', '=', 'calendar').executeTakeFirst();
    const { overrides: _, ...base } = DEFAULT_CALENDAR_CONFIG;
    if (!row) return { ...base, overrides: [] };
    const data = JSON.parse(row.payload) as CalendarData;
    return { ...base, ...data.base, overrides: data.overrides };
  }

  /** What the province holds of one device's dossiers, by id, paged: the desk compares after an epoch change. */
  async holdings(deviceId: string, after: string, limit: number) {
    const rows = await this.k.selectFrom('dossiers').select(['id', 'desk_rev', 'province_seq', 'record']).where('device_id', '=', deviceId).where('id', '>', after).orderBy('id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ dossierId: r.id, deskRev: r.desk_rev, provinceSeq: r.province_seq, digest: hoSoDigest(JSON.parse(r.record) as HoSo) })),
      hasMore: rows.length > limit,
    };
  }

  // Agencies and reference data -------------------------------------------------------------------------

  async createAgency(office: OfficeData['office'], desksInAgency: number, codePattern = DEFAULT_CODE_PATTERN): Promise<void> {
    const now = this.now();
    await this.db.write(
      async (tx) => {
        await tx
          .insertInto('agencies')
          .values({ code: office.agencyCode, desks_in_agency: desksInAgency, created_at: now })
          .onConflict((oc) => oc.column('code').doUpdateSet({ desks_in_agency: desksInAgency }))
          .execute();
        await this.publishIn(tx, office.agencyCode, 'office', { office, desksInAgency, codePattern });
        if (!(await this.referenceVersion(tx, office.agencyCode, 'catalog'))) await this.publishIn(tx, office.agencyCode, 'catalog', { procedures: SEED_CATALOG });
        if (!(await this.referenceVersion(tx, office.agencyCode, 'calendar'))) {
          const { overrides: _, ...base } = DEFAULT_CALENDAR_CONFIG;
          await this.publishIn(tx, office.agencyCode, 'calendar', { base, overrides: [] });
        }
      },
      [`agency:${office.agencyCode}`],
    );
  }

  private async referenceVersion(tx: Tx, agencyCode: string, kind: string): Promise<number> {
    const row = await tx.selectFrom('reference_data').select('version').where('agency_code', '=', agencyCode).where('kind', '=', kind).executeTakeFirst();
    return row?.version ?? 0;
  }

  /** Publishes a new version of one kind of reference data; the payload is checked with the contract. */
  publish(agencyCode: string, kind: 'catalog' | 'calendar' | 'office', payload: Record<string, unknown>): Promise<number> {
    return this.db.write((tx) => this.publishIn(tx, agencyCode, kind, payload), [`agency:${agencyCode}`]);
  }

  private async publishIn(tx: Tx, agencyCode: string, kind: 'catalog' | 'calendar' | 'office', payload: Record<string, unknown>): Promise<number> {
    const version = (await this.referenceVersion(tx, agencyCode, kind)) + 1;
    const schema = { catalog: catalogDataSchema, calendar: calendarDataSchema, office: officeDataSchema }[kind];
    const parsed = schema.safeParse({ ...payload, version });
    if (!parsed.success) throw new ProvinceError('bad_request', `Dữ liệu ${kind} không hợp lệ: ${summariseIssues(parsed.error.issues)}`);
    if (kind === 'office') {
      const data = parsed.data as OfficeData;
      if (data.office.agencyCode !== agencyCode) throw new ProvinceError('bad_request', 'Mã đơn vị trong dữ liệu cơ quan khác mã đơn vị.');
      await tx.updateTable('agencies').set({ desks_in_agency: data.desksInAgency }).where('code', '=', agencyCode).execute();
    }
    const payloadText = JSON.stringify(parsed.data);
    const at = this.now();
    await tx
      .insertInto('reference_data')
      .values({ agency_code: agencyCode, kind, version, payload: payloadText, updated_at: at })
      .onConflict((oc) => oc.columns(['agency_code', 'kind']).doUpdateSet({ version, payload: payloadText, updated_at: at }))
      .execute();
    return version;
  }

  async reference(agencyCode: string, have: { catalog: number; calendar: number; office: number }) {
    const rows = await this.k.selectFrom('reference_data').select(['kind', 'version', 'payload']).where('agency_code', '=', agencyCode).execute();
    const get = <T>(kind: 'catalog' | 'calendar' | 'office'): T | null => {
      const row = rows.find((r) => r.kind === kind);
      return row && row.version !== have[kind] ? (JSON.parse(row.payload) as T) : null;
    };
    return { catalog: get<CatalogData>('catalog'), calendar: get<CalendarData>('calendar'), office: get<OfficeData>('office') };
  }

  // Enrolment and devices --------------------------------------------------------------------------------

  async issueEnrolmentCode(agencyCode: string, deskNo: number, ttlMs = 72 * 3600_000, role: EnrolRole = 'desk'): Promise<string> {
    const agency = await this.k.selectFrom('agencies').select('desks_in_agency').where('code', '=', agencyCode).executeTakeFirst();
    if (!agency) throw new ProvinceError('not_found', `Chưa có đơn vị ${agencyCode}. Tạo đơn vị trước (create-agency).`);
    if (role === 'desk' && (!Number.isInteger(deskNo) || deskNo < 1 || deskNo > agency.desks_in_agency)) {
      throw new ProvinceError('bad_request', `Số quầy phải từ 1 đến ${agency.desks_in_agency}.`);
    }
    const code = newEnrolmentCode();
    const now = this.now();
    await this.k.insertInto('enrolment_codes').values({ code_hash: sha256(code), agency_code: agencyCode, desk_no: role === 'relay' ? 0 : deskNo, created_at: now, expires_at: now + ttlMs, used_at: null, device_id: null, role }).execute();
    return code;
  }

  /** A one-time code for the agency's office relay (issue 14): the relay pushes and pulls for the desks of this agency only. */
  issueRelayCode(agencyCode: string, ttlMs = 72 * 3600_000): Promise<string> {
    return this.issueEnrolmentCode(agencyCode, 0, ttlMs, 'relay');
  }

  /** Uses a one-time code: the device (new, or the same one re-enrolling) gets a fresh credential. */
  async enrol(code: string, deviceId: string, deviceName: string, context: { address?: string } = {}, role: EnrolRole = 'desk') {
    const now = this.now();
    let refusal: { reason: string; agencyCode: string | null } | null = null;
    const result = await this.db.write(
      async (tx) => {
        const row = await tx.selectFrom('enrolment_codes').select(['agency_code', 'desk_no', 'expires_at', 'used_at', 'device_id', 'role']).where('code_hash', '=', sha256(code)).$if(this.db.dialect === 'postgres', (q) => q.forUpdate()).executeTakeFirst();
        // The same device retrying with its code (its first answer was lost) is enrolled again, not refused.
        const retry = row != null && row.used_at != null && row.device_id === deviceId;
        // A desk's code never enrols a relay, nor a relay's code a desk.
        const wrongRole = row != null && row.role !== role;
        if (!row || wrongRole || (row.used_at != null && !retry) || row.expires_at < now) {
          refusal = { reason: !row ? 'mã đăng ký không đúng' : wrongRole ? `mã dành cho ${row.role === 'relay' ? 'máy chuyển tiếp' : 'quầy'}, không dành cho ${role === 'relay' ? 'máy chuyển tiếp' : 'quầy'}` : row.expires_at < now ? 'mã đăng ký đã hết hạn' : 'mã đăng ký đã được thiết bị khác dùng', agencyCode: row?.agency_code ?? null };
          throw new ProvinceError('enrolment_code_invalid', 'Mã đăng ký không đúng, đã được dùng hoặc đã hết hạn. Hãy xin cơ quan cấp tỉnh cấp mã mới.');
        }
        // An enrolled device re-enrols (a new credential) only as the same desk of the same agency: a code
        // for another desk never moves it, so no one takes over a device by knowing its id.
        const known = await tx.selectFrom('devices').select(['agency_code', 'desk_no', 'role']).where('id', '=', deviceId).executeTakeFirst();
        if (known && (known.agency_code !== row.agency_code || known.desk_no !== row.desk_no || known.role !== role)) {
          refusal = { reason: `thiết bị đã đăng ký là quầy ${known.desk_no} của đơn vị ${known.agency_code}; mã dành cho quầy ${row.desk_no} của đơn vị ${row.agency_code}`, agencyCode: row.agency_code };
          throw new ProvinceError(
            'enrolment_code_invalid',
            'Mã thiết bị này đã được đăng ký cho một quầy khác. Mã đăng ký chưa bị dùng; nếu đây là máy mới, hãy cài lại ứng dụng để có mã thiết bị mới, hoặc xin tỉnh cấp mã cho đúng quầy.',
          );
        }
        const token = randomBytes(32).toString('base64url');
        const expiresAt = now + this.credentialTtlMs;
        await tx.updateTable('enrolment_codes').set({ used_at: row.used_at ?? now, device_id: deviceId }).where('code_hash', '=', sha256(code)).execute();
        const device = { agency_code: row.agency_code, desk_no: row.desk_no, name: deviceName, token_hash: sha256(token), token_expires_at: expiresAt, enrolled_at: now, role };
        await tx
          .insertInto('devices')
          .values({ id: deviceId, ...device })
          .onConflict((oc) => oc.column('id').doUpdateSet(device))
          .execute();
        const agency = await tx.selectFrom('agencies').select('desks_in_agency').where('code', '=', row.agency_code).executeTakeFirstOrThrow();
        return { deviceId, token, expiresAt, agencyCode: row.agency_code, deskNo: row.desk_no, desksInAgency: agency.desks_in_agency };
      },
      [`enrol:${deviceId}`],
    ).catch(async (e: unknown) => {
      const r = refusal as { reason: string; agencyCode: string | null } | null;
      if (r) await this.recordSecurityEvent({ kind: 'enrol_refused', deviceId, agencyCode: r.agencyCode, address: context.address, reason: r.reason });
      throw e;
    });
    await this.markWritten();
    return result;
  }

  /** The device a bearer token belongs to, and whether its credential has expired. */
  async authenticate(token: string): Promise<{ device: Device; expired: boolean } | null> {
    const row = await this.k.selectFrom('devices').select(['id', 'agency_code', 'desk_no', 'token_expires_at', 'role', 'name']).where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!row) return null;
    const device: Device = { id: row.id, agencyCode: row.agency_code, deskNo: row.desk_no, tokenExpiresAt: row.token_expires_at, role: row.role === 'relay' ? 'relay' : 'desk', name: row.name };
    return { device, expired: row.token_expires_at <= this.now() };
  }

  async expireCredentials(filter: { deviceId?: string; agencyCode?: string }): Promise<number> {
    const at = this.now() - 1;
    let q = this.k.updateTable('devices').set({ token_expires_at: at });
    if (filter.deviceId) q = q.where('id', '=', filter.deviceId);
    else if (filter.agencyCode) q = q.where('agency_code', '=', filter.agencyCode);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  listDevices() {
    return this.k
      .selectFrom('devices')
      .select(['id', 'agency_code as agencyCode', 'desk_no as deskNo', 'name', 'role', 'via_relay as viaRelay', 'token_expires_at as tokenExpiresAt', 'enrolled_at as enrolledAt'])
      .orderBy('agency_code')
      .orderBy('desk_no')
      .execute();
  }

  // Push: one desk change at a time, each in its own transaction with its idempotency record ----------

  /**
   * Applies one raw push item for a device and returns its answer; a replayed changeId returns the first
   * answer. With PostgreSQL, the agency's lock and the change's lock make two processes receiving the same
   * change at once apply it once (the second sees the first's record).
   */
  async applyChange(device: Device, raw: { changeId: string } & Record<string, unknown>, context: { address?: string } = {}): Promise<{ answer: PushResult; replay: boolean }> {
    const rules = await this.agencyRules(device.agencyCode);
    return this.db.write((tx) => this.applyChangeIn(tx, device, raw, context, rules), [`agency:${device.agencyCode}`, `change:${raw.changeId}`]);
  }

  /**
   * A push batch, in order. The same change twice in one batch is answered once; a dossier's later changes
   * wait behind its conflicted one (applying them would settle the conflict silently). Changes commit in
   * groups of `itemsPerCommit`, each group with its idempotency records: a crash mid-batch keeps the groups
   * committed, and the desk's retry is answered from their records.
   */
  async applyBatch(
    device: Device,
    raws: ({ changeId: string; dossierId?: unknown } & Record<string, unknown>)[],
    context: { address?: string } = {},
    options: { itemsPerCommit?: number; afterItem?: () => Promise<void>; /** filled with the agency-feed seq of each change written (an office relay maps its own seqs to the province's) */ seqs?: Map<string, number> } = {},
  ): Promise<PushResult[]> {
    const rules = await this.agencyRules(device.agencyCode);
    const per = Math.max(1, options.itemsPerCommit ?? 50);
    const ids = new Set<string>();
    const unique = raws.filter((r) => !ids.has(r.changeId) && ids.add(r.changeId));
    const conflicted = new Set<unknown>();
    const results: PushResult[] = [];
    for (let i = 0; i < unique.length; i += per) {
      const group = unique.slice(i, i + per);
      const locks = [`agency:${device.agencyCode}`, ...group.map((r) => `change:${r.changeId}`).sort()];
      const answers = await this.db.write(async (tx) => {
        const out: PushResult[] = [];
        const groupConflicted = new Set(conflicted);
        for (const raw of group) {
          if (raw.dossierId != null && groupConflicted.has(raw.dossierId)) {
            out.push({ changeId: raw.changeId, result: 'deferred', reason: 'Chờ xử lý xung đột của thay đổi trước đó của hồ sơ này.' });
            continue;
          }
          const { answer, seq } = await this.applyChangeIn(tx, device, raw, context, rules);
          if (seq != null) options.seqs?.set(raw.changeId, seq);
          if (answer.result === 'conflict') groupConflicted.add(raw.dossierId);
          out.push(answer);
          if (options.afterItem) await options.afterItem();
        }
        return out;
      }, locks);
      for (const [k, a] of answers.entries()) if (a.result === 'conflict') conflicted.add(group[k].dossierId);
      results.push(...answers);
      // Let the event loop read the other requests between groups (better-sqlite3 never yields): the
      // server's admission of pushes (app.ts) can then see them and answer "later" instead of letting
      // them wait in the sockets until the desks time out and send again.
      await new Promise((r) => setImmediate(r));
    }
    return results;
  }

  /** The agency's division into desks and its code pattern, as the province published them. */
  async agencyRules(agencyCode: string, tx: Tx = this.k): Promise<{ desksInAgency: number; codePattern: string }> {
    const agency = await tx.selectFrom('agencies').select('desks_in_agency').where('code', '=', agencyCode).executeTakeFirst();
    const office = await tx.selectFrom('reference_data').select('payload').where('agency_code', '=', agencyCode).where('kind', '=', 'office').executeTakeFirst();
    const codePattern = office ? (JSON.parse(office.payload) as OfficeData).codePattern : DEFAULT_CODE_PATTERN;
    return { desksInAgency: agency?.desks_in_agency ?? 1, codePattern: codePattern ?? DEFAULT_CODE_PATTERN };
  }

  // Admin trail -------------------------------------------------------------------------------------------

  /** One admin command: who ran it, what (option names, values only where not personal), how it ended. */
  async recordAdminAction(a: { actor: string; command: string; detail: string; outcome: string }): Promise<void> {
    await this.k.insertInto('admin_actions').values({ at: this.now(), actor: a.actor.slice(0, 300), command: a.command.slice(0, 60), detail: a.detail.slice(0, 1000), outcome: a.outcome.slice(0, 300) }).execute();
  }

  listAdminActions(limit = 200) {
    return this.k.selectFrom('admin_actions').select(['seq', 'at', 'actor', 'command', 'detail', 'outcome']).orderBy('seq', 'desc').limit(limit).execute();
  }

  /** The database role the store is opened as (PostgreSQL), for the admin trail. */
  async databaseRole(): Promise<string | null> {
    if (this.db.dialect !== 'postgres') return null;
    return (await sql<{ r: string }>`SELECT current_user AS r`.execute(this.k)).rows[0].r;
  }

  // Security trail ---------------------------------------------------------------------------------------

  /** One security event: what was refused, from which device and address, why. Never personal data. */
  async recordSecurityEvent(e: { kind: SecurityEventKind; deviceId?: string | null; agencyCode?: string | null; address?: string | null; reason: string }, tx: Tx = this.k): Promise<void> {
    await tx.insertInto('security_events').values({ at: this.now(), kind: e.kind, device_id: e.deviceId ?? null, agency_code: e.agencyCode ?? null, address: e.address ?? null, reason: e.reason.slice(0, 500) }).execute();
  }

  listSecurityEvents(filter: { since?: number; kind?: string; limit?: number } = {}) {
    let q = this.k.selectFrom('security_events').select(['seq', 'at', 'kind', 'device_id as deviceId', 'agency_code as agencyCode', 'address', 'reason']);
    if (filter.since != null) q = q.where('at', '>=', filter.since);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    return q.orderBy('seq', 'desc').limit(filter.limit ?? 200).execute();
  }

  private async applyChangeIn(
    tx: Tx,
    device: Device,
    raw: { changeId: string } & Record<string, unknown>,
    context: { address?: string },
    rules: { desksInAgency: number; codePattern: string },
  ): Promise<{ answer: PushResult; replay: boolean; seq?: number }> {
    const prior = await tx.selectFrom('applied_changes').select(['device_id', 'answer', 'dossier_id']).where('change_id', '=', raw.changeId).executeTakeFirst();
    if (prior) {
      if (prior.device_id !== device.id) {
        return { answer: { changeId: raw.changeId, result: 'rejected', reason: 'Mã thay đổi (changeId) đã được một thiết bị khác dùng.' }, replay: false };
      }
      await tx.updateTable('applied_changes').set((eb) => ({ replays: eb('replays', '+', 1) })).where('change_id', '=', raw.changeId).execute();
      // A relay resending after a crash needs the seq its first answer carried.
      const written = prior.dossier_id
        ? await tx.selectFrom('province_changes').select('seq').where('dossier_id', '=', prior.dossier_id).where('peer', '=', 1).where('change', 'like', `%"changeId":"${raw.changeId}"%`).executeTakeFirst()
        : undefined;
      return { answer: JSON.parse(prior.answer) as PushResult, replay: true, ...(written ? { seq: Number(written.seq) } : {}) };
    }
    let writtenSeq: number | undefined;
    const now = this.now();
    const parsed = pushItemSchema.safeParse(raw);
    let answer: PushResult;
    let dossierId: string | null = null;
    if (!parsed.success) {
      answer = { changeId: raw.changeId, result: 'rejected', reason: `Dữ liệu không hợp lệ: ${summariseIssues(parsed.error.issues)}` };
    } else {
      const item = parsed.data;
      dossierId = item.dossierId;
      // The dossier itself and the one holding its code in the agency, in one query (often the same row).
      const rows = await tx
        .selectFrom('dossiers')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', item.dossierId), eb.and([eb('agency_code', '=', device.agencyCode), eb('code', '=', item.HoSo.MaHoSo)])]))
        .execute();
      const row = rows.find((r) => r.id === item.dossierId);
      const holder = rows.find((r) => r.agency_code === device.agencyCode && r.code === item.HoSo.MaHoSo);
      const decision = decideDeskChange(row ? toProvinceDossier(row) : null, item, holder?.id ?? null, { deviceId: device.id, agencyCode: device.agencyCode, deskNo: device.deskNo, ...rules });
      if (decision.result === 'rejected' && decision.isolation) {
        await this.recordSecurityEvent({ kind: 'isolation_refused', deviceId: device.id, agencyCode: device.agencyCode, address: context.address ?? null, reason: decision.reason }, tx);
      }
      if (decision.result === 'accepted') {
        const w = decision.write;
        if (w) {
          // Every desk of the agency hears of the change: the dossier moves to the end of the agency's feed.
          const event: PeerEvent = { kind: 'peer', byDesk: device.deskNo, changeId: item.changeId, fromStatus: decision.moved && row ? decision.fromStatus ?? null : null, ThoiDiemXuLy: item.occurredAt };
          // The dossier now stands exactly as this desk sent it when it had seen every earlier change (or the
          // earlier one was its own, so clean too): its own change need not come back to it.
          let clean = !row || item.provinceSeen >= row.agency_seq;
          if (!clean && row && row.agency_seq > 0) {
            const previous = await tx.selectFrom('province_changes').select('echo_of').where('seq', '=', row.agency_seq).executeTakeFirst();
            clean = previous?.echo_of === device.id;
          }
          const ins = await tx.insertInto('province_changes').values({ dossier_id: w.dossierId, device_id: agencyAddress(device.agencyCode), change: JSON.stringify(event), created_at: now, peer: 1, echo_of: clean && row?.device_id !== agencyAddress(device.agencyCode) ? device.id : null }).returning('seq').executeTakeFirstOrThrow();
          const seq = Number(ins.seq);
          writtenSeq = seq;
          const values = {
            code: w.record.MaHoSo, status: w.record.TrangThaiHoSo, desk_rev: w.deskRev, record: JSON.stringify(withoutFiles(w.record)), updated_at: now, agency_seq: seq,
            device_revs: JSON.stringify(w.deviceRevs ?? {}),
            ...(decision.moved ? { province_status_seq: seq, status_by: device.id, status_by_desk: device.deskNo } : {}),
          };
          if (row) await tx.updateTable('dossiers').set(values).where('id', '=', w.dossierId).execute();
          else await tx.insertInto('dossiers').values({ id: w.dossierId, agency_code: w.agencyCode, device_id: w.deviceId, created_at: now, ...values }).execute();
          // An online dossier belongs to the agency until a desk works on it: that desk takes it over.
          if (row && row.device_id === agencyAddress(device.agencyCode)) await tx.updateTable('dossiers').set({ device_id: device.id }).where('id', '=', row.id).execute();
        }
        answer = { changeId: item.changeId, result: 'accepted' };
      } else if (decision.result === 'rejected') {
        answer = { changeId: item.changeId, result: 'rejected', reason: decision.reason };
      } else {
        if (decision.peer && row) {
          // The desk whose change stands is told too: both officers see the conflict, nothing is merged.
          const notice: Omit<ProvinceChange, 'seq'> = {
            dossierId: row.id, MaHoSo: row.code, kind: 'peer_conflict', TrangThai: row.status, NgayHenTra: null,
            NoiDungXuLy: decision.peer.reason.slice(0, 1000), NguoiXuLy: '', ChucDanh: '', PhongBanXuLy: `Quầy ${device.deskNo}`, ThoiDiemXuLy: item.occurredAt,
            peer: { deskRev: row.desk_rev, owner: 'desk', ownerDeskNo: null, byDesk: device.deskNo, changeId: item.changeId, fromStatus: null, theirs: decisionSnapshot(item.HoSo) },
          };
          await tx.insertInto('province_changes').values({ dossier_id: row.id, device_id: decision.peer.deviceId, change: JSON.stringify(notice), created_at: now, peer: 1 }).execute();
        }
        answer = {
          changeId: item.changeId,
          result: 'conflict',
          reason: decision.reason,
          conflict: {
            kind: decision.kind,
            MaHoSo: item.HoSo.MaHoSo,
            ...(decision.TrangThaiHoSo != null ? { TrangThaiHoSo: decision.TrangThaiHoSo } : {}),
            ...(decision.provinceSeq != null ? { provinceSeq: decision.provinceSeq } : {}),
            ...(decision.decision ? { decision: decision.decision } : {}),
          },
        };
      }
    }
    await tx.insertInto('applied_changes').values({ change_id: raw.changeId, device_id: device.id, dossier_id: dossierId, result: answer.result, answer: JSON.stringify(answer), created_at: now }).execute();
    // An office relay forwards what it accepted, as the desk sent it, in the transaction that accepted it.
    if (this.forward && answer.result === 'accepted') {
      await tx.insertInto('relay_outbox').values({ change_id: raw.changeId, device_id: device.id, desk_no: device.deskNo, device_name: device.name ?? 'Quầy một cửa', item: JSON.stringify(raw), feed_seq: writtenSeq ?? null, created_at: now, forwarded_at: null, upstream_result: null, upstream_reason: null }).execute();
    }
    return { answer, replay: false, ...(writtenSeq != null ? { seq: writtenSeq } : {}) };
  }

  // Pull ---------------------------------------------------------------------------------------------

  /**
   * The pull. Version 1: the device's own changes and those addressed to every desk of its agency (online
   * dossiers: agencyAddress), as before. Version 2: the changes addressed to the device itself (the
   * province's decisions on its dossiers, conflict notices) merged by seq with the agency's feed: every
   * dossier of the agency whose latest change is after the cursor, once, as it stands now (kind peer).
   * A seq is never split between two pages, so the cursor keeps its meaning.
   */
  async provinceChanges(
    deviceId: string,
    cursor: number,
    limit: number,
    agencyCode = '',
    options: { version?: number; open?: boolean } = {},
  ): Promise<{ changes: ProvinceChange[]; nextCursor: number; hasMore: boolean }> {
    if ((options.version ?? 1) < 2) {
      const rows = await this.k.selectFrom('province_changes').select(['seq', 'change']).where('device_id', 'in', [deviceId, agencyAddress(agencyCode)]).where('peer', '=', 0).where('seq', '>', cursor).orderBy('seq').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const changes = page.map((r) => ({ ...(JSON.parse(r.change) as Omit<ProvinceChange, 'seq'>), seq: r.seq }));
      return { changes, nextCursor: page.length ? page[page.length - 1].seq : cursor, hasMore: rows.length > limit };
    }
    const own = await this.k.selectFrom('province_changes').select(['seq', 'change']).where('device_id', '=', deviceId).where('seq', '>', cursor).orderBy('seq').limit(limit + 1).execute();
    let feedQuery = this.k
      .selectFrom('dossiers as d')
      .innerJoin('province_changes as pc', 'pc.seq', 'd.agency_seq')
      .leftJoin('devices as dv', 'dv.id', 'd.device_id')
      .select(['d.id', 'd.agency_seq', 'd.device_id', 'd.desk_rev', 'd.record', 'd.updated_at', 'pc.change', 'dv.desk_no'])
      .where('d.agency_code', '=', agencyCode)
      .where('d.agency_seq', '>', cursor)
      // Not what this device gets on its own (the province's decisions on its dossiers) nor its own clean changes.
      .where('pc.device_id', '<>', deviceId)
      .where((eb) => eb.or([eb('pc.echo_of', 'is', null), eb('pc.echo_of', '<>', deviceId)]));
    // The first copy leaves out closed dossiers (the device's own are its own: never left out).
    if (options.open) feedQuery = feedQuery.where((eb) => eb.or([eb('d.status', 'not in', CLOSED_CODES), eb('d.device_id', '=', deviceId)]));
    const feed = await feedQuery.orderBy('d.agency_seq').limit(limit + 1).execute();
    const address = agencyAddress(agencyCode);
    const items: ProvinceChange[] = [
      ...own.map((r) => ({ ...(JSON.parse(r.change) as Omit<ProvinceChange, 'seq'>), seq: Number(r.seq) })),
      ...feed.map((r): ProvinceChange => {
        const record = JSON.parse(r.record) as HoSo;
        const event = JSON.parse(r.change) as Partial<PeerEvent> & Partial<Omit<ProvinceChange, 'kind'>> & { kind?: string };
        const isPeer = event.kind === 'peer';
        return {
          seq: Number(r.agency_seq),
          dossierId: r.id,
          MaHoSo: record.MaHoSo,
          kind: 'peer',
          TrangThai: record.TrangThaiHoSo,
          NgayHenTra: record.NgayHenTra,
          NoiDungXuLy: isPeer ? '' : (event.NoiDungXuLy ?? ''),
          NguoiXuLy: isPeer ? '' : (event.NguoiXuLy ?? ''),
          ChucDanh: isPeer ? '' : (event.ChucDanh ?? ''),
          PhongBanXuLy: isPeer ? (event.byDesk ? `Quầy ${event.byDesk}` : '') : (event.PhongBanXuLy ?? ''),
          ThoiDiemXuLy: event.ThoiDiemXuLy ?? toVnStamp(Number(r.updated_at)),
          after: decisionSnapshot(record),
          HoSo: record,
          peer: {
            deskRev: Number(r.desk_rev),
            owner: r.device_id === deviceId ? 'you' : r.device_id === address ? 'agency' : 'desk',
            ownerDeskNo: r.device_id === address ? null : (r.desk_no ?? null),
            byDesk: isPeer ? (event.byDesk ?? null) : null,
            changeId: isPeer ? (event.changeId ?? null) : null,
            fromStatus: isPeer ? (event.fromStatus ?? null) : null,
          },
        };
      }),
    ];
    // The device's own rows before the feed's at the same seq (a province decision, then the dossier after it).
    items.sort((a, b) => a.seq - b.seq || (a.kind === 'peer' ? 1 : 0) - (b.kind === 'peer' ? 1 : 0));
    let end = Math.min(limit, items.length);
    while (end < items.length && end > 0 && items[end].seq === items[end - 1].seq) end++;
    const page = items.slice(0, end);
    // Either list may hold more beyond what it returned: the page ends at the lower of their last seqs.
    const ownMore = own.length > limit;
    const feedMore = feed.length > limit;
    let cut = page.length;
    const bound = Math.min(ownMore ? Number(own[limit - 1].seq) : Infinity, feedMore ? Number(feed[limit - 1].agency_seq) : Infinity);
    while (cut > 0 && page[cut - 1].seq > bound) cut--;
    const changes = page.slice(0, cut);
    return { changes, nextCursor: changes.length ? changes[changes.length - 1].seq : cursor, hasMore: ownMore || feedMore || items.length > changes.length };
  }

  /** The province's own changes as stored, for checks and diagnostics (every one of a device, or of a dossier). */
  provinceChangeRows(filter: { deviceId?: string; dossierId?: string; /** also the agency feed's desk changes and conflict notices */ peer?: boolean } = {}) {
    let q = this.k.selectFrom('province_changes').select(['seq', 'dossier_id as dossierId', 'device_id as deviceId', 'change']);
    if (!filter.peer) q = q.where('peer', '=', 0);
    if (filter.deviceId) q = q.where('device_id', '=', filter.deviceId);
    if (filter.dossierId) q = q.where('dossier_id', '=', filter.dossierId);
    return q.orderBy('seq').execute();
  }

  /** The idempotency records of one dossier, for diagnostics. */
  appliedChangeRows(dossierId: string) {
    return this.k.selectFrom('applied_changes').select(['change_id as changeId', 'result', 'answer']).where('dossier_id', '=', dossierId).execute();
  }

  // The processing department (admin command line) ------------------------------------------------------

  /** A dossier by its agency and code: a code is unique within its agency only, never across agencies. */
  findDossier(ref: DossierRef, tx: Tx = this.k) {
    return tx.selectFrom('dossiers').selectAll().where('agency_code', '=', ref.agencyCode).where('code', '=', ref.code).executeTakeFirst();
  }

  /** Runs a province decision on one dossier under its agency's lock, reading it inside. */
  private async decide(ref: DossierRef, fn: (tx: Tx, row: DossierRow) => Promise<ProvinceChange>): Promise<ProvinceChange> {
    if (!ref.agencyCode || !ref.code) throw new ProvinceError('bad_request', 'Cần cả mã đơn vị và mã hồ sơ.');
    const result = await this.db.write(async (tx) => {
      const row = await this.findDossier(ref, tx);
      if (!row) throw new ProvinceError('not_found', `Đơn vị ${ref.agencyCode} không có hồ sơ mã ${ref.code}.`);
      return fn(tx, row);
    }, [`agency:${ref.agencyCode}`]);
    await this.markWritten();
    return result;
  }

  private async insertProvinceChange(tx: Tx, row: DossierRow, change: Omit<ProvinceChange, 'seq'>, now: number): Promise<number> {
    const r = await tx.insertInto('province_changes').values({ dossier_id: row.id, device_id: row.device_id, change: JSON.stringify(change), created_at: now }).returning('seq').executeTakeFirstOrThrow();
    return Number(r.seq);
  }

  /** A processing decision: the dossier's status at the province moves, and a change waits for the desk's pull. */
  setStatus(ref: DossierRef, status: DossierStatus, by: { note?: string; person?: string; title?: string; department?: string } = {}): Promise<ProvinceChange> {
    const now = this.now();
    return this.decide(ref, async (tx, row) => {
      const stamp = toVnStamp(now);
      const who = { NoiDungXuLy: by.note ?? '', NguoiXuLy: by.person ?? '', PhongBanXuLy: by.department ?? 'Cơ quan giải quyết' };
      // The fields that follow the status, by the rule the desk applies too (a repeated status changes nothing).
      const record = provinceDecision(JSON.parse(row.record) as HoSo, status, toSecond(now), await this.calendar(row.agency_code, tx), who);
      const change: Omit<ProvinceChange, 'seq'> = {
        dossierId: row.id,
        MaHoSo: row.code,
        kind: 'status',
        TrangThai: DVCQG_STATUS_CODE[status],
        NgayHenTra: null,
        NoiDungXuLy: by.note ?? '',
        NguoiXuLy: by.person ?? '',
        ChucDanh: by.title ?? '',
        PhongBanXuLy: by.department ?? 'Cơ quan giải quyết',
        ThoiDiemXuLy: stamp,
        after: decisionSnapshot(record),
      };
      const seq = await this.insertProvinceChange(tx, row, change, now);
      await tx.updateTable('dossiers').set({ status: record.TrangThaiHoSo, record: JSON.stringify(record), province_seq: seq, province_status_seq: seq, agency_seq: seq, status_by: PROVINCE_MOVER, status_by_desk: null, updated_at: now }).where('id', '=', row.id).execute();
      return { ...change, seq };
    });
  }

  /** A corrected appointment (e.g. an extension with an apology letter, form 04). */
  setAppointment(ref: DossierRef, at: number, by: { note?: string; person?: string; department?: string } = {}): Promise<ProvinceChange> {
    const now = this.now();
    return this.decide(ref, async (tx, row) => {
      const record = JSON.parse(row.record) as HoSo;
      record.NgayHenTra = toVnStamp(at);
      const change: Omit<ProvinceChange, 'seq'> = {
        dossierId: row.id,
        MaHoSo: row.code,
        kind: 'appointment',
        TrangThai: null,
        NgayHenTra: record.NgayHenTra,
        NoiDungXuLy: by.note ?? '',
        NguoiXuLy: by.person ?? '',
        ChucDanh: '',
        PhongBanXuLy: by.department ?? 'Cơ quan giải quyết',
        ThoiDiemXuLy: toVnStamp(now),
        after: decisionSnapshot(record),
      };
      const seq = await this.insertProvinceChange(tx, row, change, now);
      await tx.updateTable('dossiers').set({ record: JSON.stringify(record), province_seq: seq, agency_seq: seq, updated_at: now }).where('id', '=', row.id).execute();
      return { ...change, seq };
    });
  }

  async listDossiers(filter: { agencyCode?: string; status?: number } = {}): Promise<{ id: string; agencyCode: string; deviceId: string; deskRev: number; record: HoSo }[]> {
    let q = this.k.selectFrom('dossiers').selectAll();
    if (filter.agencyCode) q = q.where('agency_code', '=', filter.agencyCode);
    if (filter.status != null) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('code').execute();
    return rows.map((r) => ({ id: r.id, agencyCode: r.agency_code, deviceId: r.device_id, deskRev: r.desk_rev, record: JSON.parse(r.record) as HoSo }));
  }

  async stats() {
    const r = await sql<Record<string, number | string>>`
      SELECT (SELECT COUNT(*) FROM dossiers) AS dossiers,
             (SELECT COUNT(*) FROM applied_changes) AS changes,
             (SELECT COALESCE(SUM(replays), 0) FROM applied_changes) AS replays,
             (SELECT COUNT(*) FROM applied_changes WHERE result = 'accepted') AS accepted,
             (SELECT COUNT(*) FROM applied_changes WHERE result = 'rejected') AS rejected,
             (SELECT COUNT(*) FROM applied_changes WHERE result = 'conflict') AS conflicts,
             (SELECT COUNT(*) FROM province_changes) AS "provinceChanges"`.execute(this.k);
    const row = r.rows[0];
    const n = (key: string) => Number(row[key]);
    return { dossiers: n('dossiers'), changes: n('changes'), replays: n('replays'), accepted: n('accepted'), rejected: n('rejected'), conflicts: n('conflicts'), provinceChanges: n('provinceChanges') };
  }
}

/** "processed", "9" or "Đã xử lý xong" → the status. */
export function parseStatus(value: string): DossierStatus | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return statusFromCode(Number(v));
  const byName = (Object.keys(STATUS_LABEL_VI) as DossierStatus[]).find((s) => s === v || STATUS_LABEL_VI[s].toLowerCase() === v.toLowerCase());
  return byName ?? null;
}

export { fromVnStamp };
