import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HostError } from '../shared/host/contract';
import { createSaveFile, createSavePdf, safePdfFileName } from './files';
import type { Logger } from './log';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
const log: Logger = { info() {}, warn() {}, error() {} };

function setup(result: { canceled: boolean; filePath?: string }, opts: { window?: object | null; writeFails?: boolean } = {}) {
  const showSaveDialog = vi.fn(async (..._args: unknown[]) => result);
  const writeFile = vi.fn(async (_p: string, _d: Uint8Array) => {
    if (opts.writeFails) throw Object.assign(new Error('EACCES: /home/x/Giấy.pdf'), { code: 'EACCES' });
  });
  const savePdf = createSavePdf<object>({
    dialog: { showSaveDialog } as never,
    getWindow: () => (opts.window === undefined ? { id: 1 } : opts.window),
    defaultDir: () => '/home/canbo/Documents',
    writeFile,
    log,
  });
  return { savePdf, showSaveDialog, writeFile };
}

describe('savePdf', () => {
  it('opens the save dialog on the documents folder with the suggested name', async () => {
    const { savePdf, showSaveDialog } = setup({ canceled: true });
    await savePdf({ pdf: PDF, suggestedName: 'Giấy tiếp nhận 0001' });
    const [win, options] = showSaveDialog.mock.calls[0] as [object, any];
    expect(win).toEqual({ id: 1 });
    expect(options.defaultPath).toBe(path.join('/home/canbo/Documents', 'Giấy tiếp nhận 0001.pdf'));
    expect(options.filters).toEqual([{ name: 'Tệp PDF', extensions: ['pdf'] }]);
  });

  it('returns saved:false when cancelled and writes nothing', async () => {
    const { savePdf, writeFile } = setup({ canceled: true });
    await expect(savePdf({ pdf: PDF, suggestedName: 'a.pdf' })).resolves.toEqual({ saved: false });
    expect(writeFile).not.toHaveBeenCalled();
  });

  it('writes the bytes where chosen, adding .pdf when missing', async () => {
    const { savePdf, writeFile } = setup({ canceled: false, filePath: '/tmp/out/phieu' });
    await expect(savePdf({ pdf: PDF, suggestedName: 'a.pdf' })).resolves.toEqual({ saved: true, path: '/tmp/out/phieu.pdf' });
    expect(writeFile).toHaveBeenCalledWith('/tmp/out/phieu.pdf', PDF);
  });

  it('works without a window', async () => {
    const { savePdf, showSaveDialog } = setup({ canceled: false, filePath: '/tmp/x.PDF' }, { window: null });
    await expect(savePdf({ pdf: PDF, suggestedName: 'a.pdf' })).resolves.toEqual({ saved: true, path: '/tmp/x.PDF' });
    expect(showSaveDialog.mock.calls[0]).toHaveLength(1);
  });

  it('turns a write failure into a Vietnamese HostError without the path', async () => {
    const { savePdf } = setup({ canceled: false, filePath: '/tmp/x.pdf' }, { writeFails: true });
    const err = await savePdf({ pdf: PDF, suggestedName: 'a.pdf' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('internal');
    expect((err as HostError).message).toMatch(/^Không ghi được tệp PDF/);
    expect((err as HostError).message).not.toContain('/tmp');
  });

  it('makes safe file names', () => {
    expect(safePdfFileName('a/b\\c:d')).toBe('a_b_c_d.pdf');
    expect(safePdfFileName('...')).toBe('tai-lieu.pdf');
    expect(safePdfFileName('Phiếu.PDF')).toBe('Phiếu.PDF');
  });
});

describe('saveFile (exports)', () => {
  const XLSX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]);
  const make = (result: { canceled: boolean; filePath?: string }) => {
    const showSaveDialog = vi.fn(async () => result);
    const writeFile = vi.fn(async () => undefined);
    const saveFile = createSaveFile<object>({ dialog: { showSaveDialog } as never, getWindow: () => ({}), defaultDir: () => '/home/u/Documents', writeFile, log: { info() {}, warn() {}, error() {} } });
    return { saveFile, showSaveDialog, writeFile };
  };
  it('offers the kind\'s extension and filter, and adds the extension when the officer left it out', async () => {
    const { saveFile, showSaveDialog, writeFile } = make({ canceled: false, filePath: '/tmp/so-theo-doi' });
    await expect(saveFile({ kind: 'xlsx', bytes: XLSX, suggestedName: 'so-theo-doi-2026-11-01-2026-11-30' })).resolves.toEqual({ saved: true, path: '/tmp/so-theo-doi.xlsx' });
    expect((showSaveDialog.mock.calls[0] as unknown[])[1]).toMatchObject({ defaultPath: '/home/u/Documents/so-theo-doi-2026-11-01-2026-11-30.xlsx', filters: [{ name: 'Bảng tính Excel', extensions: ['xlsx'] }] });
    expect(writeFile).toHaveBeenCalledWith('/tmp/so-theo-doi.xlsx', XLSX);
  });
  it('writes nothing when cancelled', async () => {
    const { saveFile, writeFile } = make({ canceled: true });
    await expect(saveFile({ kind: 'csv', bytes: new Uint8Array([0xef, 0xbb, 0xbf]), suggestedName: 'a' })).resolves.toEqual({ saved: false });
    expect(writeFile).not.toHaveBeenCalled();
  });
});
