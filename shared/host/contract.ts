/**
 * The host contract: the one door between the renderer and the platform (Electron main or the browser).
 *
 * Defined once here with zod. The preload exposes exactly these named functions as `window.deskHost`,
 * main registers one `ipcMain.handle` per function and validates the sender and every payload with the
 * request schema below, and the browser host implements the same `Host` interface.
 *
 * Pure TypeScript: no DOM, no Electron, no Node.
 */
import { z } from 'zod';
import '../validation/zodVi';
import { BACKUP_FILE_PATTERN } from '../backup/format';

// ---------------------------------------------------------------------------------------------------------
// Limits and shared pieces
// ---------------------------------------------------------------------------------------------------------

/** Largest PDF accepted for printing or saving (20 MiB). */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;
/** Largest secret value (the device credential is far smaller). */
export const MAX_SECRET_CHARS = 8192;
/** Key names of secrets: lower-case ASCII, digits, dot, underscore, dash; 1–64 characters. */
export const SECRET_KEY_PATTERN = /^[a-z0-9._-]{1,64}$/;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const FILE_NAME_FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f]/;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when the bytes begin with "%PDF-" (the header may follow a little leading garbage in the wild; ours never does). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  if (bytes.byteLength < PDF_MAGIC.length) return false;
  return PDF_MAGIC.every((b, i) => bytes[i] === b);
}

const pdfBytes = z
  .instanceof(Uint8Array, { message: 'Tệp PDF phải là dữ liệu nhị phân (Uint8Array).' })
  .refine((b) => b.byteLength > 0, { message: 'Tệp PDF rỗng.' })
  .refine((b) => b.byteLength <= MAX_PDF_BYTES, { message: 'Tệp PDF quá lớn (tối đa 20 MB).' })
  .refine(looksLikePdf, { message: 'Dữ liệu không phải là tệp PDF.' });

const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'Không được chứa ký tự điều khiển.' });

const secretKey = z.string().regex(SECRET_KEY_PATTERN, 'Tên khoá bí mật không hợp lệ.');

/** No payload: the function is called without arguments. */
const noPayload = z.undefined();

// ---------------------------------------------------------------------------------------------------------
// Schemas, one request and one response per function
// ---------------------------------------------------------------------------------------------------------

export const appInfoResponseSchema = z.strictObject({
  version: z.string(),
  platform: z.string(),
  shell: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof appInfoResponseSchema>;

export const printerInfoSchema = z.strictObject({
  /** System name, the one to pass back as `printer` in printPdf. */
  name: z.string().min(1),
  /** Friendly name to show. */
  displayName: z.string(),
  /** Best effort: Chromium no longer reports the default printer; main asks the OS where it can. */
  isDefault: z.boolean(),
});
export type PrinterInfo = z.infer<typeof printerInfoSchema>;
export const listPrintersResponseSchema = z.array(printerInfoSchema);

export const printPdfRequestSchema = z.strictObject({
  pdf: pdfBytes,
  /** System printer name (PrinterInfo.name). Absent: the system default printer (silent) or the dialog's choice. */
  printer: plainText(256).optional(),
  /** true: no dialog. false: the system print dialog. */
  silent: z.boolean(),
  copies: z.number().int().min(1).max(20),
  pageSize: z.enum(['A4', 'A5']),
  landscape: z.boolean(),
  /** Shown in the print queue (e.g. "Giấy tiếp nhận 000.17.22.H56-250701-0001"). */
  jobName: plainText(120),
});
export type PrintPdfRequest = z.infer<typeof printPdfRequestSchema>;

export const printPdfResponseSchema = z.discriminatedUnion('ok', [
  /**
   * `printed`: the printer took the job (Electron's print callback said so); `dialog_opened`: a browser
   * only opened its print dialog and cannot tell whether the officer printed or cancelled.
   */
  z.strictObject({ ok: z.literal(true), outcome: z.enum(['printed', 'dialog_opened']).optional() }),
  /** `reason` is Vietnamese, ready to show to the officer. */
  z.strictObject({ ok: z.literal(false), reason: z.string().min(1) }),
]);
export type PrintPdfResult = z.infer<typeof printPdfResponseSchema>;

export const savePdfRequestSchema = z.strictObject({
  pdf: pdfBytes,
  /** A bare file name (no folders), e.g. "giay-tiep-nhan-000.17.22.H56-250701-0001.pdf". */
  suggestedName: z
    .string()
    .min(1)
    .max(120)
    .refine((s) => !FILE_NAME_FORBIDDEN.test(s), { message: 'Tên tệp không được chứa ký tự \\ / : * ? " < > |.' })
    .refine((s) => s.trim() !== '' && s !== '.' && s !== '..', { message: 'Tên tệp không hợp lệ.' }),
});
export type SavePdfRequest = z.infer<typeof savePdfRequestSchema>;

export const savePdfResponseSchema = z.discriminatedUnion('saved', [
  /** `path`: the full path in Electron; the file name only in a browser (it goes to the downloads folder). */
  z.strictObject({ saved: z.literal(true), path: z.string().min(1) }),
  z.strictObject({ saved: z.literal(false) }),
]);
export type SavePdfResult = z.infer<typeof savePdfResponseSchema>;

/** Largest exported spreadsheet, CSV or PDF the desk saves (50 MiB: 100,000 rows fit). */
export const MAX_EXPORT_BYTES = 50 * 1024 * 1024;

/** The kinds of file the desk exports, each with its extension, its type and how its bytes must begin. */
export const EXPORT_KINDS = {
  xlsx: { extension: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Bảng tính Excel', magic: [0x50, 0x4b, 0x03, 0x04] },
  csv: { extension: 'csv', mime: 'text/csv;charset=utf-8', label: 'Tệp CSV', magic: [0xef, 0xbb, 0xbf] },
  pdf: { extension: 'pdf', mime: 'application/pdf', label: 'Tệp PDF', magic: PDF_MAGIC },
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

const fileName = z
  .string()
  .min(1)
  .max(120)
  .refine((s) => !FILE_NAME_FORBIDDEN.test(s), { message: 'Tên tệp không được chứa ký tự \\ / : * ? " < > |.' })
  .refine((s) => s.trim() !== '' && s !== '.' && s !== '..', { message: 'Tên tệp không hợp lệ.' });

/** saveFile: an export (the tracking book, a report) saved where the officer chooses. */
export const saveFileRequestSchema = z
  .strictObject({
    kind: z.enum(['xlsx', 'csv', 'pdf']),
    bytes: z
      .instanceof(Uint8Array, { message: 'Tệp phải là dữ liệu nhị phân (Uint8Array).' })
      .refine((b) => b.byteLength > 0, { message: 'Tệp rỗng.' })
      .refine((b) => b.byteLength <= MAX_EXPORT_BYTES, { message: 'Tệp quá lớn (tối đa 50 MB).' }),
    suggestedName: fileName,
  })
  // A .xlsx is a zip, a CSV of ours starts with the UTF-8 BOM, a PDF with "%PDF-": anything else is refused.
  .refine((r) => EXPORT_KINDS[r.kind].magic.every((b, i) => r.bytes[i] === b), { message: 'Nội dung tệp không đúng loại tệp.', path: ['bytes'] });
export type SaveFileRequest = z.infer<typeof saveFileRequestSchema>;

export const secretKeyRequestSchema = z.strictObject({ key: secretKey });
export type SecretKeyRequest = z.infer<typeof secretKeyRequestSchema>;

export const secretGetResponseSchema = z.strictObject({ value: z.string().nullable() });
export type SecretGetResult = z.infer<typeof secretGetResponseSchema>;

export const secretSetRequestSchema = z.strictObject({
  key: secretKey,
  value: z.string().max(MAX_SECRET_CHARS),
});
export type SecretSetRequest = z.infer<typeof secretSetRequestSchema>;

export const okResponseSchema = z.strictObject({ ok: z.literal(true) });
export type OkResult = z.infer<typeof okResponseSchema>;

/** Largest piece of a backup file one backupWrite carries (the desk sends one encrypted frame at a time). */
export const MAX_BACKUP_PART_BYTES = 64 * 1024 * 1024;
const backupName = z.string().regex(BACKUP_FILE_PATTERN, 'Tên tệp sao lưu không hợp lệ (motcua-YYYYMMDD-HHmmss.mcbk).');

export const backupFolderResponseSchema = z.strictObject({
  /** The folder the administrator chose (Electron); null in a browser or before one is chosen. */
  folder: z.string().min(1).nullable(),
  /** The desk's backups in it, newest first. */
  files: z.array(z.strictObject({ name: backupName, bytes: z.number().int().min(0), modifiedAt: z.number() })).max(1000),
});
export type BackupFolder = z.infer<typeof backupFolderResponseSchema>;

/**
 * One piece of a backup file, in order. Electron writes `<folder>/<name>.partial` and, with `last`, renames
 * it to `<name>` and keeps the newest `keep` backups of the folder; a browser downloads the file at `last`.
 * Main accepts only a bare name of the desk's pattern, so nothing is written outside the chosen folder.
 */
export const backupWriteRequestSchema = z.strictObject({
  name: backupName,
  part: z
    .instanceof(Uint8Array, { message: 'Dữ liệu sao lưu phải là dữ liệu nhị phân (Uint8Array).' })
    .refine((b) => b.byteLength > 0, { message: 'Phần dữ liệu sao lưu rỗng.' })
    .refine((b) => b.byteLength <= MAX_BACKUP_PART_BYTES, { message: 'Phần dữ liệu sao lưu quá lớn.' }),
  first: z.boolean(),
  last: z.boolean(),
  keep: z.number().int().min(1).max(365),
});
export type BackupWriteRequest = z.infer<typeof backupWriteRequestSchema>;
export const backupWriteResponseSchema = z.strictObject({ ok: z.literal(true), /** the file's full path (Electron) or its name (browser download) */ location: z.string().min(1) });

/**
 * The scanner's hot folder (Electron only): the scanner's software saves into a folder chosen once; main
 * watches it (chokidar) and offers each new file; the renderer reads a file by its bare name only, and
 * main reads nothing outside that folder (no path, no symlink out of it). A file taken or set aside is
 * moved into the folder's "Đã nhận" subfolder, so it is not offered again.
 */
export const MAX_SCAN_INBOX_FILE_BYTES = 100 * 1024 * 1024;
export const SCAN_DONE_SUBFOLDER = 'Đã nhận';
const scanInboxName = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !FILE_NAME_FORBIDDEN.test(s), { message: 'Tên tệp quét không được chứa thư mục hay ký tự đặc biệt.' })
  .refine((s) => s.trim() !== '' && s !== '.' && s !== '..' && !s.startsWith('.'), { message: 'Tên tệp quét không hợp lệ.' });

export const scanFolderResponseSchema = z.strictObject({
  /** False in a browser: a page cannot watch a folder. */
  supported: z.boolean(),
  /** The folder chosen (absolute path), or null. */
  folder: z.string().min(1).nullable(),
});
export type ScanFolderStatus = z.infer<typeof scanFolderResponseSchema>;

export const scanInboxResponseSchema = z.strictObject({
  /** Files in the folder not yet taken, oldest first (complete: main waits until the scanner stops writing). */
  files: z.array(z.strictObject({ name: scanInboxName, bytes: z.number().int().min(0), modifiedAt: z.number() })).max(500),
});
export type ScanInbox = z.infer<typeof scanInboxResponseSchema>;
export type ScanInboxFile = ScanInbox['files'][number];

export const scanInboxNameRequestSchema = z.strictObject({ name: scanInboxName });
export const scanInboxReadResponseSchema = z.strictObject({
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SCAN_INBOX_FILE_BYTES, { message: 'Tệp quét quá lớn.' }),
});

// ---------------------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------------------

export const HOST_CONTRACT = {
  appInfo: { request: noPayload, response: appInfoResponseSchema },
  listPrinters: { request: noPayload, response: listPrintersResponseSchema },
  printPdf: { request: printPdfRequestSchema, response: printPdfResponseSchema },
  savePdf: { request: savePdfRequestSchema, response: savePdfResponseSchema },
  saveFile: { request: saveFileRequestSchema, response: savePdfResponseSchema },
  secretGet: { request: secretKeyRequestSchema, response: secretGetResponseSchema },
  secretSet: { request: secretSetRequestSchema, response: okResponseSchema },
  secretDelete: { request: secretKeyRequestSchema, response: okResponseSchema },
  backupChooseFolder: { request: noPayload, response: backupFolderResponseSchema },
  backupFolder: { request: noPayload, response: backupFolderResponseSchema },
  backupWrite: { request: backupWriteRequestSchema, response: backupWriteResponseSchema },
  scanFolderChoose: { request: noPayload, response: scanFolderResponseSchema },
  scanFolder: { request: noPayload, response: scanFolderResponseSchema },
  scanInbox: { request: noPayload, response: scanInboxResponseSchema },
  scanInboxRead: { request: scanInboxNameRequestSchema, response: scanInboxReadResponseSchema },
  scanInboxDone: { request: scanInboxNameRequestSchema, response: okResponseSchema },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type HostFunctionName = keyof typeof HOST_CONTRACT;

/** The function names, in the contract's order. Exactly the keys of `window.deskHost`. */
export const HOST_FUNCTION_NAMES = Object.keys(HOST_CONTRACT) as HostFunctionName[];

export const HOST_CHANNEL_PREFIX = 'deskHost:';
export type HostChannel<K extends HostFunctionName = HostFunctionName> = `${typeof HOST_CHANNEL_PREFIX}${K}`;

/** IPC channel per function: `deskHost:<name>`. The preload and main derive their channels from this map. */
export const HOST_CHANNELS = Object.fromEntries(HOST_FUNCTION_NAMES.map((name) => [name, `${HOST_CHANNEL_PREFIX}${name}`])) as {
  readonly [K in HostFunctionName]: HostChannel<K>;
};

export type HostRequest<K extends HostFunctionName> = z.output<(typeof HOST_CONTRACT)[K]['request']>;
export type HostResponse<K extends HostFunctionName> = z.output<(typeof HOST_CONTRACT)[K]['response']>;

/**
 * What the renderer uses (`import { host } from '.../host'`): one async function per contract entry,
 * derived from the contract, so a new function costs the contract entry and its two implementations.
 */
export type Host = {
  [K in HostFunctionName]: [HostRequest<K>] extends [undefined]
    ? () => Promise<HostResponse<K>>
    : (request: HostRequest<K>) => Promise<HostResponse<K>>;
};

/** What the preload puts on `window.deskHost`: one function per contract name, each invoking its channel. */
export type DeskHostBridge = { readonly [K in HostFunctionName]: (payload?: unknown) => Promise<unknown> };

// ---------------------------------------------------------------------------------------------------------
// Errors crossing the door
// ---------------------------------------------------------------------------------------------------------

export const HOST_ERROR_CODES = [
  /** The payload did not match the request schema; nothing was executed. */
  'invalid-payload',
  /** The call did not come from the app's own main frame; nothing was executed. */
  'forbidden-sender',
  /** The OS secret storage (safeStorage / WebCrypto) is not available; nothing was stored. */
  'secrets-unavailable',
  /** A stored secret could not be decrypted (other user, reinstalled OS keyring, damaged file). */
  'secrets-unreadable',
  /** Anything else. */
  'internal',
] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

const WIRE_PATTERN = /DESK_HOST_ERROR\[([a-z-]+)\] ([\s\S]*)$/;

/** An error thrown by the host. `message` is meant for logs and, where sensible, for the officer. */
export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The form that survives Electron's IPC (which keeps only the message of a rejected invoke). */
  toWire(): string {
    return `DESK_HOST_ERROR[${this.code}] ${this.message}`;
  }
}

/** Turns anything thrown across the door back into a HostError (Electron wraps the message in its own text). */
export function toHostError(error: unknown): HostError {
  if (error instanceof HostError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const m = WIRE_PATTERN.exec(message);
  if (m && (HOST_ERROR_CODES as readonly string[]).includes(m[1])) {
    return new HostError(m[1] as HostErrorCode, m[2]);
  }
  return new HostError('internal', message);
}
