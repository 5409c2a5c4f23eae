import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PrintPdfRequest } from '../shared/host/contract';
import type { Logger } from './log';
import {
  createPrinting,
  detectDefaultPrinter,
  jobFileName,
  mapPrintFailure,
  parseLpstatDefault,
  parseWindowsDeviceValue,
  PDF_READY_EVENT,
  PRINT_REASONS,
  type PrintWindowLike,
  type RawPrinter,
} from './printing';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a]);

const request = (patch: Partial<PrintPdfRequest> = {}): PrintPdfRequest => ({
  pdf: PDF,
  silent: true,
  copies: 2,
  pageSize: 'A5',
  landscape: false,
  jobName: 'Giấy tiếp nhận 000.17.22.H56-250701-0001',
  ...patch,
});

type PrintBehaviour =
  | { kind: 'ok' }
  | { kind: 'fail'; reason: string }
  | { kind: 'never' };

class FakePrintWindow implements PrintWindowLike {
  readonly contents = new EventEmitter();
  destroyed = false;
  loadedFile: string | null = null;
  fileExistedAtPrint = false;
  fileBytesAtPrint: Buffer | null = null;
  printOptions: unknown = null;
  constructor(
    private readonly behaviour: {
      ready: 'emit' | 'never' | 'gone';
      load?: 'ok' | 'reject';
      print: PrintBehaviour;
    },
  ) {}
  webContents = {
    print: (options: any, cb: (success: boolean, reason: string) => void) => {
      this.printOptions = options;
      this.fileExistedAtPrint = this.loadedFile !== null && fs.existsSync(this.loadedFile);
      this.fileBytesAtPrint = this.loadedFile ? fs.readFileSync(this.loadedFile) : null;
      const b = this.behaviour.print;
      if (b.kind === 'ok') setTimeout(() => cb(true, ''), 1);
      else if (b.kind === 'fail') setTimeout(() => cb(false, b.reason), 1);
    },
    once: (event: string, l: (...a: unknown[]) => void) => this.contents.once(event, l),
    removeListener: (event: string, l: (...a: unknown[]) => void) => this.contents.removeListener(event, l),
  };
  async loadFile(file: string) {
    this.loadedFile = file;
    if (this.behaviour.load === 'reject') throw new Error('ERR_FAILED');
    if (this.behaviour.ready === 'emit') setTimeout(() => this.contents.emit(PDF_READY_EVENT), 2);
    if (this.behaviour.ready === 'gone') setTimeout(() => this.contents.emit('render-process-gone', {}, { reason: 'crashed' }), 2);
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

let tmp: string;
beforeEach(async () => {
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'desk-printing-test-'));
});
afterEach(async () => {
  await fsp.rm(tmp, { recursive: true, force: true });
});

function setup(opts: {
  printers?: RawPrinter[];
  defaultPrinter?: string | null;
  windows?: FakePrintWindow[];
}) {
  const lines: string[] = [];
  const log: Logger = { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
  const queue = [...(opts.windows ?? [])];
  const created: FakePrintWindow[] = [];
  const printing = createPrinting({
    createPrintWindow: () => {
      const w = queue.shift() ?? new FakePrintWindow({ ready: 'emit', print: { kind: 'ok' } });
      created.push(w);
      return w;
    },
    getPrinters: async () =>
      opts.printers ?? [
        { name: 'HP_LaserJet_M404', displayName: 'HP LaserJet M404' },
        { name: 'Canon_LBP2900', displayName: 'Canon LBP2900' },
      ],
    getDefaultPrinterName: async () => opts.defaultPrinter ?? null,
    fs: {
      mkdtemp: (prefix) => fsp.mkdtemp(prefix),
      writeFile: (p, d) => fsp.writeFile(p, d),
      rm: (p, o) => fsp.rm(p, o),
    },
    tmpDir: tmp,
    log,
    readyTimeoutMs: 50,
    silentPrintTimeoutMs: 50,
    dialogPrintTimeoutMs: 80,
  });
  return { printing, created, lines };
}

describe('printPdf', () => {
  it('writes the PDF to a temp file, waits for the viewer, prints with the options, then cleans up', async () => {
    const { printing, created, lines } = setup({});
    const result = await printing.printPdf(request({ printer: 'HP_LaserJet_M404', landscape: true }));
    expect(result).toEqual({ ok: true, outcome: 'printed' });
    const w = created[0];
    expect(w.fileExistedAtPrint).toBe(true);
    expect(new Uint8Array(w.fileBytesAtPrint!)).toEqual(PDF);
    expect(path.basename(w.loadedFile!)).toBe('Giấy tiếp nhận 000.17.22.H56-250701-0001.pdf');
    expect(w.printOptions).toEqual({
      silent: true,
      deviceName: 'HP_LaserJet_M404',
      copies: 2,
      pageSize: 'A5',
      landscape: true,
      printBackground: true,
    });
    expect(w.destroyed).toBe(true);
    expect(fs.existsSync(w.loadedFile!)).toBe(false);
    expect(fs.readdirSync(tmp)).toEqual([]);
    // Logs carry no job name, printer or path.
    expect(lines.join('\n')).not.toMatch(/HP|Giấy|000\.17|desk-print/);
  });

  it('accepts the friendly name and prints to the system name', async () => {
    const { printing, created } = setup({});
    await expect(printing.printPdf(request({ printer: 'Canon LBP2900' }))).resolves.toEqual({ ok: true, outcome: 'printed' });
    expect((created[0].printOptions as { deviceName: string }).deviceName).toBe('Canon_LBP2900');
  });

  it('says in Vietnamese when the printer does not exist, without opening a window', async () => {
    const { printing, created } = setup({});
    const result = await printing.printPdf(request({ printer: 'Máy in tầng 2' }));
    expect(result).toEqual({
      ok: false,
      reason: 'Không tìm thấy máy in "Máy in tầng 2". Hãy chọn máy in khác hoặc kiểm tra kết nối.',
    });
    expect(created).toHaveLength(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('refuses a silent print when the computer has no printer', async () => {
    const { printing, created } = setup({ printers: [] });
    await expect(printing.printPdf(request())).resolves.toEqual({ ok: false, reason: PRINT_REASONS.noPrinters });
    expect(created).toHaveLength(0);
  });

  it('opens the system dialog (silent false) without a printer and without asking for the list', async () => {
    const { printing, created } = setup({ printers: [] });
    await expect(printing.printPdf(request({ silent: false }))).resolves.toEqual({ ok: true, outcome: 'printed' });
    expect(created[0].printOptions).toMatchObject({ silent: false });
    expect(created[0].printOptions).not.toHaveProperty('deviceName');
  });

  it.each([
    ['Print job canceled', PRINT_REASONS.cancelled],
    ['Print job failed', PRINT_REASONS.failed('HP LaserJet M404')],
    ['Invalid printer settings', PRINT_REASONS.invalidSettings('HP LaserJet M404', 'A5')],
    ['Something new', PRINT_REASONS.failed('HP LaserJet M404')],
  ])('maps the failure %j to a Vietnamese reason and cleans up', async (reason, expected) => {
    const w = new FakePrintWindow({ ready: 'emit', print: { kind: 'fail', reason } });
    const { printing } = setup({ windows: [w] });
    await expect(printing.printPdf(request({ printer: 'HP_LaserJet_M404' }))).resolves.toEqual({ ok: false, reason: expected });
    expect(w.destroyed).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('gives up when the PDF viewer never becomes ready', async () => {
    const w = new FakePrintWindow({ ready: 'never', print: { kind: 'ok' } });
    const { printing } = setup({ windows: [w] });
    await expect(printing.printPdf(request())).resolves.toEqual({ ok: false, reason: PRINT_REASONS.notReady });
    expect(w.printOptions).toBeNull();
    expect(w.destroyed).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('gives up when the viewer process dies', async () => {
    const w = new FakePrintWindow({ ready: 'gone', print: { kind: 'ok' } });
    const { printing } = setup({ windows: [w] });
    await expect(printing.printPdf(request())).resolves.toEqual({ ok: false, reason: PRINT_REASONS.notReady });
    expect(w.printOptions).toBeNull();
  });

  it('reports a load failure as an app error and cleans up', async () => {
    const w = new FakePrintWindow({ ready: 'never', load: 'reject', print: { kind: 'ok' } });
    const { printing } = setup({ windows: [w] });
    await expect(printing.printPdf(request())).resolves.toEqual({ ok: false, reason: PRINT_REASONS.internal });
    expect(w.destroyed).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('reports a printer that never answers', async () => {
    const w = new FakePrintWindow({ ready: 'emit', print: { kind: 'never' } });
    const { printing } = setup({ windows: [w] });
    await expect(printing.printPdf(request({ printer: 'HP_LaserJet_M404' }))).resolves.toEqual({
      ok: false,
      reason: PRINT_REASONS.notResponding('HP LaserJet M404'),
    });
    expect(w.destroyed).toBe(true);
  });

  it('runs one job at a time', async () => {
    const events: string[] = [];
    const slow = new FakePrintWindow({ ready: 'emit', print: { kind: 'ok' } });
    const origPrint = slow.webContents.print;
    slow.webContents.print = (o, cb) => {
      events.push('print-1-start');
      origPrint(o, (s, r) => setTimeout(() => {
        events.push('print-1-end');
        cb(s, r);
      }, 20));
    };
    const second = new FakePrintWindow({ ready: 'emit', print: { kind: 'ok' } });
    const origLoad = second.loadFile.bind(second);
    second.loadFile = async (f) => {
      events.push('load-2');
      return origLoad(f);
    };
    const { printing } = setup({ windows: [slow, second] });
    const results = await Promise.all([printing.printPdf(request()), printing.printPdf(request())]);
    expect(results).toEqual([{ ok: true, outcome: 'printed' }, { ok: true, outcome: 'printed' }]);
    expect(events).toEqual(['print-1-start', 'print-1-end', 'load-2']);
  });
});

describe('listPrinters', () => {
  it('maps names and marks the OS default', async () => {
    const { printing } = setup({ defaultPrinter: 'Canon_LBP2900' });
    await expect(printing.listPrinters()).resolves.toEqual([
      { name: 'HP_LaserJet_M404', displayName: 'HP LaserJet M404', isDefault: false },
      { name: 'Canon_LBP2900', displayName: 'Canon LBP2900', isDefault: true },
    ]);
  });

  it('falls back to the system name and honours a legacy isDefault', async () => {
    const { printing } = setup({ printers: [{ name: 'PDF', displayName: '', isDefault: true }, { name: '' }] });
    await expect(printing.listPrinters()).resolves.toEqual([{ name: 'PDF', displayName: 'PDF', isDefault: true }]);
  });
});

describe('helpers', () => {
  it('maps raw reasons', () => {
    expect(mapPrintFailure('Print job canceled', { pageSize: 'A4' })).toBe('Đã hủy lệnh in.');
    expect(mapPrintFailure('Print job failed', { pageSize: 'A4' })).toBe(PRINT_REASONS.failed(undefined));
    expect(mapPrintFailure('Invalid printer settings', { pageSize: 'A4' })).toBe(PRINT_REASONS.invalidSettings(undefined, 'A4'));
  });

  it('parses lpstat -d', () => {
    expect(parseLpstatDefault('system default destination: HP_LaserJet_M404\n')).toBe('HP_LaserJet_M404');
    expect(parseLpstatDefault('no system default destination\n')).toBeNull();
    expect(parseLpstatDefault('')).toBeNull();
  });

  it('parses the Windows Device registry value', () => {
    const out =
      '\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows\r\n' +
      '    Device    REG_SZ    Canon LBP2900, tầng 1,winspool,Ne01:\r\n\r\n';
    expect(parseWindowsDeviceValue(out)).toBe('Canon LBP2900, tầng 1');
    expect(parseWindowsDeviceValue('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
  });

  it('asks the right command per platform and survives failures', async () => {
    const run = vi.fn(async (cmd: string) => (cmd === 'lpstat' ? 'system default destination: X\n' : '    Device    REG_SZ    Y,winspool,Ne00:\n'));
    await expect(detectDefaultPrinter('linux', run)).resolves.toBe('X');
    await expect(detectDefaultPrinter('win32', run)).resolves.toBe('Y');
    await expect(detectDefaultPrinter('aix', run)).resolves.toBeNull();
    await expect(detectDefaultPrinter('linux', async () => Promise.reject(new Error('ENOENT')))).resolves.toBeNull();
  });

  it('makes a safe temp file name from the job name', () => {
    expect(jobFileName('Phiếu 02/2025: bổ sung')).toBe('Phiếu 02_2025_ bổ sung.pdf');
    expect(jobFileName('../../x')).toBe('_.._x.pdf');
    expect(jobFileName('...')).toBe('ban-in.pdf');
    expect(jobFileName('a'.repeat(200))).toBe(`${'a'.repeat(80)}.pdf`);
  });
});
