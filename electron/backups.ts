/**
 * The desk's backup folder (Electron main): the administrator chooses it once with the system dialog; the
 * renderer then writes backups into it piece by piece by bare file name only (the contract's pattern), so
 * nothing is ever written outside it; the newest `keep` backups stay, older ones of the desk's pattern go.
 * Electron (dialog, window) comes in as parameters.
 */
import path from 'node:path';
import type { OpenDialogOptions } from 'electron';
import { BACKUP_FILE_PATTERN } from '../shared/backup/format';
import { HostError, type BackupFolder, type BackupWriteRequest } from '../shared/host/contract';
import { errorKind, type Logger } from './log';

export interface OpenDialogLike<W> {
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface BackupFs {
  readFile(p: string, encoding: 'utf8'): Promise<string>;
  writeFile(p: string, data: string | Uint8Array): Promise<void>;
  appendFile(p: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(p: string, options?: { force?: boolean }): Promise<void>;
  readdir(p: string): Promise<string[]>;
  stat(p: string): Promise<{ size: number; mtimeMs: number; isDirectory(): boolean }>;
}

const WRITE_FAILED = 'Không ghi được bản sao lưu vào thư mục đã chọn. Hãy kiểm tra ổ đĩa (còn cắm, còn dung lượng, có quyền ghi) hoặc chọn thư mục khác.';

/** The target of a bare backup name inside the folder, or an error: never a path outside it. */
export function confinedPath(folder: string, name: string): string {
  if (!BACKUP_FILE_PATTERN.test(name)) throw new HostError('invalid-payload', 'Tên tệp sao lưu không hợp lệ.');
  const root = path.resolve(folder);
  const target = path.resolve(root, name);
  if (path.dirname(target) !== root) throw new HostError('invalid-payload', 'Tệp sao lưu phải nằm trong thư mục đã chọn.');
  return target;
}

export function createBackupFolder<W>(deps: { dialog: OpenDialogLike<W>; getWindow(): W | null; configPath: string; fs: BackupFs; log: Logger }) {
  const { fs, log } = deps;

  async function folder(): Promise<string | null> {
    try {
      const saved = JSON.parse(await fs.readFile(deps.configPath, 'utf8')) as { folder?: unknown };
      return typeof saved.folder === 'string' && path.isAbsolute(saved.folder) ? saved.folder : null;
    } catch {
      return null;
    }
  }

  async function status(): Promise<BackupFolder> {
    const dir = await folder();
    if (!dir) return { folder: null, files: [] };
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((n) => BACKUP_FILE_PATTERN.test(n));
    } catch {
      return { folder: dir, files: [] };
    }
    const files = [];
    for (const name of names.sort().reverse().slice(0, 1000)) {
      try {
        const s = await fs.stat(path.join(dir, name));
        files.push({ name, bytes: s.size, modifiedAt: s.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
    return { folder: dir, files };
  }

  async function chooseFolder(): Promise<BackupFolder> {
    const options: OpenDialogOptions = { title: 'Chọn thư mục lưu bản sao lưu', buttonLabel: 'Chọn thư mục này', properties: ['openDirectory', 'createDirectory'] };
    const win = deps.getWindow();
    const result = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
    if (!result.canceled && result.filePaths[0]) {
      await fs.writeFile(deps.configPath, JSON.stringify({ folder: path.resolve(result.filePaths[0]) }));
      log.info('backup folder chosen');
    }
    return status();
  }

  async function write(req: BackupWriteRequest): Promise<{ ok: true; location: string }> {
    const dir = await folder();
    if (!dir) throw new HostError('internal', 'Chưa chọn thư mục lưu bản sao lưu.');
    const target = confinedPath(dir, req.name);
    const partial = `${target}.partial`;
    try {
      if (req.first) await fs.writeFile(partial, req.part);
      else await fs.appendFile(partial, req.part);
      if (req.last) {
        await fs.rename(partial, target);
        // Keep the newest `keep` backups (names sort by time).
        const old = (await fs.readdir(dir)).filter((n) => BACKUP_FILE_PATTERN.test(n)).sort().reverse().slice(req.keep);
        for (const name of old) await fs.rm(confinedPath(dir, name), { force: true });
        log.info(`backup written, ${old.length} old removed`);
      }
    } catch (error) {
      if (error instanceof HostError) throw error;
      log.error(`backup write-failed ${errorKind(error)}`);
      throw new HostError('internal', WRITE_FAILED);
    }
    return { ok: true, location: target };
  }

  return { chooseFolder, status, write };
}
