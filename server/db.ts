// The reference server's database: SQLite through better-sqlite3, in WAL mode so the admin command line
// can work on it while the server runs. Migrations are numbered and each runs once, in its own transaction.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
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
  // 3 is reserved for the Kysely port (issue 13).
  {
    // The desks' audit events, append-only: the database itself refuses to change or remove one.
    version: 4,
    name: 'audit_events',
    sql: `
      CREATE TABLE audit_events (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        dossier_id TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        event TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX audit_events_device ON audit_events(device_id);
      CREATE INDEX audit_events_hash ON audit_events(device_id, hash);
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    `,
  },
];

export function openServerDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'province.sqlite'));
  db.pragma('journal_mode = WAL');
  // NORMAL per change (a crash never corrupts); before an answer confirms changes, makeDurable syncs them.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  checkStoreIdentity(db, dataDir);
  return db;
}

export interface StoreIdentity {
  epoch: string;
  floor: number;
}

export function storeIdentity(db: Db): StoreIdentity {
  const row = db.prepare('SELECT epoch, floor FROM store_identity WHERE id = 1').get() as StoreIdentity | undefined;
  if (row) return row;
  const fresh = { epoch: randomUUID(), floor: 0 };
  db.prepare('INSERT OR IGNORE INTO store_identity (id, epoch, floor, created_at) VALUES (1, ?, ?, ?)').run(fresh.epoch, fresh.floor, Date.now());
  return db.prepare('SELECT epoch, floor FROM store_identity WHERE id = 1').get() as StoreIdentity;
}

/** How far the store has got: the last province change seq ever issued and the number of desk changes recorded. */
function highWater(db: Db) {
  const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'province_changes'").get() as { seq: number } | undefined)?.seq ?? 0;
  const applied = (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM applied_changes').get() as { n: number }).n;
  return { seq, applied };
}

const markFile = (dataDir: string) => join(dataDir, 'store-mark.json');

/**
 * A store that went back in time (a backup restored over it, or another database file put in its place)
 * would answer desks as if nothing had happened, reusing change seqs they have already passed. The data
 * directory keeps a mark beside the database (epoch and high water, written after every write); a
 * database behind its mark, or with another epoch, gets a new epoch, and its seqs continue above the
 * highest ever issued. A new, empty store has a new epoch anyway.
 */
export function checkStoreIdentity(db: Db, dataDir: string): StoreIdentity {
  const id = storeIdentity(db);
  const file = markFile(dataDir);
  if (existsSync(file)) {
    let mark: { epoch?: string; seq?: number; applied?: number };
    try {
      mark = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      mark = {};
    }
    const now = highWater(db);
    if (mark.epoch !== id.epoch || now.seq < (mark.seq ?? 0) || now.applied < (mark.applied ?? 0)) {
      const floor = Math.max(now.seq, mark.seq ?? 0);
      db.transaction(() => {
        db.prepare('UPDATE store_identity SET epoch = ?, floor = ?, created_at = ? WHERE id = 1').run(randomUUID(), floor, Date.now());
        // Seqs of the new epoch start above every seq a desk may have seen.
        const has = db.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'province_changes'").get();
        if (has) db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'province_changes'").run(floor);
        else db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('province_changes', ?)").run(floor);
      }).immediate();
    }
  }
  writeStoreMark(db, dataDir);
  return storeIdentity(db);
}

/**
 * Makes every commit so far survive a power cut: one commit with synchronous = FULL syncs the WAL file, and
 * with it all earlier frames. Called once per answer that confirms changes (a push, an admin decision)
 * rather than for every change, so 10,000 changes cost 50 syncs instead of 10,000.
 */
export function makeDurable(db: Db): void {
  db.pragma('synchronous = FULL');
  try {
    db.prepare('UPDATE store_identity SET durable_commits = durable_commits + 1 WHERE id = 1').run();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/** Records the high water beside the database (after the commit: the mark is never ahead of the database). */
export function writeStoreMark(db: Db, dataDir: string): void {
  const id = storeIdentity(db);
  const file = markFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ epoch: id.epoch, ...highWater(db) }));
  renameSync(tmp, file);
}

export function migrate(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  let applied = 0;
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }).immediate();
    applied++;
  }
  return applied;
}
