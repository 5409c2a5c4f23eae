// The desk's backup file: what it holds and how it is framed, so that the desk that writes it and the
// desk that restores it (another machine, a later release) agree. Encryption itself is WebCrypto's
// (renderer/src/db/backup.ts); this file is pure.
//
//   "MCBK" 0x01 0x00 0x00 0x00            magic and format version (8 bytes)
//   u32 big-endian n, n bytes            the header, JSON in UTF-8, in clear (it names no person)
//   then frames: u32 n, n bytes          12-byte IV followed by the AES-GCM ciphertext and tag
//
// Every frame's additional data is the header's bytes followed by the frame's index and a final flag
// (u32 each), so a frame moved, dropped, repeated or taken from another file fails to decrypt, and a
// file cut short lacks its final frame. The last frame is the manifest: the row count of every table.
import { z } from 'zod';

export const BACKUP_MAGIC = [0x4d, 0x43, 0x42, 0x4b, 0x01, 0x00, 0x00, 0x00];
export const BACKUP_FORMAT = 1;
/** Rows per encrypted frame: a frame of dossiers stays around a megabyte. */
export const BACKUP_ROWS_PER_FRAME = 1000;
/**
 * Files kept as Blobs (the scans' PDFs, table scanFiles) travel outside their rows: the row says
 * `{"$blob": <bytes>}` in place of the file, and the file follows in 'blob' frames of at most this many
 * bytes each (base64 in the frame), in order, so a frame stays far under the limit below.
 */
export const BACKUP_BLOB_PART_BYTES = 8 * 1024 * 1024;
/** Tables whose rows hold a Blob, and the field that holds it. */
export const BACKUP_BLOB_FIELDS: Record<string, string> = { scanFiles: 'pdf' };
/** Largest frame a restore accepts (a frame of rows is far smaller). */
export const BACKUP_MAX_FRAME_BYTES = 64 * 1024 * 1024;
export const BACKUP_MIN_PASSPHRASE = 10;
/** PBKDF2-SHA-256 rounds for the backup key (a passphrase typed once per backup or restore). */
export const BACKUP_KDF_ITERATIONS = 600_000;
/** The file extension of the desk's backups. */
export const BACKUP_EXTENSION = '.mcbk';
/** Backup file names the desk writes (and the only ones Electron's main accepts): motcua-YYYYMMDD-HHmmss.mcbk */
export const BACKUP_FILE_PATTERN = /^motcua-\d{8}-\d{6}\.mcbk$/;

export const backupHeaderSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  app: z.literal('mot-cua-desk'),
  createdAt: z.number().int().positive(),
  /** The Dexie schema version the rows were read under. */
  schemaVersion: z.number().int().min(1),
  kdf: z.strictObject({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.number().int().min(100_000).max(10_000_000),
    salt: z.string().min(16).max(64),
  }),
  /** SHA-256 (base64) of the second half of the derived bits: tells a wrong passphrase from a damaged file. */
  keyCheck: z.string().min(40).max(50),
  agencyCode: z.string().max(40),
  deskNo: z.number().int().min(0).max(99),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** One decrypted frame: rows of a table, the device secrets, or the closing manifest. */
export const backupFrameSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('rows'), table: z.string().min(1).max(40), rows: z.array(z.unknown()) }),
  z.strictObject({ t: z.literal('secrets'), values: z.record(z.string(), z.string()) }),
  /** A piece of a row's Blob: the row's table and primary key, the piece's number, its bytes in base64. */
  z.strictObject({ t: z.literal('blob'), table: z.string().min(1).max(40), id: z.string().min(1).max(100), part: z.number().int().min(0), data: z.string() }),
  z.strictObject({ t: z.literal('end'), counts: z.record(z.string(), z.number().int().min(0)), frames: z.number().int().min(1) }),
]);
export type BackupFrame = z.infer<typeof backupFrameSchema>;

/** Why a file is refused. Nothing on the desk is touched in any of these cases. */
export const BACKUP_MESSAGES = {
  notBackup: 'Tệp này không phải là bản sao lưu của phần mềm một cửa.',
  newerFormat: 'Bản sao lưu được tạo bởi phiên bản mới hơn của phần mềm: hãy cập nhật phần mềm rồi khôi phục lại.',
  newerSchema: (v: number, mine: number) => `Bản sao lưu có cấu trúc dữ liệu phiên bản ${v}, mới hơn phiên bản ${mine} của phần mềm này: hãy cập nhật phần mềm rồi khôi phục lại.`,
  wrongPassphrase: 'Sai mật khẩu sao lưu: không giải mã được tệp. Dữ liệu trên máy không thay đổi.',
  corrupt: (frame: number) => `Tệp sao lưu bị hỏng (khối dữ liệu thứ ${frame + 1} không giải mã được hoặc đã bị sửa). Không khôi phục gì; dữ liệu trên máy không thay đổi.`,
  truncated: 'Tệp sao lưu không đầy đủ (bị cắt ngắn hoặc chép chưa xong). Không khôi phục gì; dữ liệu trên máy không thay đổi.',
  trailing: 'Tệp sao lưu có dữ liệu lạ sau phần kết thúc. Không khôi phục gì; dữ liệu trên máy không thay đổi.',
  countMismatch: (table: string) => `Tệp sao lưu không khớp với bảng kê của nó (bảng ${table}). Không khôi phục gì; dữ liệu trên máy không thay đổi.`,
  unknownTable: (table: string) => `Tệp sao lưu có bảng dữ liệu lạ (${table}). Không khôi phục gì; dữ liệu trên máy không thay đổi.`,
  shortPassphrase: `Mật khẩu sao lưu cần ít nhất ${BACKUP_MIN_PASSPHRASE} ký tự.`,
  unreadable: 'Không đọc được tệp sao lưu từ ổ đĩa.',
} as const;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** motcua-YYYYMMDD-HHmmss.mcbk for a moment, in Vietnam time (the desk's day). */
export function backupFileName(at: number): string {
  const d = new Date(at + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `motcua-${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${BACKUP_EXTENSION}`;
}

/** A backup older than this is overdue: the administrator is reminded. */
export const BACKUP_REMIND_AFTER_MS = 7 * 86_400_000;
/** Electron's automatic backup runs when the last one is older than this. */
export const BACKUP_AUTO_EVERY_MS = 86_400_000;
/** Sequence numbers skipped on today's counter after a restore, until the province says what it holds. */
export const RESTORE_SEQUENCE_GAP = 50;
