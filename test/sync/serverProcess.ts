// The reference server as a child process on a loopback port with a temp data directory, and its admin
// command line. Used by the Node scenarios (test/sync) and the Playwright end-to-end tests alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** SIGKILL: the process dies wherever it is, as in a power cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Starts again on the same port and data directory. */
  restart(extraArgs?: string[]): Promise<ServerProcess>;
}

export function tempDir(prefix = 'sync-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServer(opts: { dataDir?: string; port?: number; args?: string[] } = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? tempDir('province-');
  const args = ['--import', 'tsx', join(ROOT, 'server/main.ts'), '--data-dir', dataDir, '--port', String(opts.port ?? 0), '--host', '127.0.0.1', '--quiet', ...(opts.args ?? [])];
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
    proc,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
    restart: (extraArgs = []) => startServer({ dataDir, port, args: extraArgs }),
  };
  return server;
}

/** Runs the admin command line as a separate process, as the processing department would. */
export function adminCli(dataDir: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), '--data-dir', dataDir, ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += String(d)));
    proc.stderr.on('data', (d) => (err += String(d)));
    proc.on('exit', (code) => (code === 0 ? ok(out.trim()) : fail(new Error(`admin ${args[0]} failed (${code}): ${err}`))));
  });
}

