/**
 * Printing in main.
 *
 * A PDF is printed by writing it to a temporary file, loading that in a hidden window with Chromium's PDF
 * viewer (plugins on), waiting until the viewer says it is ready, then `webContents.print()`.
 *
 * What fails elsewhere, and how this avoids it:
 * - Printing right after `did-finish-load` (or `ready-to-show`) prints blank pages: the PDF viewer is an
 *   inner frame that is not ready yet. Electron emits the internal `-pdf-ready-to-print` event on the
 *   WebContents once the viewer can print (electron/electron#43309, #43436); we wait for it (bounded).
 * - Before Electron 32 printing an existing PDF document gave blank pages (fixed by #43309); we need ≥ 32.
 * - A CSP applied to every response of the session (webRequest.onHeadersReceived) blocks the viewer's
 *   frame and the ready event never comes. Our CSP is only set on app:// responses (protocol.ts).
 * - Chromium no longer reports the default printer (PrinterInfo.isDefault was removed): we ask the OS.
 */
import path from 'node:path';
import type { WebContentsPrintOptions } from 'electron';
import type { PrinterInfo, PrintPdfRequest, PrintPdfResult } from '../shared/host/contract';
import { errorKind, type Logger } from './log';

export const PDF_READY_EVENT = '-pdf-ready-to-print';

// -------------------------------------------------------------------------------------------------------
// Vietnamese reasons shown to the officer
// -------------------------------------------------------------------------------------------------------

export const PRINT_REASONS = {
  printerNotFound: (printer: string) =>
    `Không tìm thấy máy in "${printer}". Hãy chọn máy in khác hoặc kiểm tra kết nối.`,
  noPrinters: 'Máy tính chưa cài máy in nào. Hãy cài đặt hoặc kết nối máy in rồi thử lại.',
  cancelled: 'Đã hủy lệnh in.',
  invalidSettings: (printer: string | undefined, pageSize: string) =>
    printer
      ? `Máy in "${printer}" không nhận cài đặt in (khổ ${pageSize}). Hãy chọn máy in khác hoặc kiểm tra khay giấy.`
      : `Cài đặt in không hợp lệ (khổ ${pageSize}). Hãy chọn máy in và thử lại.`,
  failed: (printer: string | undefined) =>
    printer
      ? `In không thành công trên máy in "${printer}". Hãy kiểm tra máy in đã bật, còn giấy và đang kết nối.`
      : 'In không thành công. Hãy kiểm tra máy in đã bật, còn giấy và đang kết nối.',
  notResponding: (printer: string | undefined) =>
    printer
      ? `Máy in "${printer}" không phản hồi. Hãy kiểm tra máy in rồi in lại.`
      : 'Máy in không phản hồi. Hãy kiểm tra máy in rồi in lại.',
  notReady: 'Không mở được bản in (tệp PDF chưa sẵn sàng). Hãy thử in lại.',
  internal: 'Không in được do lỗi của ứng dụng. Hãy thử lại; nếu vẫn lỗi, hãy lưu tệp PDF rồi in từ trình xem PDF.',
} as const;

/** Maps Electron's `failureReason` of webContents.print to a Vietnamese reason. */
export function mapPrintFailure(failureReason: string, ctx: { printer?: string; pageSize: string }): string {
  const r = failureReason.toLowerCase();
  if (r.includes('cancel')) return PRINT_REASONS.cancelled;
  if (r.includes('invalid')) return PRINT_REASONS.invalidSettings(ctx.printer, ctx.pageSize);
  if (r.includes('no printer') || r.includes('printer not found') || r.includes('no such printer')) {
    return ctx.printer ? PRINT_REASONS.printerNotFound(ctx.printer) : PRINT_REASONS.noPrinters;
  }
  return PRINT_REASONS.failed(ctx.printer);
}

/** A data-free kind of a print failure, for the log. */
function failureKind(failureReason: string): string {
  const r = failureReason.toLowerCase();
  if (r.includes('cancel')) return 'cancelled';
  if (r.includes('invalid')) return 'invalid-settings';
  if (r.includes('fail')) return 'failed';
  return 'other';
}

// -------------------------------------------------------------------------------------------------------
// Default printer (Chromium does not tell)
// -------------------------------------------------------------------------------------------------------

/** `lpstat -d` (CUPS, LANG=C): "system default destination: NAME" or "no system default destination". */
export function parseLpstatDefault(stdout: string): string | null {
  const m = /system default destination:\s*(\S+)/i.exec(stdout);
  return m ? m[1] : null;
}

/** `reg query "HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows" /v Device`: "NAME,winspool,Ne01:". */
export function parseWindowsDeviceValue(stdout: string): string | null {
  const m = /^\s*Device\s+REG_SZ\s+(.+?)\s*$/im.exec(stdout);
  if (!m) return null;
  const parts = m[1].split(',');
  const name = (parts.length >= 3 ? parts.slice(0, -2) : parts.slice(0, 1)).join(',').trim();
  return name || null;
}

/** Asks the OS for its default printer; null when unknown. `run` executes a command and resolves stdout. */
export async function detectDefaultPrinter(
  platform: string,
  run: (command: string, args: string[]) => Promise<string>,
): Promise<string | null> {
  try {
    if (platform === 'win32') {
      return parseWindowsDeviceValue(
        await run('reg', ['query', 'HKCU\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows', '/v', 'Device']),
      );
    }
    if (platform === 'linux' || platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') {
      return parseLpstatDefault(await run('lpstat', ['-d']));
    }
  } catch {
    // no CUPS, no registry value: unknown
  }
  return null;
}

// -------------------------------------------------------------------------------------------------------
// The printing service
// -------------------------------------------------------------------------------------------------------

/** What Electron's getPrintersAsync gives (isDefault only on old versions). */
export interface RawPrinter {
  name: string;
  displayName?: string;
  isDefault?: boolean;
}

type Listener = (...args: unknown[]) => void;

/** The part of a hidden BrowserWindow the print path uses. */
export interface PrintWindowLike {
  loadFile(filePath: string): Promise<void>;
  destroy(): void;
  isDestroyed(): boolean;
  webContents: {
    print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
    once(event: string, listener: Listener): unknown;
    removeListener(event: string, listener: Listener): unknown;
  };
}

export interface PrintingDeps {
  /** A new hidden window: show false, sandboxed, plugins on (the PDF viewer), no preload. */
  createPrintWindow(): PrintWindowLike;
  /** webContents.getPrintersAsync() of some live WebContents. */
  getPrinters(): Promise<RawPrinter[]>;
  getDefaultPrinterName(): Promise<string | null>;
  fs: {
    mkdtemp(prefix: string): Promise<string>;
    writeFile(filePath: string, data: Uint8Array): Promise<void>;
    rm(target: string, options: { recursive: boolean; force: boolean }): Promise<void>;
  };
  tmpDir: string;
  log: Logger;
  /** Bound on waiting for the PDF viewer after the file has loaded. */
  readyTimeoutMs?: number;
  /** Bound on a silent print job's callback. */
  silentPrintTimeoutMs?: number;
  /** Bound on a dialog print job (the officer may leave the dialog open a while). */
  dialogPrintTimeoutMs?: number;
}

/** A file name for the temporary PDF; Chromium shows the document's title/file name as the job name. */
export function jobFileName(jobName: string): string {
  const cleaned = jobName
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${cleaned || 'ban-in'}.pdf`;
}

class ReadyTimeout extends Error {
  override name = 'ReadyTimeout';
}
class PrintWindowGone extends Error {
  override name = 'PrintWindowGone';
}

/**
 * Subscribes to the PDF viewer's ready event at once (it can fire quickly) and returns a promise plus
 * `arm()`, which starts the timeout (called after loadFile resolved, so loading time does not count).
 */
function waitForPdfReady(win: PrintWindowLike, timeoutMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolveFn!: () => void;
  let rejectFn!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    resolveFn = resolve;
    rejectFn = reject;
  });
  const cleanup = () => {
    if (timer) clearTimeout(timer);
    win.webContents.removeListener(PDF_READY_EVENT, onReady);
    win.webContents.removeListener('destroyed', onGone);
    win.webContents.removeListener('render-process-gone', onGone);
  };
  const onReady = () => {
    cleanup();
    resolveFn();
  };
  const onGone = () => {
    cleanup();
    rejectFn(new PrintWindowGone());
  };
  win.webContents.once(PDF_READY_EVENT, onReady);
  win.webContents.once('destroyed', onGone);
  win.webContents.once('render-process-gone', onGone);
  return {
    promise,
    arm() {
      timer ??= setTimeout(() => {
        cleanup();
        rejectFn(new ReadyTimeout());
      }, timeoutMs);
    },
    cancel: cleanup,
  };
}

function printOnce(
  win: PrintWindowLike,
  options: WebContentsPrintOptions,
  timeoutMs: number,
): Promise<{ success: true } | { success: false; failureReason: string } | { timeout: true }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    win.webContents.print(options, (success, failureReason) => {
      clearTimeout(timer);
      resolve(success ? { success: true } : { success: false, failureReason: failureReason ?? '' });
    });
  });
}

export function createPrinting(deps: PrintingDeps) {
  const readyTimeoutMs = deps.readyTimeoutMs ?? 20_000;
  const silentPrintTimeoutMs = deps.silentPrintTimeoutMs ?? 120_000;
  const dialogPrintTimeoutMs = deps.dialogPrintTimeoutMs ?? 30 * 60_000;
  const { log } = deps;

  // One job at a time: printers and the hidden window do not like interleaving.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  async function listPrinters(): Promise<PrinterInfo[]> {
    const [raw, def] = await Promise.all([deps.getPrinters(), deps.getDefaultPrinterName().catch(() => null)]);
    return raw
      .filter((p) => typeof p.name === 'string' && p.name !== '')
      .map((p) => ({
        name: p.name,
        displayName: p.displayName || p.name,
        isDefault: p.isDefault === true || (def !== null && p.name === def),
      }));
  }

  async function runJob(req: PrintPdfRequest, deviceName: string | undefined, shownName: string | undefined): Promise<PrintPdfResult> {
    let dir: string | null = null;
    let win: PrintWindowLike | null = null;
    try {
      dir = await deps.fs.mkdtemp(path.join(deps.tmpDir, 'desk-print-'));
      const file = path.join(dir, jobFileName(req.jobName));
      await deps.fs.writeFile(file, req.pdf);

      win = deps.createPrintWindow();
      const ready = waitForPdfReady(win, readyTimeoutMs);
      try {
        await win.loadFile(file);
      } catch (error) {
        ready.cancel();
        throw error;
      }
      ready.arm();
      await ready.promise;

      const options: WebContentsPrintOptions = {
        silent: req.silent,
        copies: req.copies,
        pageSize: req.pageSize,
        landscape: req.landscape,
        printBackground: true,
        ...(deviceName ? { deviceName } : {}),
      };
      const outcome = await printOnce(win, options, req.silent ? silentPrintTimeoutMs : dialogPrintTimeoutMs);
      if ('timeout' in outcome) {
        log.warn('print timeout');
        return { ok: false, reason: PRINT_REASONS.notResponding(shownName) };
      }
      if (!outcome.success) {
        log.warn(`print failed ${failureKind(outcome.failureReason)}`);
        return { ok: false, reason: mapPrintFailure(outcome.failureReason, { printer: shownName, pageSize: req.pageSize }) };
      }
      log.info('print ok');
      return { ok: true, outcome: 'printed' };
    } catch (error) {
      if (error instanceof ReadyTimeout || error instanceof PrintWindowGone) {
        log.warn(`print not-ready ${error.name}`);
        return { ok: false, reason: PRINT_REASONS.notReady };
      }
      log.error(`print error ${errorKind(error)}`);
      return { ok: false, reason: PRINT_REASONS.internal };
    } finally {
      if (win && !win.isDestroyed()) win.destroy();
      if (dir) await deps.fs.rm(dir, { recursive: true, force: true }).catch(() => log.warn('print temp-cleanup-failed'));
    }
  }

  async function printPdf(req: PrintPdfRequest): Promise<PrintPdfResult> {
    let deviceName: string | undefined;
    let shownName: string | undefined;
    if (req.printer !== undefined || req.silent) {
      let printers: RawPrinter[];
      try {
        printers = await deps.getPrinters();
      } catch (error) {
        log.error(`print list-printers-failed ${errorKind(error)}`);
        printers = [];
      }
      if (req.printer !== undefined) {
        const match = printers.find((p) => p.name === req.printer) ?? printers.find((p) => p.displayName === req.printer);
        if (!match) {
          log.warn('print printer-not-found');
          return { ok: false, reason: PRINT_REASONS.printerNotFound(req.printer) };
        }
        deviceName = match.name;
        shownName = match.displayName || match.name;
      } else if (printers.length === 0) {
        log.warn('print no-printers');
        return { ok: false, reason: PRINT_REASONS.noPrinters };
      }
    }
    return enqueue(() => runJob(req, deviceName, shownName));
  }

  return { listPrinters, printPdf };
}
