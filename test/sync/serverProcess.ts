// The reference server as a child process on a loopback port with a temp data directory, and its admin
// command line. Used by the Node scenarios (test/sync) and the Playwright end-to-end tests alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { DbTarget } from '../../server/db';
import { createPgDatabase, dropTarget, freshTarget } from './testDb';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /** The store: the data directory (SQLite) or a PostgreSQL database. */
  target: DbTarget;
  proc: ChildProcess;
  /** SIGKILL: the process dies wherever it is, as in a power cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Starts again on the same port and data directory. */
  restart(extraArgs?: string[], target?: DbTarget): Promise<ServerProcess>;
}

/** A copy of the store taken while the server runs: a file copy (SQLite) or pg_dump (PostgreSQL). */
export async function backupStore(target: DbTarget): Promise<string> {
  const out = join(tempDir('backup-'), 'province.backup');
  if ('url' in target) await run('pg_dump', ['-Fc', '-f', out, '-d', target.url]);
  else {
    const db = new Database(join(target.dataDir, 'province.sqlite'));
    await db.backup(out);
    db.close();
  }
  return out;
}

/**
 * Restores a backup with the server stopped: over the database file (SQLite), or into a new database
 * (PostgreSQL, as an operator restoring a dump would); returns the target to start the server on.
 */
export async function restoreStore(target: DbTarget, backup: string): Promise<DbTarget> {
  if ('url' in target) {
    const url = await createPgDatabase();
    await run('pg_restore', ['--no-owner', '-d', url, backup]);
    await dropTarget(target);
    return { url };
  }
  for (const f of ['province.sqlite-wal', 'province.sqlite-shm']) rmSync(join(target.dataDir, f), { force: true });
  copyFileSync(backup, join(target.dataDir, 'province.sqlite'));
  return target;
}

/** Removes the store and its data directory (after the server has stopped). */
export async function removeStore(server: Pick<ServerProcess, 'dataDir' | 'target'>): Promise<void> {
  await dropTarget(server.target);
  rmSync(server.dataDir, { recursive: true, force: true });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => (err += String(d)));
    proc.on('error', fail);
    proc.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} failed (${code}): ${err}`))));
  });
}

const targetArgs = (target: DbTarget) => ('url' in target ? ['--database-url', target.url] : []);

export function tempDir(prefix = 'sync-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServer(opts: { dataDir?: string; target?: DbTarget; port?: number; args?: string[] } = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? tempDir('province-');
  const target = opts.target ?? (await freshTarget(dataDir));
  // SERVER_NODE_ARGS: extra Node flags for the server process (e.g. --cpu-prof while profiling a benchmark).
  const args = [...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', join(ROOT, 'server/main.ts'), '--data-dir', dataDir, ...targetArgs(target), '--port', String(opts.port ?? 0), '--host', '127.0.0.1', '--quiet', ...(opts.args ?? [])];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in time: ${stderr}`)), 20_000);
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; url?: string };
        if (msg.event === 'listening' && msg.url) {
          clearTimeout(timer);
          ok(msg.url);
        }
      } catch {
        // not ours
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}): ${stderr}`));
    });
  });
  const port = Number(new URL(url).port);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const server: ServerProcess = {
    url,
    port,
    dataDir,
    target,
    proc,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
    restart: (extraArgs = [], next = target) => startServer({ dataDir, target: next, port, args: extraArgs }),
  };
  return server;
}

/** Runs the admin command line as a separate process, as the processing department would. */
export function adminCli(server: Pick<ServerProcess, 'dataDir' | 'target'>, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), '--data-dir', server.dataDir, ...targetArgs(server.target), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += String(d)));
    proc.stderr.on('data', (d) => (err += String(d)));
    proc.on('exit', (code) => (code === 0 ? ok(out.trim()) : fail(new Error(`admin ${args[0]} failed (${code}): ${err}`))));
  });
}


/**
 * An office relay (issue 14) as a child process: its own SQLite data directory (an office PC), enrolled
 * with the province at `upstream` with a relay code, then serving desks with --relay-to. Quick retries so
 * that tests see the province's return within a second.
 */
export async function startRelayServer(opts: { upstream: string; code: string; dataDir?: string; port?: number; args?: string[] }): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? tempDir('relay-');
  const store = { dataDir, target: { dataDir } };
  await adminCli(store, ['relay-enrol', '--upstream', opts.upstream, '--code', opts.code]);
  return relayProcess({ ...opts, dataDir });
}

/** Starts (or restarts) a relay on an already enrolled data directory. */
export async function relayProcess(opts: { upstream: string; dataDir: string; port?: number; args?: string[] }): Promise<ServerProcess> {
  const args = ['--relay-to', opts.upstream, '--relay-idle-ms', '200', '--relay-retry-max-ms', '400', ...(opts.args ?? [])];
  const s = await startServer({ dataDir: opts.dataDir, target: { dataDir: opts.dataDir }, port: opts.port, args });
  return { ...s, restart: (extra = []) => relayProcess({ ...opts, port: s.port, args: [...(opts.args ?? []), ...extra] }) };
}
