// Scanned pages into one PDF per component (issue 11), with pdf-lib: JPEG embedded as it is (DCTDecode,
// never re-encoded), PNG through pdf-lib's PNG embedder (lossless), TIFF pages decoded by UTIF and kept
// lossless (Flate), PDF pages copied. Each page's size follows from its pixels at the desk's resolution.
// Editing (order, rotation, deletion) copies pages of the assembled PDF: no image is decoded again.
// Pure: runs in the browser, in Node (tests) and in the bench page alike.
import { EncryptedPDFError, PDFDocument, concatTransformationMatrix, degrees, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import UTIF from 'utif';
import { MAX_IMAGE_PIXELS, ScanError, checkScanFile, checkSlotTotals, pageSizeAtDpi, type ScanFormat } from './rules';

export interface ScanInput {
  name: string;
  bytes: Uint8Array;
}

export interface AssembleOptions {
  dpi: number;
  /**
   * A full decode of a JPEG or PNG by the platform (the browser's image decoder), which catches damage a
   * look at the structure cannot. Throws to refuse the file.
   */
  decodeCheck?: (format: 'jpeg' | 'png', bytes: Uint8Array) => Promise<void>;
  /** The PDF's title (its file name). */
  title?: string;
}

export interface AppendResult {
  pdf: Uint8Array;
  pageCount: number;
  /** Pages each accepted file brought, in the order given. */
  added: { name: string; pages: number; format: ScanFormat }[];
  /** Files refused, each with its reason; none of their pages is in the PDF. */
  refused: { name: string; message: string }[];
}

/** One page of the assembly: a page of the current PDF (0-based) and the quarter turns added to it. */
export interface PageEdit {
  index: number;
  /** 0, 90, 180 or 270 degrees clockwise, added to the page's own rotation. */
  rotate: number;
}

const corrupt = (name: string, what: string) => new ScanError(`Tệp "${name}" bị hỏng hoặc không đọc được (${what}). Hãy quét lại trang này.`);

// ---- JPEG ----------------------------------------------------------------------------------------------

/**
 * Walks a JPEG's marker segments (ITU T.81 Annex B) up to the scan: a frame header with its size and
 * precision, and an end-of-image marker at the end (a truncated file has none).
 */
export function inspectJpeg(name: string, b: Uint8Array): { width: number; height: number; components: number } {
  let i = 2;
  let frame: { width: number; height: number; components: number } | null = null;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw corrupt(name, 'cấu trúc JPEG sai');
    let marker = b[i + 1];
    while (marker === 0xff && i + 2 < b.length) marker = b[++i + 1]; // fill bytes
    if (marker === 0xd9) throw corrupt(name, 'JPEG kết thúc trước dữ liệu ảnh');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = (b[i + 2] << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.length) throw corrupt(name, 'JPEG bị cắt cụt');
    // SOF0–SOF15 except DHT (C4), JPG (C8), DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (marker >= 0xc9) throw new ScanError(`Tệp "${name}" là JPEG mã hoá số học, định dạng ít phần mềm đọc được: hãy cho máy quét lưu JPEG thường hoặc PDF.`);
      const precision = b[i + 4];
      if (precision !== 8) throw new ScanError(`Tệp "${name}" là JPEG ${precision} bit, PDF chỉ nhận JPEG 8 bit: hãy quét lại ở chế độ màu thường.`);
      frame = { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8], components: b[i + 9] };
    }
    if (marker === 0xda) {
      if (!frame || frame.width === 0 || frame.height === 0) throw corrupt(name, 'JPEG không có kích thước ảnh');
      // The end-of-image marker, allowing a little padding some scanners add after it.
      const tail = b.subarray(Math.max(i, b.length - 65536));
      let found = false;
      for (let k = tail.length - 2; k >= 0; k--) {
        if (tail[k] === 0xff && tail[k + 1] === 0xd9) {
          found = true;
          break;
        }
      }
      if (!found) throw corrupt(name, 'JPEG bị cắt cụt, thiếu phần cuối');
      return frame;
    }
    i += 2 + len;
  }
  throw corrupt(name, 'JPEG không có dữ liệu ảnh');
}

// ---- PNG -----------------------------------------------------------------------------------------------

/** The size from the IHDR chunk (PNG §11.2.2), which must come first. */
export function inspectPng(name: string, b: Uint8Array): { width: number; height: number } {
  const type = String.fromCharCode(...b.subarray(12, 16));
  if (b.length < 33 || type !== 'IHDR') throw corrupt(name, 'PNG thiếu phần đầu IHDR');
  const u32 = (o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const width = u32(16);
  const height = u32(20);
  if (width === 0 || height === 0) throw corrupt(name, 'PNG có kích thước 0');
  // The last chunk is IEND (00 00 00 00 'IEND' CRC): a truncated file has none.
  const end = String.fromCharCode(...b.subarray(b.length - 8, b.length - 4));
  if (end !== 'IEND') throw corrupt(name, 'PNG bị cắt cụt, thiếu phần cuối');
  return { width, height };
}

// ---- TIFF ----------------------------------------------------------------------------------------------

/** Compressions UTIF decodes (TIFF 6.0 tag 259): none, CCITT G3/G4, LZW, JPEG (old/new), Deflate, PackBits. */
const TIFF_COMPRESSIONS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946]);

interface Pixels {
  width: number;
  height: number;
  /** RGB or grey, 8 bits per sample. */
  data: Uint8Array;
  grey: boolean;
}

function tiffPages(name: string, b: Uint8Array): Pixels[] {
  let ifds;
  try {
    ifds = UTIF.decode(b);
  } catch {
    throw corrupt(name, 'TIFF không đọc được');
  }
  // Pages only: NewSubfileType (254) bit 0 marks a reduced-resolution copy (a thumbnail).
  const pages = ifds.filter((ifd) => ifd.t256 && ifd.t257 && !(((ifd.t254?.[0] as number | undefined) ?? 0) & 1));
  if (pages.length === 0) throw corrupt(name, 'TIFF không có trang ảnh nào');
  return pages.map((ifd, n) => {
    const width = ifd.t256![0] as number;
    const height = ifd.t257![0] as number;
    if (!width || !height) throw corrupt(name, `trang ${n + 1} có kích thước 0`);
    if (width * height > MAX_IMAGE_PIXELS) throw new ScanError(`Trang ${n + 1} của tệp "${name}" quá lớn (${width} × ${height} điểm ảnh). Hãy quét ở độ phân giải thấp hơn.`);
    const compression = (ifd.t259?.[0] as number | undefined) ?? 1;
    if (!TIFF_COMPRESSIONS.has(compression)) throw new ScanError(`Tệp "${name}" dùng kiểu nén TIFF ${compression}, không đọc được: hãy cho máy quét lưu TIFF nén LZW/không nén, hoặc PDF/JPEG.`);
    // Every strip or tile must lie inside the file: a truncated TIFF is refused, not drawn half-black.
    const offsets = (ifd.t273 ?? ifd.t324 ?? []) as number[];
    const counts = (ifd.t279 ?? ifd.t325 ?? []) as number[];
    if (offsets.length === 0) throw corrupt(name, `trang ${n + 1} không có dữ liệu ảnh`);
    offsets.forEach((o, k) => {
      if (o + (counts[k] ?? 0) > b.length) throw corrupt(name, `TIFF bị cắt cụt ở trang ${n + 1}`);
    });
    let rgba: Uint8Array;
    try {
      UTIF.decodeImage(b, ifd, ifds);
      rgba = UTIF.toRGBA8(ifd);
    } catch {
      throw corrupt(name, `trang ${n + 1} không giải mã được`);
    }
    if (rgba.length < width * height * 4) throw corrupt(name, `trang ${n + 1} thiếu dữ liệu`);
    return toRgbOrGrey(width, height, rgba);
  });
}

/** RGBA to RGB on white (alpha composited), or to grey when every pixel is grey (a third of the size). */
function toRgbOrGrey(width: number, height: number, rgba: Uint8Array): Pixels {
  const n = width * height;
  let grey = true;
  let opaque = true;
  for (let p = 0; p < n; p++) {
    const o = p * 4;
    if (rgba[o] !== rgba[o + 1] || rgba[o] !== rgba[o + 2]) grey = false;
    if (rgba[o + 3] !== 255) opaque = false;
    if (!grey && !opaque) break;
  }
  const out = new Uint8Array(grey ? n : n * 3);
  for (let p = 0; p < n; p++) {
    const o = p * 4;
    const a = opaque ? 255 : rgba[o + 3];
    const mix = (v: number) => (a === 255 ? v : Math.round((v * a + 255 * (255 - a)) / 255));
    if (grey) out[p] = mix(rgba[o]);
    else {
      out[p * 3] = mix(rgba[o]);
      out[p * 3 + 1] = mix(rgba[o + 1]);
      out[p * 3 + 2] = mix(rgba[o + 2]);
    }
  }
  return { width, height, data: out, grey };
}

// ---- Assembly ------------------------------------------------------------------------------------------

/** What one file adds, prepared completely before any page goes into the PDF (nothing half-attached). */
type Prepared = (doc: PDFDocument) => Promise<number>;

async function prepare(file: ScanInput, doc: PDFDocument, opts: AssembleOptions): Promise<{ format: ScanFormat; add: Prepared }> {
  const { name, bytes } = file;
  const format = checkScanFile(name, bytes);
  const dpi = opts.dpi;
  if (format === 'jpeg') {
    const { width, height } = inspectJpeg(name, bytes);
    if (width * height > MAX_IMAGE_PIXELS) throw new ScanError(`Ảnh "${name}" quá lớn (${width} × ${height} điểm ảnh).`);
    await opts.decodeCheck?.('jpeg', bytes).catch(() => Promise.reject(corrupt(name, 'ảnh JPEG không giải mã được')));
    const image = await doc.embedJpg(bytes).catch(() => Promise.reject(corrupt(name, 'JPEG không nhúng được')));
    return { format, add: async (d) => (drawImagePage(d, image, pageSizeAtDpi(width, height, dpi)), 1) };
  }
  if (format === 'png') {
    const { width, height } = inspectPng(name, bytes);
    if (width * height > MAX_IMAGE_PIXELS) throw new ScanError(`Ảnh "${name}" quá lớn (${width} × ${height} điểm ảnh).`);
    await opts.decodeCheck?.('png', bytes).catch(() => Promise.reject(corrupt(name, 'ảnh PNG không giải mã được')));
    const image = await doc.embedPng(bytes).catch(() => Promise.reject(corrupt(name, 'PNG không giải mã được')));
    return { format, add: async (d) => (drawImagePage(d, image, pageSizeAtDpi(width, height, dpi)), 1) };
  }
  if (format === 'tiff') {
    const pages = tiffPages(name, bytes);
    return {
      format,
      add: async (d) => {
        for (const px of pages) drawPixelsPage(d, px, pageSizeAtDpi(px.width, px.height, dpi));
        return pages.length;
      },
    };
  }
  let src: PDFDocument;
  try {
    src = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (e) {
    // pdf-lib is compiled to ES5: its EncryptedPDFError is a plain Error to instanceof; its message says it.
    if (e instanceof EncryptedPDFError || /is encrypted/.test((e as Error)?.message ?? '')) throw new ScanError(`Tệp PDF "${name}" có mật khẩu hoặc bị khoá: không đọc được các trang. Hãy bỏ mật khẩu (hoặc quét lại ra PDF không khoá) rồi thêm lại.`);
    throw corrupt(name, 'PDF không đọc được');
  }
  let count = 0;
  let copied;
  try {
    count = src.getPageCount();
    copied = count > 0 ? await doc.copyPages(src, src.getPageIndices()) : [];
  } catch {
    throw corrupt(name, 'không chép được các trang của PDF');
  }
  if (count === 0) throw corrupt(name, 'PDF không có trang nào');
  return {
    format,
    add: async (d) => {
      for (const p of copied) d.addPage(p);
      return count;
    },
  };
}

function drawImagePage(doc: PDFDocument, image: Awaited<ReturnType<PDFDocument['embedJpg']>>, size: { width: number; height: number }) {
  const page = doc.addPage([size.width, size.height]);
  page.drawImage(image, { x: 0, y: 0, width: size.width, height: size.height });
}

/** A decoded page as an image XObject, Flate-compressed (lossless), drawn over the whole page. */
function drawPixelsPage(doc: PDFDocument, px: Pixels, size: { width: number; height: number }) {
  const stream = doc.context.flateStream(px.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: px.width,
    Height: px.height,
    ColorSpace: px.grey ? 'DeviceGray' : 'DeviceRGB',
    BitsPerComponent: 8,
  });
  const ref = doc.context.register(stream);
  const page = doc.addPage([size.width, size.height]);
  const xName = page.node.newXObject('Scan', ref);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(size.width, 0, 0, size.height, 0, 0), drawObject(xName), popGraphicsState());
}

function stamp(doc: PDFDocument, title?: string) {
  if (title) doc.setTitle(title);
  doc.setProducer('Một cửa – số hoá hồ sơ (pdf-lib)');
  doc.setCreator('Một cửa');
  doc.setModificationDate(new Date());
}

/**
 * Adds the files' pages after the pages of `base` (null: a new PDF), in the order given. A file that
 * cannot be read is refused whole, with its reason, and the others still go in.
 */
export async function appendScans(base: Uint8Array | null, files: readonly ScanInput[], opts: AssembleOptions): Promise<AppendResult> {
  const doc = base ? await PDFDocument.load(base) : await PDFDocument.create();
  const added: AppendResult['added'] = [];
  const refused: AppendResult['refused'] = [];
  for (const file of files) {
    try {
      const { format, add } = await prepare(file, doc, opts);
      added.push({ name: file.name, pages: await add(doc), format });
    } catch (e) {
      refused.push({ name: file.name, message: e instanceof ScanError ? e.message : corrupt(file.name, 'lỗi không rõ').message });
    }
  }
  stamp(doc, opts.title);
  const pdf = await doc.save({ addDefaultPage: false });
  checkSlotTotals(doc.getPageCount(), pdf.byteLength);
  return { pdf, pageCount: doc.getPageCount(), added, refused };
}

/**
 * A new PDF with the pages of `pdf` in the order of `pages`, each turned by its `rotate` (a page left out
 * is deleted). The pages are copied, their images untouched.
 */
export async function arrangePages(pdf: Uint8Array, pages: readonly PageEdit[], title?: string): Promise<{ pdf: Uint8Array; pageCount: number }> {
  if (pages.length === 0) throw new ScanError('Không còn trang nào: hãy xoá cả tệp quét thay vì lưu một tệp rỗng.');
  const src = await PDFDocument.load(pdf);
  const out = await PDFDocument.create();
  const copied = await out.copyPages(src, pages.map((p) => p.index));
  copied.forEach((page, k) => {
    const turn = (((page.getRotation().angle + pages[k].rotate) % 360) + 360) % 360;
    page.setRotation(degrees(turn));
    out.addPage(page);
  });
  stamp(out, title);
  const bytes = await out.save({ addDefaultPage: false });
  checkSlotTotals(out.getPageCount(), bytes.byteLength);
  return { pdf: bytes, pageCount: out.getPageCount() };
}

/** The page count of an assembled PDF (and a check that it still reads). */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

