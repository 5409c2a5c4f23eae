import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_CONTRACT, HostError } from '../shared/host/contract';
import { confinedPath, createBackupFolder } from './backups';
import type { Logger } from './log';

const log: Logger = { info() {}, warn() {}, error() {} };
let dir: string;
let folder: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-backups-'));
  folder = path.join(dir, 'Sao lưu');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(chosen: string | null) {
  const showOpenDialog = vi.fn(async (..._a: unknown[]) => (chosen ? { canceled: false, filePaths: [chosen] } : { canceled: true, filePaths: [] }));
  const backups = createBackupFolder<object>({
    dialog: { showOpenDialog } as never,
    getWindow: () => ({ id: 1 }),
    configPath: path.join(dir, 'backup-folder.json'),
    fs: { readFile: fs.readFile, writeFile: fs.writeFile, appendFile: fs.appendFile, rename: fs.rename, rm: fs.rm, readdir: (p) => fs.readdir(p), stat: fs.stat },
    log,
  });
  return { backups, showOpenDialog };
}

const name = (i: number) => `motcua-202611${String(10 + i)}-090000.mcbk`;

describe('the backup folder (Electron main)', () => {
  it('writes a backup in pieces into the chosen folder, renames it when complete, and keeps the newest N', async () => {
    await fs.mkdir(folder);
    const { backups } = setup(folder);
    expect(await backups.status()).toEqual({ folder: null, files: [] });
    await expect(backups.write({ name: name(0), part: new Uint8Array([1]), first: true, last: true, keep: 3 })).rejects.toThrow(/Chưa chọn thư mục/);
    expect((await backups.chooseFolder()).folder).toBe(folder);
    writeFileSync(path.join(folder, 'ghi-chu.txt'), 'not a backup, never removed');
    for (let i = 0; i < 5; i++) {
      await backups.write({ name: name(i), part: new Uint8Array([i, 1]), first: true, last: false, keep: 3 });
      expect(readdirSync(folder)).toContain(`${name(i)}.partial`);
      await backups.write({ name: name(i), part: new Uint8Array([2, 3]), first: false, last: true, keep: 3 });
    }
    expect(readdirSync(folder).sort()).toEqual(['ghi-chu.txt', name(2), name(3), name(4)]);
    expect([...readFileSync(path.join(folder, name(4)))]).toEqual([4, 1, 2, 3]);
    const s = await backups.status();
    expect(s.files.map((f) => f.name)).toEqual([name(4), name(3), name(2)]);
    expect(s.files[0].bytes).toBe(4);
  });

  it('never writes outside the chosen folder', () => {
    expect(() => confinedPath('/data/saoluu', '../motcua-20261101-090000.mcbk')).toThrow(HostError);
    expect(() => confinedPath('/data/saoluu', '/etc/passwd')).toThrow(HostError);
    expect(() => confinedPath('/data/saoluu', 'motcua-20261101-090000.mcbk/../../x')).toThrow(HostError);
    expect(confinedPath('/data/saoluu', 'motcua-20261101-090000.mcbk')).toBe(path.resolve('/data/saoluu/motcua-20261101-090000.mcbk'));
    // The contract refuses such names before main sees them.
    const schema = HOST_CONTRACT.backupWrite.request;
    expect(schema.safeParse({ name: '../x.mcbk', part: new Uint8Array([1]), first: true, last: true, keep: 7 }).success).toBe(false);
    expect(schema.safeParse({ name: name(1), part: new Uint8Array(0), first: true, last: true, keep: 7 }).success).toBe(false);
    expect(schema.safeParse({ name: name(1), part: 'abc', first: true, last: true, keep: 7 }).success).toBe(false);
    expect(schema.safeParse({ name: name(1), part: new Uint8Array([1]), first: true, last: true, keep: 0 }).success).toBe(false);
    expect(schema.safeParse({ name: name(1), part: new Uint8Array([1]), first: true, last: true, keep: 7 }).success).toBe(true);
  });

  it('a cancelled dialog keeps the folder as it was', async () => {
    const { backups } = setup(null);
    expect(await backups.chooseFolder()).toEqual({ folder: null, files: [] });
  });

  it('a write failure says what to check, in Vietnamese, without the path', async () => {
    const { backups } = setup(path.join(dir, 'không-có'));
    await backups.chooseFolder();
    const err = (await backups.write({ name: name(1), part: new Uint8Array([1]), first: true, last: true, keep: 3 }).catch((e: unknown) => e)) as HostError;
    expect(err).toBeInstanceOf(HostError);
    expect(err.message).toMatch(/^Không ghi được bản sao lưu/);
    expect(err.message).not.toContain(dir);
  });
});
