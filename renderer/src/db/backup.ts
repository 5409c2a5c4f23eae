// Encrypted backups of the whole desk, and their restore (shared/backup/format.ts has the file layout).
//
// Backup: one read-only transaction takes a consistent snapshot of every table; then, outside any
// transaction, the rows are cut into frames of BACKUP_ROWS_PER_FRAME, each encrypted with AES-GCM under a
// key derived from the passphrase (PBKDF2-SHA-256), and handed to a sink frame by frame (a download, or
// Electron's backup folder), so no single giant string is ever built.
//
// Restore: the whole file is decrypted and checked first (passphrase, every frame's tag, order, the
// closing manifest's counts), still outside any transaction; only then one transaction replaces every
// table at once. A wrong passphrase, a damaged or a truncated file is refused and the desk is untouched.
import { BACKUP_AUTO_EVERY_MS, BACKUP_BLOB_FIELDS, BACKUP_BLOB_PART_BYTES, BACKUP_FORMAT, BACKUP_KDF_ITERATIONS, BACKUP_MAGIC, BACKUP_MAX_FRAME_BYTES, BACKUP_MESSAGES, BACKUP_MIN_PASSPHRASE, BACKUP_ROWS_PER_FRAME, BackupError, RESTORE_SEQUENCE_GAP, backupFileName, backupFrameSchema, backupHeaderSchema, type BackupFrame, type BackupHeader } from '@shared/backup/format';
import { counterKey } from '@shared/domain/reception';
import { deskSequenceRange, parseCodePattern } from '@shared/codes/dossierCode';
import { DEFAULT_CODE_PATTERN } from '@shared/codes/dossierCode';
import type { DeskSettings, OfficeSettings } from '@shared/domain/settings';
import type { CounterRow, DeskDb, SettingRow } from './db';
import { auditEvent } from './records';
import { FACTS_TABLE } from './facts';
import { PermissionError, getSession, requirePermission, setSession } from './session';

/** Where a backup's bytes go, frame by frame. */
export interface BackupSink {
  write(bytes: Uint8Array): Promise<void>;
  /** After the last frame: the file is complete (a sink that writes a folder renames it into place). */
  close?(): Promise<void>;
}

/** The host's backup door (shared/host/contract.ts: backupWrite). */
export interface BackupWriter {
  backupWrite(r: { name: string; part: Uint8Array; first: boolean; last: boolean; keep: number }): Promise<{ ok: true; location: string }>;
}

/**
 * A sink through the host: Electron's chosen folder (kept to the newest `keep`) or a browser download.
 * Frames are gathered into pieces of about 4 MB per call; the last piece goes with `last`.
 */
export function hostSink(host: BackupWriter, name: string, keep: number): BackupSink & { location: string | null } {
  const PIECE = 4 * 1024 * 1024;
  let pending: Uint8Array[] = [];
  let size = 0;
  let first = true;
  const sink = {
    location: null as string | null,
    async flush(last: boolean) {
      const part = new Uint8Array(size);
      let o = 0;
      for (const p of pending) {
        part.set(p, o);
        o += p.length;
      }
      pending = [];
      size = 0;
      const r = await host.backupWrite({ name, part, first, last, keep });
      first = false;
      sink.location = r.location;
    },
    async write(b: Uint8Array) {
      if (size + b.length > PIECE && size > 0) await sink.flush(false);
      pending.push(b);
      size += b.length;
    },
    async close() {
      await sink.flush(true);
    },
  };
  return sink;
}

/** The host's secret storage, for the device credential (so a restored desk syncs without re-enrolling). */
export interface BackupSecrets {
  secretGet(r: { key: string }): Promise<{ value: string | null }>;
  secretSet(r: { key: string; value: string }): Promise<{ ok: true }>;
}
/** Secrets that travel with the backup (encrypted like the rows). */
const BACKED_UP_SECRETS = ['sync.credential'];

export interface LastBackup {
  at: number;
  name: string;
  bytes: number;
  auto: boolean;
  actor: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const b64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
/** base64 of megabytes: the characters made 32 KB at a time (one per byte would take seconds). */
const b64Large = (bytes: Uint8Array) => {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
};
const u32 = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
};

interface Keys {
  key: CryptoKey;
  check: string;
}

async function deriveKeys(passphrase: string, salt: Uint8Array, iterations: number): Promise<Keys> {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, base, 512));
  const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const check = b64(new Uint8Array(await crypto.subtle.digest('SHA-256', bits.slice(32))));
  return { key, check };
}

/** The frame's additional data: the header's bytes, its index and whether it is the last one. */
function frameAad(header: Uint8Array, index: number, final: boolean): Uint8Array {
  const aad = new Uint8Array(header.length + 8);
  aad.set(header);
  const v = new DataView(aad.buffer);
  v.setUint32(header.length, index);
  v.setUint32(header.length + 4, final ? 1 : 0);
  return aad;
}

export interface BackupOptions {
  now?: number;
  secrets?: BackupSecrets;
  /** The automatic daily backup, enabled by an administrator: runs whoever is at the desk. */
  scheduled?: boolean;
  /** KDF rounds (tests use fewer; the file records them). */
  iterations?: number;
}

export interface BackupResult {
  name: string;
  bytes: number;
  counts: Record<string, number>;
}

/** Writes an encrypted backup of the whole desk to `sink`. Administrator only (or the scheduled run). */
export async function createBackup(db: DeskDb, passphrase: string, sink: BackupSink, opts: BackupOptions = {}): Promise<BackupResult> {
  const now = opts.now ?? Date.now();
  if (opts.scheduled && !(await readBackupSchedule(db))?.enabled) throw new BackupError('Sao lưu tự động chưa được quản trị viên bật.');
  const who = opts.scheduled ? { actor: 'Sao lưu tự động', actorId: null } : requirePermission(db, 'backup');
  if (passphrase.length < BACKUP_MIN_PASSPHRASE) throw new BackupError(BACKUP_MESSAGES.shortPassphrase);
  // A consistent snapshot: every table read in one read-only transaction (no crypto inside it), page by
  // page, each page turned into its frame's plaintext at once, so the rows themselves do not pile up.
  const counts: Record<string, number> = {};
  let settingsRows: SettingRow[] = [];
  // Blobs (the scans) are taken as handles in the snapshot and read piece by piece after it.
  const blobs: { table: string; id: string; blob: Blob }[] = [];
  const plain = await db.transaction('r', db.tables, async () => {
    const out: Uint8Array[] = [];
    for (const t of db.tables) {
      const keyPath = t.schema.primKey.keyPath as string;
      counts[t.name] = 0;
      let last: unknown = undefined;
      for (;;) {
        const page: Record<string, unknown>[] = await (last === undefined ? t.orderBy(':id') : t.where(':id').above(last)).limit(BACKUP_ROWS_PER_FRAME).toArray();
        if (!page.length) break;
        if (t.name === 'settings') settingsRows = settingsRows.concat(page as unknown as SettingRow[]);
        counts[t.name] += page.length;
        const field = BACKUP_BLOB_FIELDS[t.name];
        const rows = !field
          ? page
          : page.map((r) => {
              const blob = r[field] as Blob;
              blobs.push({ table: t.name, id: String(r[keyPath]), blob });
              return { ...r, [field]: { $blob: blob.size } };
            });
        out.push(enc.encode(`{"t":"rows","table":${JSON.stringify(t.name)},"rows":${JSON.stringify(rows)}}`));
        last = page[page.length - 1][keyPath];
        if (page.length < BACKUP_ROWS_PER_FRAME) break;
      }
    }
    return out;
  });
  const secrets: Record<string, string> = {};
  for (const key of BACKED_UP_SECRETS) {
    const v = opts.secrets ? (await opts.secrets.secretGet({ key })).value : null;
    if (v) secrets[key] = v;
  }
  const settings = new Map(settingsRows.map((r) => [r.key, r.value]));
  const office = settings.get('office') as OfficeSettings | undefined;
  const desk = settings.get('desk') as DeskSettings | undefined;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iterations = opts.iterations ?? BACKUP_KDF_ITERATIONS;
  const keys = await deriveKeys(passphrase, salt, iterations);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    app: 'mot-cua-desk',
    createdAt: now,
    schemaVersion: db.verno,
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: b64(salt) },
    keyCheck: keys.check,
    agencyCode: office?.agencyCode ?? '',
    deskNo: desk?.deskNo ?? 0,
  };
  const headerBytes = enc.encode(JSON.stringify(header));
  let bytes = 0;
  const put = async (b: Uint8Array) => {
    bytes += b.length;
    await sink.write(b);
  };
  const head = new Uint8Array(8 + 4 + headerBytes.length);
  head.set(BACKUP_MAGIC);
  head.set(u32(headerBytes.length), 8);
  head.set(headerBytes, 12);
  await put(head);

  let index = 0;
  const frame = async (plainBytes: Uint8Array, final = false) => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: frameAad(headerBytes, index, final) as BufferSource }, keys.key, plainBytes as BufferSource));
    const out = new Uint8Array(4 + 12 + ct.length);
    out.set(u32(12 + ct.length));
    out.set(iv, 4);
    out.set(ct, 16);
    index++;
    await put(out);
  };
  const json = (f: BackupFrame) => enc.encode(JSON.stringify(f));
  for (let i = 0; i < plain.length; i++) {
    await frame(plain[i]);
    plain[i] = new Uint8Array(0); // let each frame's plaintext go once it is written
  }
  for (const { table, id, blob } of blobs) {
    for (let part = 0, at = 0; at < blob.size; part++, at += BACKUP_BLOB_PART_BYTES) {
      const piece = new Uint8Array(await blob.slice(at, at + BACKUP_BLOB_PART_BYTES).arrayBuffer());
      await frame(json({ t: 'blob', table, id, part, data: b64Large(piece) }));
    }
  }
  if (Object.keys(secrets).length) await frame(json({ t: 'secrets', values: secrets }));
  await frame(json({ t: 'end', counts, frames: index + 1 }), true);
  await sink.close?.();

  const name = backupFileName(now);
  const last: LastBackup = { at: now, name, bytes, auto: !!opts.scheduled, actor: who.actor };
  await db.transaction('rw', [db.settings, db.audit], async () => {
    await db.settings.put({ key: 'lastBackup', value: last });
    await db.audit.add(
      auditEvent({ dossierId: null, action: 'backup_created', actor: who.actor, actorId: who.actorId, summary: `${opts.scheduled ? 'Sao lưu tự động' : 'Sao lưu'} toàn bộ dữ liệu của quầy: ${counts.dossiers ?? 0} hồ sơ, ${Math.round(bytes / 1024)} KB (${name})`, at: now, detail: { name, bytes, dossiers: counts.dossiers ?? 0, auto: !!opts.scheduled } }),
    );
  });
  return { name, bytes, counts };
}

/** A sink that keeps the frames as Blob parts (the browser's download; Chromium pages big blobs to disk). */
export function blobSink(): BackupSink & { blob(): Blob } {
  let done = new Blob([]);
  let parts: Uint8Array[] = [];
  let size = 0;
  // Every 16 MB the pieces become part of a Blob (which the browser may keep out of the page's memory).
  const merge = () => {
    done = new Blob([done, ...(parts as BlobPart[])]);
    parts = [];
    size = 0;
  };
  return {
    write: async (b) => {
      parts.push(b);
      size += b.length;
      if (size > 16 * 1024 * 1024) merge();
    },
    blob: () => {
      merge();
      return new Blob([done], { type: 'application/octet-stream' });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Reading and checking a file (nothing written)
// ---------------------------------------------------------------------------------------------------------

/** A file decrypted and checked in full: its frames' plaintext, ready to be written in one go. */
export interface VerifiedBackup {
  header: BackupHeader;
  /** Plaintext JSON of each rows frame ({t, table, rows}), kept as bytes (compact) until the restore's transaction. */
  frames: { table: string; json: Uint8Array; rows: number }[];
  secrets: Record<string, string>;
  /** The Blobs of rows (table → primary key → pieces, each already a Blob), in order. */
  blobs: Map<string, Map<string, Blob[]>>;
  counts: Record<string, number>;
}

async function readBytes(file: Blob, offset: number, length: number): Promise<Uint8Array> {
  if (offset + length > file.size) throw new BackupError(BACKUP_MESSAGES.truncated);
  try {
    return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  } catch {
    throw new BackupError(BACKUP_MESSAGES.unreadable);
  }
}

/** Decrypts and checks a whole backup file. Throws a BackupError saying why it is refused. */
export async function readBackup(file: Blob, passphrase: string, tableNames: string[], schemaVersion: number): Promise<VerifiedBackup> {
  if (file.size < 12) throw new BackupError(file.size === 0 ? BACKUP_MESSAGES.truncated : BACKUP_MESSAGES.notBackup);
  const start = await readBytes(file, 0, 12);
  if (!BACKUP_MAGIC.slice(0, 4).every((b, i) => start[i] === b)) throw new BackupError(BACKUP_MESSAGES.notBackup);
  if (start[4] !== BACKUP_MAGIC[4]) throw new BackupError(BACKUP_MESSAGES.newerFormat);
  const headerLength = new DataView(start.buffer).getUint32(8);
  if (headerLength > 64 * 1024) throw new BackupError(BACKUP_MESSAGES.notBackup);
  const headerBytes = await readBytes(file, 12, headerLength);
  let header: BackupHeader;
  try {
    header = backupHeaderSchema.parse(JSON.parse(dec.decode(headerBytes)));
  } catch {
    throw new BackupError(BACKUP_MESSAGES.notBackup);
  }
  if (header.schemaVersion > schemaVersion) throw new BackupError(BACKUP_MESSAGES.newerSchema(header.schemaVersion, schemaVersion));
  const keys = await deriveKeys(passphrase, unb64(header.kdf.salt), header.kdf.iterations);
  if (keys.check !== header.keyCheck) throw new BackupError(BACKUP_MESSAGES.wrongPassphrase);

  const known = new Set(tableNames);
  const out: VerifiedBackup = { header, frames: [], secrets: {}, counts: {}, blobs: new Map() };
  const seen: Record<string, number> = {};
  let offset = 12 + headerLength;
  for (let index = 0; ; index++) {
    if (offset === file.size) throw new BackupError(BACKUP_MESSAGES.truncated);
    const length = new DataView((await readBytes(file, offset, 4)).buffer).getUint32(0);
    if (length < 12 + 16 || length > BACKUP_MAX_FRAME_BYTES) throw new BackupError(BACKUP_MESSAGES.corrupt(index));
    const body = await readBytes(file, offset + 4, length);
    offset += 4 + length;
    const decrypt = (final: boolean) =>
      crypto.subtle.decrypt({ name: 'AES-GCM', iv: body.slice(0, 12), additionalData: frameAad(headerBytes, index, final) as BufferSource }, keys.key, body.slice(12)).then(
        (b) => new Uint8Array(b),
        () => null,
      );
    // The last frame is authenticated as such: a file cut after any other frame has no valid end.
    let plain = await decrypt(false);
    const final = !plain;
    if (!plain) plain = await decrypt(true);
    if (!plain) throw new BackupError(BACKUP_MESSAGES.corrupt(index));
    let f: BackupFrame;
    try {
      f = backupFrameSchema.parse(JSON.parse(dec.decode(plain)));
    } catch {
      throw new BackupError(BACKUP_MESSAGES.corrupt(index));
    }
    if (final !== (f.t === 'end')) throw new BackupError(BACKUP_MESSAGES.corrupt(index));
    if (f.t === 'rows') {
      if (!known.has(f.table)) throw new BackupError(BACKUP_MESSAGES.unknownTable(f.table));
      seen[f.table] = (seen[f.table] ?? 0) + f.rows.length;
      out.frames.push({ table: f.table, json: plain, rows: f.rows.length });
    } else if (f.t === 'secrets') {
      out.secrets = f.values;
    } else if (f.t === 'blob') {
      if (!BACKUP_BLOB_FIELDS[f.table]) throw new BackupError(BACKUP_MESSAGES.unknownTable(f.table));
      const ofTable = out.blobs.get(f.table) ?? new Map<string, Blob[]>();
      out.blobs.set(f.table, ofTable);
      const pieces = ofTable.get(f.id) ?? [];
      if (f.part !== pieces.length) throw new BackupError(BACKUP_MESSAGES.corrupt(index));
      let bytes: Uint8Array;
      try {
        bytes = unb64(f.data);
      } catch {
        throw new BackupError(BACKUP_MESSAGES.corrupt(index));
      }
      // Each piece becomes a Blob at once, which the browser may keep out of the page's memory.
      pieces.push(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      ofTable.set(f.id, pieces);
    } else {
      if (f.frames !== index + 1) throw new BackupError(BACKUP_MESSAGES.truncated);
      for (const [table, n] of Object.entries(f.counts)) {
        if (!known.has(table)) throw new BackupError(BACKUP_MESSAGES.unknownTable(table));
        if ((seen[table] ?? 0) !== n) throw new BackupError(BACKUP_MESSAGES.countMismatch(table));
      }
      for (const table of Object.keys(seen)) if (!(table in f.counts)) throw new BackupError(BACKUP_MESSAGES.countMismatch(table));
      out.counts = f.counts;
      if (offset !== file.size) throw new BackupError(BACKUP_MESSAGES.trailing);
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------------------------------------

/** What the desk remembers of a restore until it has asked the province what it holds (sync/restore.ts). */
export interface RestoreState {
  restoredAt: number;
  backupCreatedAt: number;
  /** Today's counter key and the sequence numbers skipped on it while the province has not answered. */
  gap: { key: string; from: number; to: number } | null;
  /** Null until the province has been asked (then the time it answered). */
  reconciledAt: number | null;
  takenBack: number;
}

export interface RestoreOptions {
  now?: number;
  secrets?: BackupSecrets;
}

export interface RestoreResult {
  counts: Record<string, number>;
  backupCreatedAt: number;
  gap: RestoreState['gap'];
}

/**
 * Restores a backup file in place of everything on the desk. Administrator only, or a fresh desk (a new
 * machine: no account and no dossier yet). Afterwards nobody is logged in: the restored accounts sign in.
 */
export async function restoreBackup(db: DeskDb, file: Blob, passphrase: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const now = opts.now ?? Date.now();
  const fresh = (await db.accounts.count()) === 0 && (await db.dossiers.count()) === 0;
  if (!fresh) requirePermission(db, 'backup');
  const who = getSession(db);
  const verified = await readBackup(file, passphrase, db.tables.map((t) => t.name), db.verno);

  // Everything the transaction writes is worked out before it (no crypto, no native await inside).
  // A row's Blob comes back whole from its pieces, or the file is refused (a piece missing or too many).
  const rowsOf = (f: VerifiedBackup['frames'][number]): unknown[] => {
    const rows = (JSON.parse(dec.decode(f.json)) as { rows: Record<string, unknown>[] }).rows;
    const field = BACKUP_BLOB_FIELDS[f.table];
    if (!field) return rows;
    const table = db.table(f.table);
    const keyPath = table.schema.primKey.keyPath as string;
    return rows.map((r) => {
      const expected = (r[field] as { $blob?: unknown } | null)?.$blob;
      const blob = new Blob(verified.blobs.get(f.table)?.get(String(r[keyPath])) ?? [], { type: 'application/pdf' });
      if (typeof expected !== 'number' || blob.size !== expected) throw new BackupError(BACKUP_MESSAGES.countMismatch(f.table));
      return { ...r, [field]: blob };
    });
  };
  const byTable = (table: string) => verified.frames.filter((f) => f.table === table).flatMap(rowsOf);
  // Every Blob whole before anything is cleared.
  for (const f of verified.frames) if (BACKUP_BLOB_FIELDS[f.table]) rowsOf(f);
  const settings = new Map((byTable('settings') as SettingRow[]).map((r) => [r.key, r.value]));
  const counters = new Map((byTable('counters') as CounterRow[]).map((r) => [r.day, r.last]));
  const gap = safetyGap(now, settings.get('desk') as DeskSettings | undefined, (settings.get('codePattern') as string | undefined) ?? DEFAULT_CODE_PATTERN, counters);
  const state: RestoreState = { restoredAt: now, backupCreatedAt: verified.header.createdAt, gap, reconciledAt: null, takenBack: 0 };
  const actor = who ? { actor: who.displayName, actorId: who.accountId } : { actor: 'Khôi phục trên máy mới', actorId: null };

  await db.transaction('rw', db.tables, async () => {
    if (!fresh) {
      const s = getSession(db);
      if (!s || s.accountId !== who?.accountId) throw new PermissionError('Phiên đăng nhập đã thay đổi trong lúc khôi phục: không khôi phục gì.');
      requirePermission(db, 'backup');
    }
    for (const t of db.tables) await t.clear();
    // The figures' facts are derived from the dossiers (db/facts.ts middleware) and rebuilt as they are added.
    for (const f of verified.frames) if (f.table !== FACTS_TABLE) await db.table(f.table).bulkAdd(rowsOf(f));
    if (gap) await db.counters.put({ day: gap.key, last: gap.to });
    // The backup just restored is itself the desk's latest backup (its own record was written after it).
    const restoredLast = settings.get('lastBackup') as LastBackup | undefined;
    if (!restoredLast || restoredLast.at < verified.header.createdAt) {
      await db.settings.put({ key: 'lastBackup', value: { at: verified.header.createdAt, name: file instanceof File ? file.name : backupFileName(verified.header.createdAt), bytes: file.size, auto: false, actor: restoredLast?.actor ?? actor.actor } satisfies LastBackup });
    }
    await db.syncState.put({ key: 'restore', value: state });
    await db.audit.add(
      auditEvent({
        dossierId: null,
        action: 'backup_restored',
        ...actor,
        summary: `Khôi phục dữ liệu từ bản sao lưu lúc ${new Date(verified.header.createdAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}: ${verified.counts.dossiers ?? 0} hồ sơ${gap ? `; bỏ cách số thứ tự ${gap.from + 1}–${gap.to} hôm nay cho đến khi đối chiếu với tỉnh` : ''}`,
        at: now,
        detail: { backupCreatedAt: verified.header.createdAt, dossiers: verified.counts.dossiers ?? 0, gapFrom: gap?.from ?? null, gapTo: gap?.to ?? null },
      }),
    );
  });
  // The device credential comes back only where the profile has none (a new machine): a newer one stays.
  if (opts.secrets) {
    for (const [key, value] of Object.entries(verified.secrets)) {
      if (BACKED_UP_SECRETS.includes(key) && !(await opts.secrets.secretGet({ key })).value) await opts.secrets.secretSet({ key, value });
    }
  }
  setSession(db, null);
  return { counts: verified.counts, backupCreatedAt: verified.header.createdAt, gap };
}

/**
 * Codes this desk may have issued today after the backup was taken are unknown until the province
 * answers: today's counter skips RESTORE_SEQUENCE_GAP numbers (within the desk's block) meanwhile.
 */
function safetyGap(now: number, desk: DeskSettings | undefined, pattern: string, counters: Map<string, number>): RestoreState['gap'] {
  if (!desk) return null;
  let range;
  try {
    range = deskSequenceRange(parseCodePattern(pattern).digits, desk.deskNo, desk.desksInAgency);
  } catch {
    return null;
  }
  const key = counterKey(now, desk, pattern);
  const from = Math.max(counters.get(key) ?? range.first - 1, range.first - 1);
  const to = Math.min(from + RESTORE_SEQUENCE_GAP, range.last - 1);
  return to > from ? { key, from, to } : null;
}

// ---------------------------------------------------------------------------------------------------------
// The automatic daily backup (Electron): configured by an administrator, run by whoever is at the desk
// ---------------------------------------------------------------------------------------------------------

export interface BackupSchedule {
  enabled: boolean;
  /** How many backups the folder keeps. */
  keep: number;
  /** The administrator who set it. */
  by: string;
}
export const DEFAULT_BACKUP_KEEP = 14;
/** Where the passphrase of the automatic backup is kept: the host's secret storage (safeStorage in Electron). */
export const BACKUP_PASSPHRASE_SECRET = 'backup.passphrase';

export async function readBackupSchedule(db: DeskDb): Promise<BackupSchedule | null> {
  return ((await db.settings.get('backupSchedule'))?.value as BackupSchedule | undefined) ?? null;
}

/** Administrator only: turns the daily backup on or off and sets how many to keep, with its audit event. */
export async function saveBackupSchedule(db: DeskDb, enabled: boolean, keep: number, now = Date.now()): Promise<void> {
  if (!Number.isInteger(keep) || keep < 1 || keep > 365) throw new BackupError('Số bản sao lưu giữ lại phải từ 1 đến 365.');
  await db.transaction('rw', [db.settings, db.audit], async () => {
    const { actor, actorId } = requirePermission(db, 'backup');
    await db.settings.put({ key: 'backupSchedule', value: { enabled, keep, by: actor } satisfies BackupSchedule });
    await db.audit.add(auditEvent({ dossierId: null, action: 'backup_settings_changed', actor, actorId, summary: enabled ? `Bật sao lưu tự động hằng ngày, giữ ${keep} bản gần nhất` : 'Tắt sao lưu tự động hằng ngày', at: now, detail: { enabled, keep } }));
  });
}

export interface DueBackupHost extends BackupWriter, BackupSecrets {
  appInfo(): Promise<{ shell: 'electron' | 'browser' }>;
  backupFolder(): Promise<{ folder: string | null }>;
}

/**
 * Runs the daily backup when it is due (Electron, enabled, a folder and a passphrase kept, the last backup
 * older than a day). Returns what it did, or why it did nothing.
 */
export async function runDueBackup(db: DeskDb, host: DueBackupHost, now = Date.now()): Promise<BackupResult | 'not_due' | 'not_configured'> {
  const schedule = await readBackupSchedule(db);
  if (!schedule?.enabled || (await host.appInfo()).shell !== 'electron' || !(await host.backupFolder()).folder) return 'not_configured';
  const last = await readLastBackup(db);
  if (last && now - last.at < BACKUP_AUTO_EVERY_MS) return 'not_due';
  const passphrase = (await host.secretGet({ key: BACKUP_PASSPHRASE_SECRET })).value;
  if (!passphrase) return 'not_configured';
  return createBackup(db, passphrase, hostSink(host, backupFileName(now), schedule.keep), { now, secrets: host, scheduled: true });
}

export async function readLastBackup(db: DeskDb): Promise<LastBackup | null> {
  return ((await db.settings.get('lastBackup'))?.value as LastBackup | undefined) ?? null;
}

export async function readRestoreState(db: DeskDb): Promise<RestoreState | null> {
  return ((await db.syncState.get('restore'))?.value as RestoreState | undefined) ?? null;
}
