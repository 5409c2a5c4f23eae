// The rules of digitising (issue 11): which files are accepted (by their bytes, not their names), how
// large, how a page's size follows from an image's pixels at the desk's resolution, what a slot is and how
// its PDF is named. One implementation, used by the scan panel, the assembly, the hot folder and the tests.
import { foldText } from '../text/fold';

/** A refusal the postal worker or officer reads as is (Vietnamese). */
export class ScanError extends Error {
  override readonly name = 'ScanError';
}

export type ScanFormat = 'pdf' | 'jpeg' | 'png' | 'tiff';

export const SCAN_FORMAT_LABEL: Record<ScanFormat, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', tiff: 'TIFF' };

const startsWith = (b: Uint8Array, magic: readonly number[], at = 0) => b.byteLength >= at + magic.length && magic.every((m, i) => b[at + i] === m);

/**
 * The format from the file's first bytes (the formats' own signatures):
 * PDF "%PDF-" (ISO 32000-1 §7.5.2), JPEG SOI FF D8 then a marker FF (ITU T.81 §B.1.1.3),
 * PNG 89 50 4E 47 0D 0A 1A 0A (PNG spec §5.2), TIFF "II*\0" or "MM\0*" (TIFF 6.0 §2, byte order + 42).
 */
export function sniffFormat(b: Uint8Array): ScanFormat | null {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return null;
}

/** What a refused file probably is, so the message can name it (GIF, BMP, WebP, HEIC, BigTIFF, Office/ZIP). */
export function describeUnsupported(b: Uint8Array): string | null {
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return 'ảnh GIF';
  if (startsWith(b, [0x42, 0x4d])) return 'ảnh BMP';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'ảnh WebP';
  if (startsWith(b, [0x66, 0x74, 0x79, 0x70], 4) && /^(heic|heix|mif1|avif)/.test(String.fromCharCode(...b.subarray(8, 12)))) return 'ảnh HEIC/AVIF của điện thoại';
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'tệp BigTIFF';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'tệp nén hoặc tệp Word/Excel';
  return null;
}

// ---- Limits -------------------------------------------------------------------------------------------

/** One file dropped, picked or scanned: 100 MiB (a 20-page colour A4 scan at 300 dpi is 10–30 MB). */
export const MAX_SCAN_FILE_BYTES = 100 * 1024 * 1024;
/** The assembled PDF of one component (or the result): 200 MiB. */
export const MAX_SLOT_BYTES = 200 * 1024 * 1024;
/** Pages of one component's PDF. */
export const MAX_SLOT_PAGES = 500;
/** Pixels of one image (width × height): 100 megapixels, an A3 page at 600 dpi is 70. */
export const MAX_IMAGE_PIXELS = 100_000_000;

export const DEFAULT_SCAN_DPI = 200;
export const MIN_SCAN_DPI = 72;
export const MAX_SCAN_DPI = 1200;

/** A size for people: KB under 1 MB, else MB with one decimal (Vietnamese comma). */
export const formatMb = (bytes: number) =>
  bytes < 1024 * 1024 ? `${bytes === 0 ? 0 : Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;

/** The first check of a file, before it is read further: empty, too large, or not one of the four formats. */
export function checkScanFile(name: string, bytes: Uint8Array): ScanFormat {
  if (bytes.byteLength === 0) throw new ScanError(`Tệp "${name}" rỗng (0 byte): máy quét chưa ghi xong hoặc tệp bị hỏng. Hãy quét lại.`);
  if (bytes.byteLength > MAX_SCAN_FILE_BYTES) throw new ScanError(`Tệp "${name}" quá lớn (${formatMb(bytes.byteLength)}; tối đa ${formatMb(MAX_SCAN_FILE_BYTES)} một tệp). Hãy quét ở độ phân giải thấp hơn hoặc chia thành nhiều tệp.`);
  const format = sniffFormat(bytes);
  if (!format) {
    const what = describeUnsupported(bytes);
    throw new ScanError(`Tệp "${name}" ${what ? `là ${what}, ` : ''}không phải PDF, JPEG, PNG hay TIFF: không nhận được. Hãy cho máy quét lưu ở một trong các định dạng đó.`);
  }
  return format;
}

/** The checked size of a file by its length alone (the hot folder refuses a huge file before reading it). */
export function checkScanFileSize(name: string, size: number): void {
  if (size === 0) throw new ScanError(`Tệp "${name}" rỗng (0 byte): máy quét chưa ghi xong hoặc tệp bị hỏng. Hãy quét lại.`);
  if (size > MAX_SCAN_FILE_BYTES) throw new ScanError(`Tệp "${name}" quá lớn (${formatMb(size)}; tối đa ${formatMb(MAX_SCAN_FILE_BYTES)} một tệp).`);
}

export function checkSlotTotals(pages: number, bytes: number): void {
  if (pages > MAX_SLOT_PAGES) throw new ScanError(`Một thành phần có tối đa ${MAX_SLOT_PAGES} trang (đang có ${pages}).`);
  if (bytes > MAX_SLOT_BYTES) throw new ScanError(`Tệp PDF của một thành phần tối đa ${formatMb(MAX_SLOT_BYTES)} (bản này ${formatMb(bytes)}). Hãy quét ở độ phân giải thấp hơn.`);
}

export function checkDpi(dpi: number): number {
  if (!Number.isInteger(dpi) || dpi < MIN_SCAN_DPI || dpi > MAX_SCAN_DPI) throw new ScanError(`Độ phân giải phải là số nguyên từ ${MIN_SCAN_DPI} đến ${MAX_SCAN_DPI} dpi.`);
  return dpi;
}

// ---- Geometry ------------------------------------------------------------------------------------------

export const POINTS_PER_INCH = 72;
export const MM_PER_INCH = 25.4;

/** A page's size in PDF points for an image of w × h pixels printed at `dpi` (1 pt = 1/72 inch). */
export function pageSizeAtDpi(widthPx: number, heightPx: number, dpi: number): { width: number; height: number } {
  return { width: (widthPx * POINTS_PER_INCH) / dpi, height: (heightPx * POINTS_PER_INCH) / dpi };
}

/** The pixels of a paper of w × h millimetres scanned at `dpi`, rounded to whole pixels. */
export function paperPixels(widthMm: number, heightMm: number, dpi: number): { width: number; height: number } {
  return { width: Math.round((widthMm / MM_PER_INCH) * dpi), height: Math.round((heightMm / MM_PER_INCH) * dpi) };
}

export const A4_MM = { width: 210, height: 297 } as const;

// ---- Slots and names -----------------------------------------------------------------------------------

export const RESULT_SLOT = 'result';
export const componentSlot = (componentId: string) => `component:${componentId}`;
export type ParsedSlot = { kind: 'component'; componentId: string } | { kind: 'result' };

export function parseSlot(slot: string): ParsedSlot | null {
  if (slot === RESULT_SLOT) return { kind: 'result' };
  const m = /^component:(.{1,100})$/.exec(slot);
  return m ? { kind: 'component', componentId: m[1] } : null;
}

/**
 * The PDF's name as the province receives it: '<dossier code>_<component in ASCII, dashes>.pdf', e.g.
 * '000.17.22.H56-261123-0001_to-khai-dang-ky-khai-sinh.pdf'; the result is '<code>_ket-qua.pdf'.
 */
export function scanFileName(dossierCode: string, label: string): string {
  const code = dossierCode.replace(/[^A-Za-z0-9.-]+/g, '-');
  const part = foldText(label).replace(/ /g, '-').slice(0, 60).replace(/-+$/, '') || 'tai-lieu';
  return `${code}_${part}.pdf`;
}

/** Short form of a SHA-256 for the screen (the full value is in the title and the audit). */
export const shortSha = (hex: string) => `${hex.slice(0, 8)}…${hex.slice(-4)}`;
