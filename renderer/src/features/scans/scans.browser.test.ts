// The scan path in real Chromium: JPEG and PNG made by the browser's own encoders, the browser's decode
// check, the assembly, the save into real IndexedDB (a Blob), the JPEG read back byte for byte, the
// SHA-256 checked with another implementation (hash-wasm), and the page drawn by pdf.js in its worker,
// as the editor's preview does it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from 'hash-wasm';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { appendScans, arrangePages } from '@shared/scans/assemble';
import { componentSlot } from '@shared/scans/rules';
import { openDeskDb, type DeskDb } from '../../db/db';
import { receiveDossier } from '../../db/dossiers';
import { getScanFile, saveScan, scanPdfBytes } from '../../db/scans';
import { receiveData, setUpDesk, signInForTest } from '../../db/dossiers.cases';
import { browserDecodeCheck, openPdf, renderPage } from './pdfRender';
import { redBluePixels, tiffWithStrip } from '../../../../test/fixtures/scans/tiff';

async function page(type: 'image/jpeg' | 'image/png', w: number, h: number): Promise<Uint8Array> {
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, h);
  g.fillStyle = '#d01010';
  g.fillRect(0, 0, w / 2, h / 4); // red: the top left quarter of the width, top quarter of the height
  return new Uint8Array(await (await c.convertToBlob({ type, quality: 0.9 })).arrayBuffer());
}

async function pixel(url: string, fx: number, fy: number): Promise<number[]> {
  const img = new Image();
  img.src = url;
  await img.decode();
  const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
  const g = c.getContext('2d')!;
  g.drawImage(img, 0, 0);
  return [...g.getImageData(Math.floor(img.naturalWidth * fx), Math.floor(img.naturalHeight * fy), 1, 1).data.subarray(0, 3)];
}

describe('digitising in Chromium (real IndexedDB, real decoders, pdf.js)', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = openDeskDb(`scans-${crypto.randomUUID()}`);
    await setUpDesk(db);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('assembles, keeps the Blob, and gives back the JPEG untouched with the right SHA-256', async () => {
    const d = await receiveDossier(db, receiveData());
    const jpg = await page('image/jpeg', 1654, 2339); // A4 at 200 dpi
    const png = await page('image/png', 827, 1170);
    const added = await appendScans(null, [{ name: 'a.jpg', bytes: jpg }, { name: 'b.png', bytes: png }], { dpi: 200, decodeCheck: browserDecodeCheck });
    expect(added.refused).toEqual([]);
    const arranged = await arrangePages(added.pdf, [{ index: 1, rotate: 0 }, { index: 0, rotate: 0 }]);
    signInForTest(db, 'postal', 'Lê Văn Bưu');
    const slot = componentSlot(d.components[0].componentId);
    const row = await saveScan(db, { dossierId: d.id, slot, pdf: arranged.pdf, pageCount: arranged.pageCount });
    const stored = (await getScanFile(db, d.id, slot))!;
    expect(stored.pdf).toBeInstanceOf(Blob);
    const bytes = await scanPdfBytes(stored);
    expect(bytes.byteLength).toBe(row.bytes);
    expect(stored.sha256).toBe(await sha256(bytes));
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getPage(1).getWidth()).toBeCloseTo(595.44, 2); // the JPEG page second: 1654 px at 200 dpi
    expect(doc.getPage(0).getWidth()).toBeCloseTo(297.72, 2); // 827 px at 200 dpi
    const dct = doc.context.enumerateIndirectObjects().map(([, o]) => o).find((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode'))!;
    expect([...dct.contents]).toEqual([...jpg]);
  });

  it('pdf.js draws the pages in its worker, turned as asked, in colour', async () => {
    const jpg = await page('image/jpeg', 400, 600);
    const { pdf } = await appendScans(null, [{ name: 'a.jpg', bytes: jpg }], { dpi: 100 });
    const rendered = await openPdf(pdf);
    expect(rendered.numPages).toBe(1);
    const upright = await renderPage(rendered, 0, 300);
    const red = await pixel(upright, 0.2, 0.1);
    expect(red[0]).toBeGreaterThan(180);
    expect(red[1]).toBeLessThan(80);
    expect(Math.min(...(await pixel(upright, 0.8, 0.1)))).toBeGreaterThan(240); // white beside it
    // A quarter turn clockwise: the red band now runs down the right-hand side's top.
    const turned = await renderPage(rendered, 0, 300, 90);
    const r2 = await pixel(turned, 0.9, 0.2);
    expect(r2[0]).toBeGreaterThan(180);
    expect(r2[1]).toBeLessThan(80);
    await rendered.destroy();
  });

  it('decodes a Deflate-compressed TIFF in the browser bundle (UTIF with pako), pixel for pixel', async () => {
    const raw = redBluePixels(40, 20);
    const zlib = new Uint8Array(await new Response(new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
    const tif = tiffWithStrip(40, 20, zlib, 8);
    const { pdf, refused } = await appendScans(null, [{ name: 'deflate.tif', bytes: tif }], { dpi: 72 });
    expect(refused).toEqual([]);
    const rendered = await openPdf(pdf);
    const url = await renderPage(rendered, 0, 400);
    const left = await pixel(url, 0.1, 0.5);
    const right = await pixel(url, 0.9, 0.5);
    expect(left[0]).toBeGreaterThan(200);
    expect(left[2]).toBeLessThan(30);
    expect(right[2]).toBeGreaterThan(200);
    expect(right[0]).toBeLessThan(30);
    await rendered.destroy();
  });

  it('the browser\'s decoder refuses a file that is not an image', async () => {
    await expect(browserDecodeCheck('jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))).rejects.toThrow();
  });
});
