// The reference server's database, through Kysely: SQLite (better-sqlite3, the embedded default, in WAL mode
// so the admin command line can work on it while the server runs) or PostgreSQL (pg, selected by a
// connection URL, for a province that runs several server processes on one database). Migrations are
// numbered, one list per dialect with the same versions, and each runs once, in its own transaction.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Generated, type Transaction } from 'kysely';

export interface Schema {
  schema_migrations: { version: number; name: string; applied_at: number };
  agencies: { code: string; desks_in_agency: number; created_at: number };
  /** role (migration 7): 'desk', or 'relay' for an office relay's code (desk_no 0). */
  enrolment_codes: { code_hash: string; agency_code: string; desk_no: number; created_at: number; expires_at: number; used_at: number | null; device_id: string | null; role: Generated<string> };
  /** role (migration 7): 'desk' or 'relay'; via_relay: the relay that first pushed for this desk (its token is then unusable until it enrols directly). */
  devices: { id: string; agency_code: string; desk_no: number; name: string; token_hash: string; token_expires_at: number; enrolled_at: number; role: Generated<string>; via_relay: Generated<string | null> };
  dossiers: {
    id: string;
    agency_code: string;
    device_id: string;
    code: string;
    status: number;
    desk_rev: number;
    province_seq: Generated<number>;
    province_status_seq: Generated<number>;
    /** Migration 6: the dossier's place in its agency's feed (its latest change), who last moved its status, each device's highest revision (JSON). */
    agency_seq: Generated<number>;
    status_by: Generated<string | null>;
    status_by_desk: Generated<number | null>;
    device_revs: Generated<string>;
    record: string;
    created_at: number;
    updated_at: number;
  };
  /** peer (migration 6): 1 for what only pull version 2 serves (a desk change in the agency's feed, a conflict notice). upstream_seq (migration 7, a relay's store): the province's seq of a change the relay passed down. */
  province_changes: { seq: Generated<number>; dossier_id: string; device_id: string; change: string; created_at: number; peer: Generated<number>; echo_of: Generated<string | null>; upstream_seq: Generated<number | null> };
  applied_changes: { change_id: string; device_id: string; dossier_id: string | null; result: string; answer: string; created_at: number; replays: Generated<number> };
  reference_data: { agency_code: string; kind: string; version: number; payload: string; updated_at: number };
  /** instance: PostgreSQL only (see checkPgIdentity). */
  store_identity: { id: number; epoch: string; floor: number; created_at: number; durable_commits: Generated<number>; instance: string | null };
  security_events: { seq: Generated<number>; at: number; kind: string; device_id: string | null; agency_code: string | null; address: string | null; reason: string };
  admin_actions: { seq: Generated<number>; at: number; actor: string; command: string; detail: string; outcome: string };
  audit_events: { seq: Generated<number>; id: string; device_id: string; at: number; action: string; dossier_id: string | null; prev_hash: string; hash: string; event: string; received_at: number };
  /** Migration 7, a relay's store: every desk change it accepted, to forward upstream in seq order; forwarded_at once the province answered. */
  relay_outbox: { seq: Generated<number>; change_id: string; device_id: string; desk_no: number; device_name: string; item: string; /** the relay's own feed row of the change */ feed_seq: number | null; created_at: number; forwarded_at: number | null; upstream_result: string | null; upstream_reason: string | null };
  /** Migration 7, a relay's store: its enrolment upstream (the credential too), its cursor there. */
  relay_state: { key: string; value: string };
  file_uploads: {
    upload_id: string; device_id: string; agency_code: string; dossier_id: string; slot: string; file_id: string;
    file_name: string; bytes: number; sha256: string; state: 'receiving' | 'stored' | 'refused' | 'replaced'; reason: string | null; created_at: number; finished_at: number | null;
  };
  dossier_files: { dossier_id: string; slot: string; upload_id: string; file_name: string; bytes: number; sha256: string; received_at: number };
}

export type Kdb = Kysely<Schema>;
export type Tx = Transaction<Schema> | Kysely<Schema>;
export type DialectName = 'sqlite' | 'postgres';

export interface ServerDb {
  readonly k: Kdb;
  readonly dialect: DialectName;
  /** The SQLite data directory (the store mark lives beside the database); null with PostgreSQL. */
  readonly dataDir: string | null;
  /** Runs fn in one write transaction: BEGIN IMMEDIATE with SQLite (no lock upgrade to fail on), READ COMMITTED with PostgreSQL. */
  write<T>(fn: (tx: Tx) => Promise<T>, locks?: string[]): Promise<T>;
  close(): Promise<void>;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Migration 3, the same in both dialects but for the key and time types: the security trail (failed
 * authentications, refused enrolments, isolation refusals; device, address and reason, never personal
 * data) and the admin trail (every admin command with who ran it).
 */
const SECURITY_SQL = (key: string, time: string) => `
      CREATE TABLE security_events (
        seq ${key},
        at ${time} NOT NULL,
        kind TEXT NOT NULL,
        device_id TEXT,
        agency_code TEXT,
        address TEXT,
        reason TEXT NOT NULL
      );
      CREATE INDEX security_events_at ON security_events(at);
      CREATE TABLE admin_actions (
        seq ${key},
        at ${time} NOT NULL,
        actor TEXT NOT NULL,
        command TEXT NOT NULL,
        detail TEXT NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX admin_actions_at ON admin_actions(at);
    `;

/** Migration 4's table, the desks' audit events (POST /v1/audit); seq keeps the order they were accepted in. */
const AUDIT_SQL = (key: string, time: string) => `
      CREATE TABLE audit_events (
        seq ${key},
        id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        at ${time} NOT NULL,
        action TEXT NOT NULL,
        dossier_id TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        event TEXT NOT NULL,
        received_at ${time} NOT NULL
      );
      CREATE INDEX audit_events_device ON audit_events(device_id, seq);
      CREATE INDEX audit_events_hash ON audit_events(device_id, hash);
    `;

/**
 * Migration 6 (issue 14), the same in both dialects: every desk of an agency gets every dossier of the
 * agency. Each dossier has its place in the agency's feed (agency_seq: its latest province change, a desk
 * change included); who last moved its status (a device, or the province) and each device's highest
 * revision, so that two desks' changes are ordered and a real conflict is told from a late duplicate.
 * Dossiers the province never changed get a feed row of their own, so a desk enrolled later finds them.
 * echo_of: the device whose own change a feed row is, when the dossier then stands exactly as that device
 * sent it (it had seen everything before): that device is not sent its own change back.
 */
const AGENCY_FEED_SQL = `
      ALTER TABLE dossiers ADD COLUMN agency_seq BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE dossiers ADD COLUMN status_by TEXT;
      ALTER TABLE dossiers ADD COLUMN status_by_desk INTEGER;
      ALTER TABLE dossiers ADD COLUMN device_revs TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE province_changes ADD COLUMN peer INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE province_changes ADD COLUMN echo_of TEXT;
      INSERT INTO province_changes (dossier_id, device_id, change, created_at, peer)
        SELECT id, 'agency:' || agency_code, '{"kind":"peer"}', updated_at, 1 FROM dossiers WHERE province_seq = 0 ORDER BY updated_at, id;
      UPDATE dossiers SET agency_seq = COALESCE((SELECT MAX(pc.seq) FROM province_changes pc WHERE pc.dossier_id = dossiers.id), 0);
      CREATE INDEX dossiers_agency_feed ON dossiers(agency_code, agency_seq);
    `;

/**
 * Migration 7 (issue 14, the office relay), both dialects: enrolment codes and devices get a role (a relay
 * is enrolled at the province as its agency's relay); a relay's store keeps the province's seq of each
 * change it passed down, the queue of desk changes to forward (written in the transaction that accepts
 * each) and its enrolment upstream.
 */
const RELAY_SQL = (key: string, time: string) => `
      ALTER TABLE enrolment_codes ADD COLUMN role TEXT NOT NULL DEFAULT 'desk';
      ALTER TABLE devices ADD COLUMN role TEXT NOT NULL DEFAULT 'desk';
      ALTER TABLE devices ADD COLUMN via_relay TEXT;
      ALTER TABLE province_changes ADD COLUMN upstream_seq BIGINT;
      CREATE UNIQUE INDEX province_changes_upstream ON province_changes(upstream_seq) WHERE upstream_seq IS NOT NULL;
      CREATE INDEX province_changes_dossier ON province_changes(dossier_id, seq);
      CREATE TABLE relay_outbox (
        seq ${key},
        change_id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        desk_no INTEGER NOT NULL,
        device_name TEXT NOT NULL,
        item TEXT NOT NULL,
        feed_seq ${time},
        created_at ${time} NOT NULL,
        forwarded_at ${time},
        upstream_result TEXT,
        upstream_reason TEXT
      );
      CREATE INDEX relay_outbox_pending ON relay_outbox(forwarded_at, seq);
      CREATE TABLE relay_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `;

/**
 * Migration 5: scanned files (tus uploads, bytes in the data directory's uploads/ folder). file_uploads has
 * one row per upload (who sent it, for which dossier and slot, the SHA-256 it must have, what became of it);
 * dossier_files the file the province holds per dossier and slot (the latest stored version).
 */
const FILES_SQL = (time: string) => `
      CREATE TABLE file_uploads (
        upload_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        agency_code TEXT NOT NULL,
        dossier_id TEXT NOT NULL,
        slot TEXT NOT NULL,
        file_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        bytes BIGINT NOT NULL,
        sha256 TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        created_at ${time} NOT NULL,
        finished_at ${time}
      );
      CREATE INDEX file_uploads_dossier ON file_uploads(dossier_id, slot);
      CREATE TABLE dossier_files (
        dossier_id TEXT NOT NULL,
        slot TEXT NOT NULL,
        upload_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        bytes BIGINT NOT NULL,
        sha256 TEXT NOT NULL,
        received_at ${time} NOT NULL,
        PRIMARY KEY (dossier_id, slot)
      );
    `;

/** SQLite migrations. Released ones never change (server/migrations.test.ts). */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE agencies (
        code TEXT PRIMARY KEY,
        desks_in_agency INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL REFERENCES agencies(code),
        desk_no INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        device_id TEXT
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL REFERENCES agencies(code),
        desk_no INTEGER NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        token_expires_at INTEGER NOT NULL,
        enrolled_at INTEGER NOT NULL
      );
      CREATE TABLE dossiers (
        id TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL,
        device_id TEXT NOT NULL,
        code TEXT NOT NULL,
        status INTEGER NOT NULL,
        desk_rev INTEGER NOT NULL,
        province_seq INTEGER NOT NULL DEFAULT 0,
        province_status_seq INTEGER NOT NULL DEFAULT 0,
        record TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- A code belongs to one dossier of an agency, enforced by the database as well as by the rules.
      CREATE UNIQUE INDEX dossiers_code ON dossiers(agency_code, code);
      CREATE TABLE province_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        dossier_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        change TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX province_changes_device ON province_changes(device_id, seq);
      -- The idempotency record: one row per desk change, with the first answer given.
      CREATE TABLE applied_changes (
        change_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        dossier_id TEXT,
        result TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        replays INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE reference_data (
        agency_code TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        payload TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (agency_code, kind)
      );
    `,
  },
  {
    // The store's identity: a new epoch when it is reset or restored from a backup (see checkStoreIdentity).
    version: 2,
    name: 'store_identity',
    sql: `
      CREATE TABLE store_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        epoch TEXT NOT NULL,
        floor INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        -- Bumped by a FULL commit before each answer (see makeDurable).
        durable_commits INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    version: 3,
    name: 'security_trail',
    sql: SECURITY_SQL('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'),
  },
  {
    // The desks' audit events, append-only: the database itself refuses to change or remove one.
    version: 4,
    name: 'audit_events',
    sql: `${AUDIT_SQL('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER')}
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    `,
  },
  { version: 5, name: 'scan_files', sql: FILES_SQL('INTEGER') },
  { version: 6, name: 'agency_feed', sql: AGENCY_FEED_SQL },
  { version: 7, name: 'office_relay', sql: RELAY_SQL('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER') },
];

/**
 * PostgreSQL migrations, the same versions and tables as SQLite's. Times are milliseconds (BIGINT, read
 * back as numbers); seqs come from an identity sequence. Released ones never change either.
 */
export const PG_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE agencies (
        code TEXT PRIMARY KEY,
        desks_in_agency INTEGER NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL REFERENCES agencies(code),
        desk_no INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        device_id TEXT
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL REFERENCES agencies(code),
        desk_no INTEGER NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        token_expires_at BIGINT NOT NULL,
        enrolled_at BIGINT NOT NULL
      );
      CREATE TABLE dossiers (
        id TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL,
        device_id TEXT NOT NULL,
        code TEXT NOT NULL,
        status INTEGER NOT NULL,
        desk_rev INTEGER NOT NULL,
        province_seq BIGINT NOT NULL DEFAULT 0,
        province_status_seq BIGINT NOT NULL DEFAULT 0,
        record TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX dossiers_code ON dossiers(agency_code, code);
      CREATE INDEX dossiers_device ON dossiers(device_id, id);
      CREATE TABLE province_changes (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        dossier_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        change TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX province_changes_device ON province_changes(device_id, seq);
      CREATE TABLE applied_changes (
        change_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        dossier_id TEXT,
        result TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        replays INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE reference_data (
        agency_code TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        payload TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (agency_code, kind)
      );
    `,
  },
  {
    // instance: the PostgreSQL instance the store was last seen in (see checkPgIdentity).
    version: 2,
    name: 'store_identity',
    sql: `
      CREATE TABLE store_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        epoch TEXT NOT NULL,
        floor BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        durable_commits BIGINT NOT NULL DEFAULT 0,
        instance TEXT
      );
    `,
  },
  {
    version: 3,
    name: 'security_trail',
    sql: SECURITY_SQL('BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY', 'BIGINT'),
  },
  {
    version: 4,
    name: 'audit_events',
    sql: `${AUDIT_SQL('BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY', 'BIGINT')}
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$;
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `,
  },
  { version: 5, name: 'scan_files', sql: FILES_SQL('BIGINT') },
  { version: 6, name: 'agency_feed', sql: AGENCY_FEED_SQL },
  { version: 7, name: 'office_relay', sql: RELAY_SQL('BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY', 'BIGINT') },
];

export type DbTarget = { dataDir: string } | { url: string };

/** --database-url (or SYNC_DATABASE_URL) selects PostgreSQL; otherwise SQLite in the data directory. */
export function dbTarget(dataDir: string, url?: string | null): DbTarget {
  return url ? { url } : { dataDir };
}

export async function openServerDb(target: DbTarget): Promise<ServerDb> {
  const db = 'url' in target ? await openPostgres(target.url) : openSqlite(target.dataDir);
  try {
    await migrate(db);
    await checkStoreIdentity(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

function openSqlite(dataDir: string): ServerDb {
  // The province's data folder is its own: 0700, and every file in it 0600 (citizens' records, the mark).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, 'province.sqlite');
  const raw = new Database(file);
  for (const f of [file, `${file}-wal`, `${file}-shm`, join(dataDir, 'store-mark.json')]) if (existsSync(f)) chmodSync(f, 0o600);
  raw.pragma('journal_mode = WAL');
  // NORMAL per change (a crash never corrupts); before an answer confirms changes, makeDurable syncs them.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  // Kysely's SQLite driver prepares every statement anew; preparing was a tenth of the server's time under
  // the reconnection storm, so the few hundred distinct statements are kept prepared (one connection,
  // used by one query at a time, so a statement is never in use twice).
  const prepared = new Map<string, Database.Statement>();
  const database = {
    close: () => raw.close(),
    prepare: (text: string) => {
      let stmt = prepared.get(text);
      if (!stmt) {
        stmt = raw.prepare(text);
        if (prepared.size < 1000) prepared.set(text, stmt);
      }
      return stmt;
    },
  };
  const k = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  return {
    k,
    dialect: 'sqlite',
    dataDir,
    // The SQLite driver has one connection and a mutex: holding the connection keeps other requests of
    // this process out; BEGIN IMMEDIATE keeps other processes (the admin command line) out.
    write: (fn) =>
      k.connection().execute(async (c) => {
        await sql`BEGIN IMMEDIATE`.execute(c);
        try {
          const r = await fn(c);
          await sql`COMMIT`.execute(c);
          return r;
        } catch (e) {
          await sql`ROLLBACK`.execute(c);
          throw e;
        }
      }),
    close: () => k.destroy(),
  };
}

async function openPostgres(url: string): Promise<ServerDb> {
  // BIGINT (times in ms, seqs) read back as numbers: both stay far below 2^53.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) };
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SYNC_PG_POOL ?? 10), types: types as pg.CustomTypesConfig });
  const k = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    k,
    dialect: 'postgres',
    dataDir: null,
    // Advisory locks (per agency, per change id) serialise what must not interleave between processes;
    // taken in the order given, always agency first, so two transactions never wait on each other in a circle.
    write: (fn, locks = []) =>
      k.transaction().execute(async (tx) => {
        for (const key of locks) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
        return fn(tx);
      }),
    close: () => k.destroy(),
  };
}

/** Runs the migrations not yet applied; with PostgreSQL under an advisory lock, as several processes may start at once. */
export async function migrate(db: ServerDb): Promise<number> {
  const list = db.dialect === 'sqlite' ? MIGRATIONS : PG_MIGRATIONS;
  let applied = 0;
  const run = async (tx: Tx) => {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`.execute(tx);
    const done = new Set((await tx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    for (const m of list) {
      if (done.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await sql.raw(statement).execute(tx);
      await tx.insertInto('schema_migrations').values({ version: m.version, name: m.name, applied_at: Date.now() }).execute();
      applied++;
    }
  };
  // One transaction for all pending migrations (DDL is transactional in both databases).
  await db.write(run, ['motcua:migrate']);
  return applied;
}

/**
 * Splits a migration's SQL at the semicolons that end statements (none of ours has one inside a literal);
 * a PostgreSQL $$ body and a SQLite trigger's BEGIN … END hold statements of their own and stay whole.
 */
export function splitStatements(text: string): string[] {
  const src = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n');
  const out: string[] = [];
  let current = '';
  let dollar = false;
  for (let i = 0; i < src.length; i++) {
    if (src.startsWith('$$', i)) {
      dollar = !dollar;
      current += '$$';
      i++;
      continue;
    }
    const ch = src[i];
    if (ch === ';' && !dollar) {
      const s = current.trim();
      if (/^CREATE\s+TRIGGER\b/i.test(s) && /\bBEGIN\b/i.test(s) && !/\bEND$/i.test(s)) {
        current += ch;
        continue;
      }
      if (s) out.push(s);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export interface StoreIdentity {
  epoch: string;
  floor: number;
}

export async function storeIdentity(db: ServerDb): Promise<StoreIdentity> {
  const row = await db.k.selectFrom('store_identity').select(['epoch', 'floor']).where('id', '=', 1).executeTakeFirst();
  if (row) return row;
  await db.k.insertInto('store_identity').values({ id: 1, epoch: randomUUID(), floor: 0, created_at: Date.now() }).onConflict((oc) => oc.doNothing()).execute();
  return db.k.selectFrom('store_identity').select(['epoch', 'floor']).where('id', '=', 1).executeTakeFirstOrThrow();
}

/** How far the store has got: the last province change seq ever issued and the number of desk changes recorded (SQLite). */
async function sqliteHighWater(tx: Tx) {
  const seq = (await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'province_changes'`.execute(tx)).rows[0]?.seq ?? 0;
  const applied = (await sql<{ n: number }>`SELECT COALESCE(MAX(rowid), 0) AS n FROM applied_changes`.execute(tx)).rows[0].n;
  return { seq, applied };
}

const markFile = (dataDir: string) => join(dataDir, 'store-mark.json');

/**
 * A store that went back in time (a backup restored over it, or another database put in its place) would
 * answer desks as if nothing had happened, reusing change seqs they have already passed. It gets a new
 * epoch, and its seqs continue above its floor; desks rewind to the floor (see the contract).
 *
 * SQLite: the data directory keeps a mark beside the database (epoch and high water, written after every
 * write); a database behind its mark, or with another epoch, gets a new epoch, and its seqs continue above
 * the highest ever issued. One process writes (the admin command line only briefly), so a file is enough.
 *
 * PostgreSQL: several processes share the database and no file, so the mark is the database's own
 * instance: system identifier (a new cluster), timeline (a point-in-time recovery or a promoted base
 * backup) and database oid (a dump restored into a new database). A store seen in another instance gets a
 * new epoch, once: the update is conditional on the instance it saw, so two processes starting together
 * agree on one new epoch. Its seqs continue PG_EPOCH_GAP above the floor.
 */
export async function checkStoreIdentity(db: ServerDb): Promise<StoreIdentity> {
  await storeIdentity(db);
  if (db.dialect === 'postgres') return checkPgIdentity(db);
  const dataDir = db.dataDir!;
  await db.write(async (tx) => {
    const id = await tx.selectFrom('store_identity').select(['epoch', 'floor']).where('id', '=', 1).executeTakeFirstOrThrow();
    const file = markFile(dataDir);
    if (!existsSync(file)) return;
    let mark: { epoch?: string; seq?: number; applied?: number };
    try {
      mark = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      mark = {};
    }
    const now = await sqliteHighWater(tx);
    if (mark.epoch !== id.epoch || now.seq < (mark.seq ?? 0) || now.applied < (mark.applied ?? 0)) {
      const floor = Math.max(now.seq, mark.seq ?? 0);
      await tx.updateTable('store_identity').set({ epoch: randomUUID(), floor, created_at: Date.now() }).where('id', '=', 1).execute();
      // Seqs of the new epoch start above every seq a desk may have seen.
      const has = (await sql`SELECT 1 FROM sqlite_sequence WHERE name = 'province_changes'`.execute(tx)).rows.length > 0;
      if (has) await sql`UPDATE sqlite_sequence SET seq = ${floor} WHERE name = 'province_changes'`.execute(tx);
      else await sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('province_changes', ${floor})`.execute(tx);
    }
  });
  await writeStoreMark(db);
  return storeIdentity(db);
}

async function pgInstance(db: ServerDb): Promise<string> {
  const r = await sql<{ sys: string; tli: number; oid: number }>`
    SELECT (SELECT system_identifier::text FROM pg_control_system()) AS sys,
           (SELECT timeline_id FROM pg_control_checkpoint()) AS tli,
           (SELECT oid::integer FROM pg_database WHERE datname = current_database()) AS oid`.execute(db.k);
  const { sys, tli, oid } = r.rows[0];
  return `${sys}/${tli}/${oid}`;
}

/** How far above its floor a restored PostgreSQL store's seqs continue (see checkPgIdentity). */
export const PG_EPOCH_GAP = 1_000_000_000;

async function checkPgIdentity(db: ServerDb): Promise<StoreIdentity> {
  const instance = await pgInstance(db);
  await db.write(async (tx) => {
    const row = await tx.selectFrom('store_identity').select(['instance']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    if (row.instance === instance) return;
    if (row.instance == null) {
      await tx.updateTable('store_identity').set({ instance }).where('id', '=', 1).execute();
      return;
    }
    const seq = (await sql<{ n: number }>`SELECT COALESCE(MAX(seq), 0) AS n FROM province_changes`.execute(tx)).rows[0].n;
    const floor = Number(seq);
    await tx.updateTable('store_identity').set({ epoch: randomUUID(), floor, created_at: Date.now(), instance }).where('id', '=', 1).execute();
    // No mark outside the database tells how far the lost store had gone: the new epoch's seqs start a
    // billion above its floor, above any seq a desk may have seen since the backup was taken.
    await sql`SELECT setval(pg_get_serial_sequence('province_changes', 'seq'), ${floor + PG_EPOCH_GAP})`.execute(tx);
  }, ['motcua:identity']);
  return storeIdentity(db);
}

/**
 * Makes every commit so far survive a power cut. SQLite: one commit with synchronous = FULL syncs the WAL
 * file, and with it all earlier frames; called once per answer that confirms changes (a push, an admin
 * decision) rather than for every change, so 10,000 changes cost 50 syncs instead of 10,000. PostgreSQL:
 * every commit is already flushed (synchronous_commit = on), nothing to do.
 */
export async function makeDurable(db: ServerDb): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  await db.k.connection().execute(async (c) => {
    await sql`PRAGMA synchronous = FULL`.execute(c);
    try {
      await sql`UPDATE store_identity SET durable_commits = durable_commits + 1 WHERE id = 1`.execute(c);
    } finally {
      await sql`PRAGMA synchronous = NORMAL`.execute(c);
    }
  });
}

/** Records the high water beside the database (after the commit: the mark is never ahead of the database). SQLite only. */
export async function writeStoreMark(db: ServerDb): Promise<void> {
  if (!db.dataDir) return;
  const dataDir = db.dataDir;
  await db.k.connection().execute(async (c) => {
    const id = await c.selectFrom('store_identity').select(['epoch']).where('id', '=', 1).executeTakeFirstOrThrow();
    const file = markFile(dataDir);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ epoch: id.epoch, ...(await sqliteHighWater(c)) }), { mode: 0o600 });
    renameSync(tmp, file);
  });
}

