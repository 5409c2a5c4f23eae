/**
 * The scanner's hot folder (Electron main). The scanner's software saves into a folder the worker chose
 * once; chokidar watches it and keeps the list of files waiting (only complete ones: it waits until a file
 * stops growing). The renderer asks for that list, reads a file by its bare name and, once the file is
 * taken or set aside, has it moved into the "Đã nhận" subfolder. Nothing outside the chosen folder is ever
 * read: a name with a folder in it is refused by the contract, and a symbolic link (or anything whose real
 * path is not directly in the folder) is neither offered nor read. Electron (dialog, window) and the watcher
 * come in as parameters.
 */
import path from 'node:path';
import type { OpenDialogOptions } from 'electron';
import { HostError, MAX_SCAN_INBOX_FILE_BYTES, SCAN_DONE_SUBFOLDER, type ScanFolderStatus, type ScanInbox, type ScanInboxFile } from '../shared/host/contract';
import type { OpenDialogLike } from './backups';
import { errorKind, type Logger } from './log';

export interface ScanFs {
  readFile(p: string): Promise<Uint8Array>;
  readTextFile(p: string): Promise<string>;
  writeFile(p: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(p: string): Promise<unknown>;
  realpath(p: string): Promise<string>;
  lstat(p: string): Promise<{ size: number; mtimeMs: number; isFile(): boolean; isSymbolicLink(): boolean }>;
  access(p: string): Promise<void>;
}

/** The part of a chokidar FSWatcher used here. */
export interface WatcherLike {
  on(event: 'add' | 'change' | 'unlink', listener: (p: string) => void): unknown;
  on(event: 'error', listener: (e: unknown) => void): unknown;
  close(): Promise<void>;
}
export type WatchFn = (folder: string, options: { depth: number; ignoreInitial: boolean; followSymlinks: boolean; awaitWriteFinish: { stabilityThreshold: number; pollInterval: number }; ignored: (p: string) => boolean }) => WatcherLike;

/** The scanner's own temporary files and hidden files are not scans. */
const NOT_A_SCAN = /^(\.|~\$)|\.(tmp|part|partial|crdownload|lock)$/i;

export function createScanFolder<W>(deps: {
  dialog: OpenDialogLike<W>;
  getWindow(): W | null;
  configPath: string;
  fs: ScanFs;
  watch: WatchFn;
  log: Logger;
  /** How long a file must stay unchanged before it is offered (the scanner may still be writing). */
  stabilityMs?: number;
}) {
  const { fs, log } = deps;
  let current: { folder: string; real: string; watcher: WatcherLike; files: Map<string, ScanInboxFile> } | null = null;
  let starting: Promise<void> | null = null;

  async function savedFolder(): Promise<string | null> {
    try {
      const saved = JSON.parse(await fs.readTextFile(deps.configPath)) as { folder?: unknown };
      return typeof saved.folder === 'string' && path.isAbsolute(saved.folder) ? saved.folder : null;
    } catch {
      return null;
    }
  }

  /** The file `name` directly inside the folder, as a real path; null if it is a link or lives elsewhere. */
  async function confined(root: { folder: string; real: string }, name: string): Promise<string | null> {
    if (name.includes('/') || name.includes('\\') || name === '.' || name === '..' || NOT_A_SCAN.test(name)) return null;
    const target = path.resolve(root.folder, name);
    if (path.dirname(target) !== path.resolve(root.folder)) return null;
    try {
      const st = await fs.lstat(target);
      if (st.isSymbolicLink() || !st.isFile()) return null;
      const real = await fs.realpath(target);
      return path.dirname(real) === root.real ? real : null;
    } catch {
      return null;
    }
  }

  async function offer(root: { folder: string; real: string; files: Map<string, ScanInboxFile> }, p: string) {
    if (path.dirname(path.resolve(p)) !== path.resolve(root.folder)) return; // the "Đã nhận" subfolder and deeper
    const name = path.basename(p);
    const real = await confined(root, name);
    if (!real) return;
    try {
      const st = await fs.lstat(real);
      root.files.set(name, { name, bytes: st.size, modifiedAt: st.mtimeMs });
    } catch {
      root.files.delete(name);
    }
  }

  async function start(folder: string | null): Promise<void> {
    if (current) {
      const old = current;
      current = null;
      await old.watcher.close().catch(() => undefined);
    }
    if (!folder) return;
    let real: string;
    try {
      real = await fs.realpath(folder);
    } catch {
      log.warn('scan folder missing');
      return;
    }
    const files = new Map<string, ScanInboxFile>();
    const stability = deps.stabilityMs ?? 1500;
    const watcher = deps.watch(folder, {
      depth: 0,
      // Files already there when the desk starts are offered too: they were scanned while it was closed.
      ignoreInitial: false,
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: stability, pollInterval: Math.min(200, stability) },
      ignored: (p) => p !== folder && NOT_A_SCAN.test(path.basename(p)),
    });
    const root = { folder, real, watcher, files };
    watcher.on('add', (p) => void offer(root, p));
    watcher.on('change', (p) => void offer(root, p));
    watcher.on('unlink', (p) => files.delete(path.basename(p)));
    watcher.on('error', (e) => log.warn(`scan watcher ${errorKind(e)}`));
    current = root;
    log.info('scan folder watched');
  }

  /** Starts watching the saved folder once (on the first call from the renderer, or at startup). */
  function ensureStarted(): Promise<void> {
    starting ??= savedFolder().then(start);
    return starting;
  }

  async function status(): Promise<ScanFolderStatus> {
    await ensureStarted();
    return { supported: true, folder: current?.folder ?? (await savedFolder()) };
  }

  async function chooseFolder(): Promise<ScanFolderStatus> {
    const options: OpenDialogOptions = { title: 'Chọn thư mục máy quét lưu tệp', buttonLabel: 'Chọn thư mục này', properties: ['openDirectory', 'createDirectory'] };
    const win = deps.getWindow();
    const result = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
    if (!result.canceled && result.filePaths[0]) {
      const folder = path.resolve(result.filePaths[0]);
      await fs.writeFile(deps.configPath, JSON.stringify({ folder }));
      log.info('scan folder chosen');
      starting = start(folder);
      await starting;
    }
    return status();
  }

  async function inbox(): Promise<ScanInbox> {
    await ensureStarted();
    if (!current) return { files: [] };
    return { files: [...current.files.values()].sort((a, b) => a.modifiedAt - b.modifiedAt).slice(0, 500) };
  }

  async function read(name: string): Promise<{ bytes: Uint8Array<ArrayBuffer> }> {
    await ensureStarted();
    if (!current) throw new HostError('internal', 'Chưa chọn thư mục máy quét.');
    const real = await confined(current, name);
    if (!real) throw new HostError('invalid-payload', `Tệp "${name}" không nằm trong thư mục máy quét (hoặc đã được chuyển đi).`);
    const st = await fs.lstat(real);
    if (st.size > MAX_SCAN_INBOX_FILE_BYTES) throw new HostError('internal', `Tệp "${name}" quá lớn (tối đa 100 MB một tệp).`);
    try {
      return { bytes: (await fs.readFile(real)) as Uint8Array<ArrayBuffer> };
    } catch (error) {
      log.error(`scan read-failed ${errorKind(error)}`);
      throw new HostError('internal', `Không đọc được tệp "${name}" trong thư mục máy quét.`);
    }
  }

  /** Moves a taken (or set aside) file into "Đã nhận", never overwriting an older one of the same name. */
  async function done(name: string): Promise<{ ok: true }> {
    await ensureStarted();
    if (!current) throw new HostError('internal', 'Chưa chọn thư mục máy quét.');
    const real = await confined(current, name);
    if (!real) {
      current.files.delete(name);
      return { ok: true };
    }
    const doneDir = path.join(current.real, SCAN_DONE_SUBFOLDER);
    try {
      await fs.mkdir(doneDir);
      const ext = path.extname(name);
      const stem = name.slice(0, name.length - ext.length);
      let target = path.join(doneDir, name);
      for (let n = 2; n < 1000; n++) {
        try {
          await fs.access(target);
          target = path.join(doneDir, `${stem} (${n})${ext}`);
        } catch {
          break;
        }
      }
      await fs.rename(real, target);
    } catch (error) {
      log.error(`scan move-failed ${errorKind(error)}`);
      throw new HostError('internal', `Không chuyển được tệp "${name}" vào thư mục "${SCAN_DONE_SUBFOLDER}". Hãy kiểm tra quyền ghi của thư mục máy quét.`);
    }
    current.files.delete(name);
    return { ok: true };
  }

  async function close(): Promise<void> {
    await start(null);
  }

  return { status, chooseFolder, inbox, read, done, close, ensureStarted };
}
