// The hot folder against a real temporary folder and the real chokidar watcher.
import { mkdtempSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { watch } from 'chokidar';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_CONTRACT } from '../shared/host/contract';
import type { Logger } from './log';
import { createScanFolder, type WatchFn } from './scanFolder';

const log: Logger = { info() {}, warn() {}, error() {} };
let dir: string;
let folder: string;
let outside: string;
let scans: ReturnType<typeof createScanFolder<object>> | null = null;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-scans-'));
  folder = path.join(dir, 'Máy quét');
  outside = path.join(dir, 'riêng tư');
  await fs.mkdir(folder);
  await fs.mkdir(outside);
});
afterEach(async () => {
  await scans?.close();
  scans = null;
  rmSync(dir, { recursive: true, force: true });
});

function setup(chosen: string | null) {
  const showOpenDialog = vi.fn(async (..._a: unknown[]) => (chosen ? { canceled: false, filePaths: [chosen] } : { canceled: true, filePaths: [] }));
  scans = createScanFolder<object>({
    dialog: { showOpenDialog } as never,
    getWindow: () => ({ id: 1 }),
    configPath: path.join(dir, 'scan-folder.json'),
    fs: {
      readFile: (p) => fs.readFile(p),
      readTextFile: (p) => fs.readFile(p, 'utf8'),
      writeFile: (p, d) => fs.writeFile(p, d),
      rename: fs.rename,
      mkdir: (p) => fs.mkdir(p, { recursive: true }),
      realpath: (p) => fs.realpath(p),
      lstat: (p) => fs.lstat(p),
      access: (p) => fs.access(p),
    },
    watch: watch as unknown as WatchFn,
    log,
    stabilityMs: 150,
  });
  return scans;
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the scanner hot folder (Electron main, real chokidar)', () => {
  it('offers files already there and each new one once it is complete, reads it, and moves it to "Đã nhận"', async () => {
    await fs.writeFile(path.join(folder, 'truoc.pdf'), '%PDF-1.7 old');
    const s = setup(folder);
    expect(await s.status()).toEqual({ supported: true, folder: null });
    expect((await s.chooseFolder()).folder).toBe(folder);
    await until(() => s.inbox(), (i) => i.files.length === 1);
    // A scan written in two pieces is offered only once whole.
    const handle = await fs.open(path.join(folder, 'trang 1.jpg'), 'w');
    await handle.write(Buffer.from([0xff, 0xd8, 0xff]));
    await new Promise((r) => setTimeout(r, 60));
    expect((await s.inbox()).files.map((f) => f.name)).toEqual(['truoc.pdf']);
    await handle.write(Buffer.from([0xe0, 1, 2, 3]));
    await handle.close();
    const inbox = await until(() => s.inbox(), (i) => i.files.length === 2);
    expect(inbox.files.map((f) => [f.name, f.bytes])).toEqual([['truoc.pdf', 12], ['trang 1.jpg', 7]]);
    expect(HOST_CONTRACT.scanInbox.response.parse(inbox)).toEqual(inbox);

    const { bytes } = await s.read('trang 1.jpg');
    expect([...bytes]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await s.done('trang 1.jpg');
    expect((await s.inbox()).files.map((f) => f.name)).toEqual(['truoc.pdf']);
    expect(await fs.readdir(path.join(folder, 'Đã nhận'))).toEqual(['trang 1.jpg']);
    // The same name scanned again and taken again does not overwrite the first.
    await fs.writeFile(path.join(folder, 'trang 1.jpg'), 'again');
    await until(() => s.inbox(), (i) => i.files.length === 2);
    await s.done('trang 1.jpg');
    expect((await fs.readdir(path.join(folder, 'Đã nhận'))).sort()).toEqual(['trang 1 (2).jpg', 'trang 1.jpg']);
    // Files in "Đã nhận" are never offered again.
    await new Promise((r) => setTimeout(r, 300));
    expect((await s.inbox()).files.map((f) => f.name)).toEqual(['truoc.pdf']);
  });

  it('keeps watching the folder saved before, after a restart of the app', async () => {
    setup(folder);
    await scans!.chooseFolder();
    await scans!.close();
    const again = setup(null);
    expect((await again.status()).folder).toBe(folder);
    await fs.writeFile(path.join(folder, 'sau.png'), 'x');
    expect((await until(() => again.inbox(), (i) => i.files.length === 1)).files[0].name).toBe('sau.png');
  });

  it('never reads outside the folder: a path in the name, "..", a symbolic link out, the scanner\'s temporary files', async () => {
    await fs.writeFile(path.join(outside, 'cccd.pdf'), 'secret');
    await fs.symlink(path.join(outside, 'cccd.pdf'), path.join(folder, 'link.pdf'));
    await fs.symlink(outside, path.join(folder, 'thu-muc-link'));
    await fs.writeFile(path.join(folder, 'dang-quet.tmp'), 'half');
    await fs.writeFile(path.join(folder, '.hidden.pdf'), 'x');
    await fs.writeFile(path.join(folder, 'that.pdf'), '%PDF-');
    const s = setup(folder);
    await s.chooseFolder();
    await until(() => s.inbox(), (i) => i.files.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await s.inbox()).files.map((f) => f.name)).toEqual(['that.pdf']);
    await expect(s.read('link.pdf')).rejects.toThrow(/không nằm trong thư mục máy quét/);
    await expect(s.read('../riêng tư/cccd.pdf')).rejects.toThrow(/không nằm trong thư mục máy quét/);
    await expect(s.read('thu-muc-link')).rejects.toThrow(/không nằm trong thư mục máy quét/);
    await expect(s.read('dang-quet.tmp')).rejects.toThrow(/không nằm trong thư mục máy quét/);
    // The contract refuses such names before main sees them.
    for (const name of ['../riêng tư/cccd.pdf', '/etc/passwd', 'a\\b.pdf', '..', '.hidden.pdf']) {
      expect(HOST_CONTRACT.scanInboxRead.request.safeParse({ name }).success).toBe(false);
    }
    expect(HOST_CONTRACT.scanInboxRead.request.safeParse({ name: 'that.pdf' }).success).toBe(true);
    // And the file moved by "done" stays inside the folder.
    await s.done('link.pdf');
    expect(await fs.readFile(path.join(outside, 'cccd.pdf'), 'utf8')).toBe('secret');
  });

  it('without a chosen folder: nothing offered, reading explains', async () => {
    const s = setup(null);
    expect(await s.inbox()).toEqual({ files: [] });
    await expect(s.read('a.pdf')).rejects.toThrow(/Chưa chọn thư mục máy quét/);
  });
});
