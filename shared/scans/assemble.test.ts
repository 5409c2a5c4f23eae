// The assembly, proved from outside: the PDF is rendered by poppler (pdftoppm) and its pixels read back;
// the JPEG stream is compared byte for byte with the file given; the TIFF is written by hand from the
// TIFF 6.0 baseline; the encrypted PDF is refused as pdf-lib's EncryptedPDFError.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { appendScans, arrangePages } from './assemble';
import { handTiff } from '../../test/fixtures/scans/tiff';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, '../../test/fixtures/scans', name)));
const JPG = fixture('page-a4-50dpi.jpg'); // 413 × 585 px: red block top left, blue block bottom right
const PNG = fixture('page-a4-50dpi.png');

/** Renders every page with poppler at `dpi`: [{width, height, rgb(x, y)}]. */
function render(pdf: Uint8Array, dpi: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-render-'));
  fs.writeFileSync(path.join(dir, 'a.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), path.join(dir, 'a.pdf'), path.join(dir, 'p')]);
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort().map((f) => {
    const raw = fs.readFileSync(path.join(dir, f));
    const header = raw.subarray(0, 20).toString('latin1').split(/\s+/); // P6 w h 255
    const width = Number(header[1]);
    const height = Number(header[2]);
    const start = raw.length - width * height * 3;
    return { width, height, rgb: (x: number, y: number) => [...raw.subarray(start + (y * width + x) * 3, start + (y * width + x) * 3 + 3)] };
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return pages;
}

const isRed = ([r, g, b]: number[]) => r > 180 && g < 80 && b < 80;
const isBlue = ([r, g, b]: number[]) => b > 150 && r < 80 && g < 100;

function imageStreams(doc: PDFDocument) {
  return doc.context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
}

describe('appendScans (pdf-lib), rendered by poppler', () => {
  it('JPEG, PNG, a two-page TIFF and a PDF become one PDF, in order, each page sized by its pixels at the dpi', async () => {
    const scanned = await appendScans(null, [{ name: 'a.jpg', bytes: JPG }], { dpi: 50 });
    const { pdf, pageCount, added, refused } = await appendScans(null, [
      { name: 'a.jpg', bytes: JPG },
      { name: 'b.png', bytes: PNG },
      { name: 'c.tif', bytes: handTiff(60, 40, 2) },
      { name: 'd.pdf', bytes: scanned.pdf },
    ], { dpi: 50 });
    expect(refused).toEqual([]);
    expect(added.map((a) => [a.format, a.pages])).toEqual([['jpeg', 1], ['png', 1], ['tiff', 2], ['pdf', 1]]);
    expect(pageCount).toBe(5);
    const pages = render(pdf, 50);
    expect(pages.map((p) => [p.width, p.height])).toEqual([[413, 585], [413, 585], [60, 40], [60, 40], [413, 585]]);
    // Colour kept: the red block top left, the blue block bottom right, on every image page.
    for (const k of [0, 1, 4]) {
      expect(isRed(pages[k].rgb(80, 60))).toBe(true);
      expect(isBlue(pages[k].rgb(413 - 80, 585 - 60))).toBe(true);
    }
    // The hand-made TIFF: left half red, right half blue, pixel for pixel at its own resolution.
    expect(pages[2].rgb(5, 20)).toEqual([220, 0, 0]);
    expect(pages[3].rgb(55, 20)).toEqual([0, 0, 220]);
  });

  it('A4 at 200 dpi (1654 × 2339 px) makes an A4 page (595.44 × 842.04 pt)', async () => {
    const { pdf } = await appendScans(null, [{ name: 't.tif', bytes: handTiff(1654, 2339) }], { dpi: 200 });
    const page = (await PDFDocument.load(pdf)).getPage(0);
    expect(page.getWidth()).toBeCloseTo(595.44, 2);
    expect(page.getHeight()).toBeCloseTo(842.04, 2);
  });

  it('embeds the JPEG as it is: the PDF\'s DCTDecode stream is byte for byte the file (never re-encoded)', async () => {
    const { pdf } = await appendScans(null, [{ name: 'a.jpg', bytes: JPG }], { dpi: 200 });
    const streams = imageStreams(await PDFDocument.load(pdf));
    expect(streams).toHaveLength(1);
    expect(streams[0].dict.get(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));
    expect(Buffer.from(streams[0].contents).equals(Buffer.from(JPG))).toBe(true);
  });

  it('keeps a TIFF lossless (Flate), and a grey one grey', async () => {
    const { pdf } = await appendScans(null, [{ name: 'c.tif', bytes: handTiff(8, 4) }], { dpi: 200 });
    const [s] = imageStreams(await PDFDocument.load(pdf));
    expect(s.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
    expect(s.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceRGB'));
  });

  it('reorders, turns and deletes pages by copying them: the images stay the same bytes', async () => {
    const { pdf } = await appendScans(null, [{ name: 'a.jpg', bytes: JPG }, { name: 'c.tif', bytes: handTiff(60, 40) }, { name: 'b.png', bytes: PNG }], { dpi: 50 });
    const arranged = await arrangePages(pdf, [{ index: 1, rotate: 90 }, { index: 0, rotate: 0 }]); // PNG page deleted
    expect(arranged.pageCount).toBe(2);
    const pages = render(arranged.pdf, 50);
    // The TIFF page first, turned a quarter clockwise: 40 × 60, red (the left half) now on top.
    expect([pages[0].width, pages[0].height]).toEqual([40, 60]);
    expect(pages[0].rgb(20, 5)).toEqual([220, 0, 0]);
    expect(pages[0].rgb(20, 55)).toEqual([0, 0, 220]);
    expect(isRed(pages[1].rgb(80, 60))).toBe(true);
    const jpeg = imageStreams(await PDFDocument.load(arranged.pdf)).find((s) => s.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode'))!;
    expect(Buffer.from(jpeg.contents).equals(Buffer.from(JPG))).toBe(true);
  });

  it('adds to an existing PDF after its pages', async () => {
    const first = await appendScans(null, [{ name: 'a.jpg', bytes: JPG }], { dpi: 50 });
    const next = await appendScans(first.pdf, [{ name: 'c.tif', bytes: handTiff(60, 40) }], { dpi: 50 });
    expect(next.pageCount).toBe(2);
    expect(render(next.pdf, 50).map((p) => p.width)).toEqual([413, 60]);
  });
});

describe('bad input: refused whole, with a Vietnamese reason, the other files still go in', () => {
  const encryptedPdf = () => {
    // A PDF whose trailer names a standard security handler (ISO 32000-1 §7.6.1): what a password-protected scan carries.
    const body = '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 100 100]>> endobj\n4 0 obj <</Filter /Standard /V 1 /R 2 /O (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /U (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /P -4>> endobj\n';
    return new TextEncoder().encode(`${body}trailer <</Root 1 0 R /Size 5 /Encrypt 4 0 R /ID [<01> <01>]>>\n%%EOF\n`);
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty.jpg', new Uint8Array(), /rỗng \(0 byte\)/],
    ['cut.jpg', JPG.subarray(0, Math.floor(JPG.length / 2)), /bị hỏng .*cắt cụt/],
    ['cut.png', PNG.subarray(0, Math.floor(PNG.length / 2)), /bị hỏng/],
    ['cut.tif', handTiff(60, 40).subarray(0, 2000), /bị hỏng .*cắt cụt/],
    ['garbage.pdf', new TextEncoder().encode('%PDF-1.7\n this is not a pdf'), /bị hỏng/],
    ['locked.pdf', encryptedPdf(), /có mật khẩu hoặc bị khoá/],
    ['photo.gif', new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), /ảnh GIF, không phải PDF, JPEG, PNG hay TIFF/],
  ];
  it.each(cases)('%s', async (name, bytes, message) => {
    const r = await appendScans(null, [{ name, bytes }, { name: 'good.jpg', bytes: JPG }], { dpi: 50 });
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0].name).toBe(name);
    expect(r.refused[0].message).toMatch(message);
    expect(r.refused[0].message).toContain(name);
    // Only the good file's page is there: nothing of the bad one.
    expect(r.pageCount).toBe(1);
    expect(r.added.map((a) => a.name)).toEqual(['good.jpg']);
  });

  it('a decode check of the platform (the browser) refusing a JPEG refuses that file', async () => {
    const r = await appendScans(null, [{ name: 'a.jpg', bytes: JPG }], { dpi: 50, decodeCheck: async () => { throw new Error('decode'); } });
    expect(r.refused[0].message).toMatch(/không giải mã được/);
    expect(r.pageCount).toBe(0);
  });

  it('arranging into no page at all is refused', async () => {
    const { pdf } = await appendScans(null, [{ name: 'a.jpg', bytes: JPG }], { dpi: 50 });
    await expect(arrangePages(pdf, [])).rejects.toThrow(/Không còn trang nào/);
  });
});
