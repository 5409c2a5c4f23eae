// The reference server's database: SQLite through better-sqlite3, in WAL mode so the admin command line
// can work on it while the server runs. Migrations are numbered and each runs once, in its own transaction.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
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
];

export function openServerDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'province.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // WAL + NORMAL: a crash loses at most the last commits, never corrupts
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
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
