/**
 * savePdf: the system "Save as" dialog, then the file is written where the officer chose.
 */
import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import { EXPORT_KINDS, HostError, type SaveFileRequest, type SavePdfRequest, type SavePdfResult } from '../shared/host/contract';
import { errorKind, type Logger } from './log';

export interface SaveDialogLike<W> {
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

/** A safe bare file name ending in .pdf (the contract already refuses separators; this is belt and braces). */
export function safePdfFileName(suggested: string): string {
  const base = suggested
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120)
    .trim();
  const name = base || 'tai-lieu';
  return /\.pdf$/i.test(name) ? name : `${name}.pdf`;
}

export function createSavePdf<W>(deps: {
  dialog: SaveDialogLike<W>;
  getWindow(): W | null;
  /** app.getPath('documents'), where the dialog opens. */
  defaultDir(): string;
  writeFile(filePath: string, data: Uint8Array): Promise<void>;
  log: Logger;
}) {
  return async function savePdf(req: SavePdfRequest): Promise<SavePdfResult> {
    const options: SaveDialogOptions = {
      title: 'Lưu tệp PDF',
      buttonLabel: 'Lưu',
      defaultPath: path.join(deps.defaultDir(), safePdfFileName(req.suggestedName)),
      filters: [{ name: 'Tệp PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = deps.getWindow();
    const result = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) {
      deps.log.info('savePdf cancelled');
      return { saved: false };
    }
    const target = /\.pdf$/i.test(result.filePath) ? result.filePath : `${result.filePath}.pdf`;
    try {
      await deps.writeFile(target, req.pdf);
    } catch (error) {
      deps.log.error(`savePdf write-failed ${errorKind(error)}`);
      throw new HostError('internal', 'Không ghi được tệp PDF. Hãy chọn thư mục khác hoặc kiểm tra quyền ghi và dung lượng đĩa.');
    }
    deps.log.info('savePdf saved');
    return { saved: true, path: target };
  };
}

/** A safe bare file name with the export's extension. */
export function safeExportFileName(suggested: string, extension: string): string {
  const base = safePdfFileName(suggested).replace(/\.pdf$/i, '');
  const name = base.toLowerCase().endsWith(`.${extension}`) ? base : `${base}.${extension}`;
  return name;
}

/** saveFile: the same "Save as" dialog for the exports (.xlsx, .csv, .pdf), the filter set to the kind. */
export function createSaveFile<W>(deps: Parameters<typeof createSavePdf<W>>[0]) {
  return async function saveFile(req: SaveFileRequest): Promise<SavePdfResult> {
    const kind = EXPORT_KINDS[req.kind];
    const options: SaveDialogOptions = {
      title: `Lưu ${kind.label.toLowerCase()}`,
      buttonLabel: 'Lưu',
      defaultPath: path.join(deps.defaultDir(), safeExportFileName(req.suggestedName, kind.extension)),
      filters: [{ name: kind.label, extensions: [kind.extension] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = deps.getWindow();
    const result = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) {
      deps.log.info('saveFile cancelled');
      return { saved: false };
    }
    const target = result.filePath.toLowerCase().endsWith(`.${kind.extension}`) ? result.filePath : `${result.filePath}.${kind.extension}`;
    try {
      await deps.writeFile(target, req.bytes);
    } catch (error) {
      deps.log.error(`saveFile write-failed ${errorKind(error)}`);
      throw new HostError('internal', 'Không ghi được tệp. Hãy chọn thư mục khác hoặc kiểm tra quyền ghi và dung lượng đĩa.');
    }
    deps.log.info(`saveFile saved ${req.kind}`);
    return { saved: true, path: target };
  };
}
