// Thumbnails and the preview of a scan's pages, drawn by pdf.js in its worker. The legacy build runs in
// Electron 45's Chromium as well as in a current browser; the worker is a file of our own origin (the
// CSP's worker-src 'self'), and pdf.js evaluates no code (isEvalSupported: false, for the strict CSP).
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export type RenderedDoc = PDFDocumentProxy;

/** Opens the bytes (a copy: pdf.js transfers its buffer to the worker). */
export function openPdf(bytes: Uint8Array): Promise<RenderedDoc> {
  return getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
}

/**
 * Page `index` (0-based) as a PNG object URL, `maxSide` pixels on its longer side, turned by `extraRotate`
 * degrees on top of the page's own rotation.
 */
export async function renderPage(doc: RenderedDoc, index: number, maxSide: number, extraRotate = 0): Promise<string> {
  const page = await doc.getPage(index + 1);
  const rotation = (((page.rotate + extraRotate) % 360) + 360) % 360;
  const unit = page.getViewport({ scale: 1, rotation });
  const scale = maxSide / Math.max(unit.width, unit.height);
  const viewport = page.getViewport({ scale, rotation });
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(viewport.width));
  canvas.height = Math.max(1, Math.round(viewport.height));
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas, canvasContext: ctx, viewport }).promise;
  page.cleanup();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('render failed');
  return URL.createObjectURL(blob);
}

/** A full decode of a JPEG or PNG by the browser: what a structure check cannot see (damaged image data). */
export async function browserDecodeCheck(format: 'jpeg' | 'png', bytes: Uint8Array): Promise<void> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format === 'jpeg' ? 'image/jpeg' : 'image/png' }));
  bitmap.close();
}
