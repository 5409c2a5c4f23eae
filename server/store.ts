// The province's records and the operations on them, shared by the HTTP server and the admin command line.
import { createHash, randomBytes, randomInt } from 'node:crypto';
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
import { decideDeskChange, provinceDecision, type ProvinceDossier } from '../shared/sync/ownership';
import { decisionSnapshot, hoSoDigest, statusFromCode } from '../shared/sync/mapping';
import { fromVnStamp, toSecond, toVnStamp } from '../shared/sync/time';
import type { CalendarConfig } from '../shared/calendar/types';
import { makeDurable, openServerDb, storeIdentity, writeStoreMark, type Db, type StoreIdentity } from './db';
import { summariseIssues } from '../shared/validation/issues';

/** The device_id of dossiers and province changes addressed to every desk of an agency (online dossiers). */
export const agencyAddress = (agencyCode: string) => `agency:${agencyCode}`;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newEnrolmentCode(): string {
  const part = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${part()}-${part()}-${part()}`;
}

export interface Device {
  id: string;
  agencyCode: string;
  deskNo: number;
  tokenExpiresAt: number;
}

export class ProvinceError extends Error {
  constructor(
    readonly code: 'enrolment_code_invalid' | 'not_found' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

interface DossierRow {
  id: string;
  agency_code: string;
  device_id: string;
  code: string;
  status: number;
  desk_rev: number;
  province_seq: number;
  province_status_seq: number;
  record: string;
}

function toProvinceDossier(r: DossierRow): ProvinceDossier {
  return {
    dossierId: r.id,
    agencyCode: r.agency_code,
    deviceId: r.device_id,
    deskRev: r.desk_rev,
    provinceSeq: r.province_seq,
    provinceStatusSeq: r.province_status_seq,
    record: JSON.parse(r.record) as HoSo,
  };
}

/** Summarises zod issues by path only: the values (personal data) never go into a reason or a log. */
export interface ProvinceOptions {
  /** How long a device credential lasts. */
  credentialTtlMs?: number;
  now?: () => number;
}

export class Province {
  readonly db: Db;
  private readonly now: () => number;
  private readonly credentialTtlMs: number;

  private readonly dataDir: string | null;

  constructor(dbOrDir: Db | string, options: ProvinceOptions = {}) {
    this.db = typeof dbOrDir === 'string' ? openServerDb(dbOrDir) : dbOrDir;
    this.dataDir = typeof dbOrDir === 'string' ? dbOrDir : null;
    this.now = options.now ?? Date.now;
    this.credentialTtlMs = options.credentialTtlMs ?? 90 * 24 * 3600_000;
    this.stmts = this.prepareStatements();
    // Each change commits on its own with its idempotency record: a crash mid-batch keeps what was done.
    const tx = this.db.transaction((device: Device, raw: { changeId: string } & Record<string, unknown>) => this.applyChangeNow(device, raw));
    this.applyChange = (device, raw) => tx.immediate(device, raw);
  }

  close() {
    this.db.close();
  }

  /** The store's identity, sent with every answer a desk bases its state on. */
  identity(): StoreIdentity {
    return storeIdentity(this.db);
  }

  /** Before answering: what was committed is made durable, and the mark beside the database moves (see checkStoreIdentity). */
  markWritten(): void {
    makeDurable(this.db);
    if (this.dataDir) writeStoreMark(this.db, this.dataDir);
  }

  /** The agency's working calendar as published (the desks apply the same one). */
  calendar(agencyCode: string): CalendarConfig {
    const row = this.db.prepare("SELECT payload FROM reference_data WHERE agency_code = ? AND kind = 'calendar'").get(agencyCode) as { payload: string } | undefined;
    const { overrides: _, ...base } = DEFAULT_CALENDAR_CONFIG;
    if (!row) return { ...base, overrides: [] };
    const data = JSON.parse(row.payload) as CalendarData;
    return { ...base, ...data.base, overrides: data.overrides };
  }

  /** What the province holds of one device's dossiers, by id, paged: the desk compares after an epoch change. */
  holdings(deviceId: string, after: string, limit: number) {
    const rows = this.db.prepare('SELECT id, desk_rev, province_seq, record FROM dossiers WHERE device_id = ? AND id > ? ORDER BY id LIMIT ?').all(deviceId, after, limit + 1) as { id: string; desk_rev: number; province_seq: number; record: string }[];
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ dossierId: r.id, deskRev: r.desk_rev, provinceSeq: r.province_seq, digest: hoSoDigest(JSON.parse(r.record) as HoSo) })),
      hasMore: rows.length > limit,
    };
  }

  // Agencies and reference data -------------------------------------------------------------------------

  createAgency(office: OfficeData['office'], desksInAgency: number, codePattern = DEFAULT_CODE_PATTERN): void {
    const now = this.now();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO agencies (code, desks_in_agency, created_at) VALUES (?, ?, ?) ON CONFLICT(code) DO UPDATE SET desks_in_agency = excluded.desks_in_agency').run(office.agencyCode, desksInAgency, now);
      this.publish(office.agencyCode, 'office', { office, desksInAgency, codePattern });
      if (!this.referenceVersion(office.agencyCode, 'catalog')) this.publish(office.agencyCode, 'catalog', { procedures: SEED_CATALOG });
      if (!this.referenceVersion(office.agencyCode, 'calendar')) {
        const { overrides: _, ...base } = DEFAULT_CALENDAR_CONFIG;
        this.publish(office.agencyCode, 'calendar', { base, overrides: [] });
      }
    })();
  }

  private referenceVersion(agencyCode: string, kind: string): number {
    const row = this.db.prepare('SELECT version FROM reference_data WHERE agency_code = ? AND kind = ?').get(agencyCode, kind) as { version: number } | undefined;
    return row?.version ?? 0;
  }

  /** Publishes a new version of one kind of reference data; the payload is checked with the contract. */
  publish(agencyCode: string, kind: 'catalog' | 'calendar' | 'office', payload: Record<string, unknown>): number {
    const version = this.referenceVersion(agencyCode, kind) + 1;
    const schema = { catalog: catalogDataSchema, calendar: calendarDataSchema, office: officeDataSchema }[kind];
    const parsed = schema.safeParse({ ...payload, version });
    if (!parsed.success) throw new ProvinceError('bad_request', `Dữ liệu ${kind} không hợp lệ: ${summariseIssues(parsed.error.issues)}`);
    if (kind === 'office') {
      const data = parsed.data as OfficeData;
      if (data.office.agencyCode !== agencyCode) throw new ProvinceError('bad_request', 'Mã đơn vị trong dữ liệu cơ quan khác mã đơn vị.');
      this.db.prepare('UPDATE agencies SET desks_in_agency = ? WHERE code = ?').run(data.desksInAgency, agencyCode);
    }
    this.db
      .prepare('INSERT INTO reference_data (agency_code, kind, version, payload, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(agency_code, kind) DO UPDATE SET version = excluded.version, payload = excluded.payload, updated_at = excluded.updated_at')
      .run(agencyCode, kind, version, JSON.stringify(parsed.data), this.now());
    return version;
  }

  reference(agencyCode: string, have: { catalog: number; calendar: number; office: number }) {
    const rows = this.db.prepare('SELECT kind, version, payload FROM reference_data WHERE agency_code = ?').all(agencyCode) as { kind: string; version: number; payload: string }[];
    const get = <T>(kind: 'catalog' | 'calendar' | 'office'): T | null => {
      const row = rows.find((r) => r.kind === kind);
      return row && row.version !== have[kind] ? (JSON.parse(row.payload) as T) : null;
    };
    return { catalog: get<CatalogData>('catalog'), calendar: get<CalendarData>('calendar'), office: get<OfficeData>('office') };
  }

  // Enrolment and devices --------------------------------------------------------------------------------

  issueEnrolmentCode(agencyCode: string, deskNo: number, ttlMs = 72 * 3600_000): string {
    const agency = this.db.prepare('SELECT desks_in_agency FROM agencies WHERE code = ?').get(agencyCode) as { desks_in_agency: number } | undefined;
    if (!agency) throw new ProvinceError('not_found', `Chưa có đơn vị ${agencyCode}. Tạo đơn vị trước (create-agency).`);
    if (!Number.isInteger(deskNo) || deskNo < 1 || deskNo > agency.desks_in_agency) {
      throw new ProvinceError('bad_request', `Số quầy phải từ 1 đến ${agency.desks_in_agency}.`);
    }
    const code = newEnrolmentCode();
    const now = this.now();
    this.db.prepare('INSERT INTO enrolment_codes (code_hash, agency_code, desk_no, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(sha256(code), agencyCode, deskNo, now, now + ttlMs);
    return code;
  }

  /** Uses a one-time code: the device (new, or the same one re-enrolling) gets a fresh credential. */
  enrol(code: string, deviceId: string, deviceName: string) {
    const now = this.now();
    const result = this.db.transaction(() => {
      const row = this.db.prepare('SELECT agency_code, desk_no, expires_at, used_at, device_id FROM enrolment_codes WHERE code_hash = ?').get(sha256(code)) as
        | { agency_code: string; desk_no: number; expires_at: number; used_at: number | null; device_id: string | null }
        | undefined;
      // The same device retrying with its code (its first answer was lost) is enrolled again, not refused.
      const retry = row != null && row.used_at != null && row.device_id === deviceId;
      if (!row || (row.used_at != null && !retry) || row.expires_at < now) {
        throw new ProvinceError('enrolment_code_invalid', 'Mã đăng ký không đúng, đã được dùng hoặc đã hết hạn. Hãy xin cơ quan cấp tỉnh cấp mã mới.');
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now + this.credentialTtlMs;
      this.db.prepare('UPDATE enrolment_codes SET used_at = COALESCE(used_at, ?), device_id = ? WHERE code_hash = ?').run(now, deviceId, sha256(code));
      this.db
        .prepare(
          `INSERT INTO devices (id, agency_code, desk_no, name, token_hash, token_expires_at, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET agency_code = excluded.agency_code, desk_no = excluded.desk_no, name = excluded.name,
             token_hash = excluded.token_hash, token_expires_at = excluded.token_expires_at, enrolled_at = excluded.enrolled_at`,
        )
        .run(deviceId, row.agency_code, row.desk_no, deviceName, sha256(token), expiresAt, now);
      const agency = this.db.prepare('SELECT desks_in_agency FROM agencies WHERE code = ?').get(row.agency_code) as { desks_in_agency: number };
      return { deviceId, token, expiresAt, agencyCode: row.agency_code, deskNo: row.desk_no, desksInAgency: agency.desks_in_agency };
    }).immediate();
    this.markWritten();
    return result;
  }

  /** The device a bearer token belongs to, and whether its credential has expired. */
  authenticate(token: string): { device: Device; expired: boolean } | null {
    const row = this.db.prepare('SELECT id, agency_code, desk_no, token_expires_at FROM devices WHERE token_hash = ?').get(sha256(token)) as
      | { id: string; agency_code: string; desk_no: number; token_expires_at: number }
      | undefined;
    if (!row) return null;
    const device = { id: row.id, agencyCode: row.agency_code, deskNo: row.desk_no, tokenExpiresAt: row.token_expires_at };
    return { device, expired: row.token_expires_at <= this.now() };
  }

  expireCredentials(filter: { deviceId?: string; agencyCode?: string }): number {
    const at = this.now() - 1;
    if (filter.deviceId) return this.db.prepare('UPDATE devices SET token_expires_at = ? WHERE id = ?').run(at, filter.deviceId).changes;
    if (filter.agencyCode) return this.db.prepare('UPDATE devices SET token_expires_at = ? WHERE agency_code = ?').run(at, filter.agencyCode).changes;
    return this.db.prepare('UPDATE devices SET token_expires_at = ?').run(at).changes;
  }

  listDevices() {
    return this.db.prepare('SELECT id, agency_code AS agencyCode, desk_no AS deskNo, name, token_expires_at AS tokenExpiresAt, enrolled_at AS enrolledAt FROM devices ORDER BY agency_code, desk_no').all();
  }

  // Push: one desk change at a time, each in its own transaction with its idempotency record ----------

  private readonly stmts: ReturnType<Province['prepareStatements']>;
  readonly applyChange: (device: Device, raw: { changeId: string } & Record<string, unknown>) => { answer: PushResult; replay: boolean };

  private prepareStatements() {
    const db = this.db;
    return {
      applied: db.prepare('SELECT device_id, answer FROM applied_changes WHERE change_id = ?'),
      replay: db.prepare('UPDATE applied_changes SET replays = replays + 1 WHERE change_id = ?'),
      record: db.prepare('INSERT INTO applied_changes (change_id, device_id, dossier_id, result, answer, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      dossier: db.prepare('SELECT * FROM dossiers WHERE id = ?'),
      byCode: db.prepare('SELECT id FROM dossiers WHERE agency_code = ? AND code = ?'),
      insert: db.prepare(
        'INSERT INTO dossiers (id, agency_code, device_id, code, status, desk_rev, province_seq, province_status_seq, record, created_at, updated_at) VALUES (@id, @agency_code, @device_id, @code, @status, @desk_rev, 0, 0, @record, @now, @now)',
      ),
      update: db.prepare('UPDATE dossiers SET code = @code, status = @status, desk_rev = @desk_rev, record = @record, updated_at = @now WHERE id = @id'),
      claim: db.prepare('UPDATE dossiers SET device_id = ? WHERE id = ?'),
    };
  }

  /** Applies one raw push item for a device and returns its answer; a replayed changeId returns the first answer. */
  private applyChangeNow(device: Device, raw: { changeId: string } & Record<string, unknown>): { answer: PushResult; replay: boolean } {
    const s = this.stmts;
    const prior = s.applied.get(raw.changeId) as { device_id: string; answer: string } | undefined;
    if (prior) {
      if (prior.device_id !== device.id) {
        return { answer: { changeId: raw.changeId, result: 'rejected', reason: 'Mã thay đổi (changeId) đã được một thiết bị khác dùng.' }, replay: false };
      }
      s.replay.run(raw.changeId);
      return { answer: JSON.parse(prior.answer) as PushResult, replay: true };
    }
    const now = this.now();
    const parsed = pushItemSchema.safeParse(raw);
    let answer: PushResult;
    let dossierId: string | null = null;
    if (!parsed.success) {
      answer = { changeId: raw.changeId, result: 'rejected', reason: `Dữ liệu không hợp lệ: ${summariseIssues(parsed.error.issues)}` };
    } else {
      const item = parsed.data;
      dossierId = item.dossierId;
      const row = s.dossier.get(item.dossierId) as DossierRow | undefined;
      const holder = s.byCode.get(device.agencyCode, item.HoSo.MaHoSo) as { id: string } | undefined;
      const decision = decideDeskChange(row ? toProvinceDossier(row) : null, item, holder?.id ?? null, { deviceId: device.id, agencyCode: device.agencyCode });
      if (decision.result === 'accepted') {
        const w = decision.write;
        if (w) {
          const params = { id: w.dossierId, agency_code: w.agencyCode, device_id: w.deviceId, code: w.record.MaHoSo, status: w.record.TrangThaiHoSo, desk_rev: w.deskRev, record: JSON.stringify(w.record), now };
          if (row) s.update.run(params);
          else s.insert.run(params);
          // An online dossier belongs to the agency until a desk works on it: that desk takes it over.
          if (row && row.device_id === agencyAddress(device.agencyCode)) s.claim.run(device.id, row.id);
        }
        answer = { changeId: item.changeId, result: 'accepted' };
      } else if (decision.result === 'rejected') {
        answer = { changeId: item.changeId, result: 'rejected', reason: decision.reason };
      } else {
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
    s.record.run(raw.changeId, device.id, dossierId, answer.result, JSON.stringify(answer), now);
    return { answer, replay: false };
  }

  // Pull ---------------------------------------------------------------------------------------------

  /** The device's own changes and those for every desk of its agency (online dossiers: agencyAddress). */
  provinceChanges(deviceId: string, cursor: number, limit: number, agencyCode = ''): { changes: ProvinceChange[]; nextCursor: number; hasMore: boolean } {
    const rows = this.db.prepare('SELECT seq, change FROM province_changes WHERE device_id IN (?, ?) AND seq > ? ORDER BY seq LIMIT ?').all(deviceId, agencyAddress(agencyCode), cursor, limit + 1) as { seq: number; change: string }[];
    const page = rows.slice(0, limit);
    const changes = page.map((r) => ({ ...(JSON.parse(r.change) as Omit<ProvinceChange, 'seq'>), seq: r.seq }));
    return { changes, nextCursor: page.length ? page[page.length - 1].seq : cursor, hasMore: rows.length > limit };
  }

  // The processing department (admin command line) ------------------------------------------------------

  findDossierByCode(code: string): DossierRow | undefined {
    return this.db.prepare('SELECT * FROM dossiers WHERE code = ?').get(code) as DossierRow | undefined;
  }

  /** A processing decision: the dossier's status at the province moves, and a change waits for the desk's pull. */
  setStatus(code: string, status: DossierStatus, by: { note?: string; person?: string; title?: string; department?: string } = {}): ProvinceChange {
    const now = this.now();
    const result = this.db.transaction(() => {
      const row = this.findDossierByCode(code);
      if (!row) throw new ProvinceError('not_found', `Không có hồ sơ mã ${code}.`);
      const stamp = toVnStamp(now);
      const who = { NoiDungXuLy: by.note ?? '', NguoiXuLy: by.person ?? '', PhongBanXuLy: by.department ?? 'Cơ quan giải quyết' };
      // The fields that follow the status, by the rule the desk applies too (a repeated status changes nothing).
      const record = provinceDecision(JSON.parse(row.record) as HoSo, status, toSecond(now), this.calendar(row.agency_code), who);
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
      const seq = Number(this.db.prepare('INSERT INTO province_changes (dossier_id, device_id, change, created_at) VALUES (?, ?, ?, ?)').run(row.id, row.device_id, JSON.stringify(change), now).lastInsertRowid);
      this.db.prepare('UPDATE dossiers SET status = ?, record = ?, province_seq = ?, province_status_seq = ?, updated_at = ? WHERE id = ?').run(record.TrangThaiHoSo, JSON.stringify(record), seq, seq, now, row.id);
      return { ...change, seq };
    }).immediate();
    this.markWritten();
    return result;
  }

  /** A corrected appointment (e.g. an extension with an apology letter, form 04). */
  setAppointment(code: string, at: number, by: { note?: string; person?: string; department?: string } = {}): ProvinceChange {
    const now = this.now();
    const result = this.db.transaction(() => {
      const row = this.findDossierByCode(code);
      if (!row) throw new ProvinceError('not_found', `Không có hồ sơ mã ${code}.`);
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
      const seq = Number(this.db.prepare('INSERT INTO province_changes (dossier_id, device_id, change, created_at) VALUES (?, ?, ?, ?)').run(row.id, row.device_id, JSON.stringify(change), now).lastInsertRowid);
      this.db.prepare('UPDATE dossiers SET record = ?, province_seq = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(record), seq, now, row.id);
      return { ...change, seq };
    }).immediate();
    this.markWritten();
    return result;
  }

  listDossiers(filter: { agencyCode?: string; status?: number } = {}): { id: string; agencyCode: string; deviceId: string; deskRev: number; record: HoSo }[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.agencyCode) {
      where.push('agency_code = ?');
      args.push(filter.agencyCode);
    }
    if (filter.status != null) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const rows = this.db.prepare(`SELECT * FROM dossiers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code`).all(...args) as DossierRow[];
    return rows.map((r) => ({ id: r.id, agencyCode: r.agency_code, deviceId: r.device_id, deskRev: r.desk_rev, record: JSON.parse(r.record) as HoSo }));
  }

  stats() {
    const one = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      dossiers: one('SELECT COUNT(*) AS n FROM dossiers'),
      changes: one('SELECT COUNT(*) AS n FROM applied_changes'),
      replays: one('SELECT COALESCE(SUM(replays), 0) AS n FROM applied_changes'),
      accepted: one("SELECT COUNT(*) AS n FROM applied_changes WHERE result = 'accepted'"),
      rejected: one("SELECT COUNT(*) AS n FROM applied_changes WHERE result = 'rejected'"),
      conflicts: one("SELECT COUNT(*) AS n FROM applied_changes WHERE result = 'conflict'"),
      provinceChanges: one('SELECT COUNT(*) AS n FROM province_changes'),
    };
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
