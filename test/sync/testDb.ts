// Which database the server tests run on: SQLite in a temp data directory (the default), or PostgreSQL
// (SYNC_TEST_DB=postgres, the "node-pg" vitest project), one fresh database per server, created on the
// cluster at SYNC_TEST_PG_URL and dropped afterwards.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DbTarget } from '../../server/db';

export const TEST_DB: 'sqlite' | 'postgres' = process.env.SYNC_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.SYNC_TEST_PG_URL ?? '';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  if (!PG_URL) throw new Error('SYNC_TEST_DB=postgres needs SYNC_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty PostgreSQL database on the test cluster. */
export async function createPgDatabase(): Promise<string> {
  const name = `motcua_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return withDatabase(PG_URL, name);
}

/** The store a test server runs on: the data directory (SQLite) or a fresh database (PostgreSQL). */
export async function freshTarget(dataDir: string): Promise<DbTarget> {
  return TEST_DB === 'postgres' ? { url: await createPgDatabase() } : { dataDir };
}

export async function dropTarget(target: DbTarget): Promise<void> {
  if (!('url' in target)) return;
  const name = new URL(target.url).pathname.slice(1);
  if (!/^motcua_t_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
