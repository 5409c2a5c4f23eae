// Digitising through the built app: scans attached to a component by the file picker and by drag-and-drop,
// reordered (buttons and keyboard), rotated, a page deleted, previewed; bad files refused in Vietnamese with
// nothing attached; the result slot filled by a drop on its row. The stored PDF is read back from IndexedDB
// and checked with pdf-lib (page order, rotation, the JPEG's bytes) and rendered with pdftoppm.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { PDFDocument, PDFName, type PDFRawStream, type PDFPage } from 'pdf-lib';
import { test, expect, completeSetup, logIn, receiveBirthRegistration } from './postalFixtures';
import { handTiff } from '../fixtures/scans/tiff';

const QR_AN = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, '../fixtures/scans');
const JPG = fs.readFileSync(path.join(FIXTURES, 'page-a4-50dpi.jpg'));
const PNG = fs.readFileSync(path.join(FIXTURES, 'page-a4-50dpi.png'));
const TIFF = Buffer.from(handTiff(60, 40));
const SCRATCH = path.join(HERE, '../../scratch');

/** A drop of files on an element, as the operating system's drag-and-drop delivers it. */
async function drop(page: Page, selector: string, files: { name: string; type: string; bytes: Buffer }[]) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type, bytes: [...f.bytes] })));
  await page.locator(selector).first().dispatchEvent('dragover', { dataTransfer });
  await page.locator(selector).first().dispatchEvent('drop', { dataTransfer });
}

/** The stored PDF of a slot, read from the desk's IndexedDB. */
async function storedPdf(page: Page, slotPrefix: string): Promise<Buffer> {
  const bytes = await page.evaluate(async (prefix) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('mot-cua-desk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rows = await new Promise<{ slot: string; pdf: Blob }[]>((resolve, reject) => {
      const r = db.transaction('scanFiles').objectStore('scanFiles').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    const row = rows.find((x) => x.slot.startsWith(prefix));
    return row ? [...new Uint8Array(await row.pdf.arrayBuffer())] : null;
  }, slotPrefix);
  expect(bytes).not.toBeNull();
  return Buffer.from(bytes!);
}

function imageOf(doc: PDFDocument, page: PDFPage): PDFRawStream {
  const xobjects = page.node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { entries(): [PDFName, unknown][] };
  const [, ref] = xobjects.entries()[0];
  return doc.context.lookup(ref as never) as PDFRawStream;
}

test('digitise: picker and drop, reorder, rotate, delete, preview, bad files refused, the stored PDF in the new order', async ({ page }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SCRATCH, { recursive: true });
  await completeSetup(page);
  // The resolution is a setting: 100 dpi here, so a 413-pixel-wide page is 413 / 100 × 72 = 297.36 pt wide.
  await page.goto('/#/settings');
  const settings = page.getByTestId('scan-settings');
  await expect(settings.getByTestId('scan-folder-browser')).toContainText('Trình duyệt không theo dõi được thư mục');
  await expect(settings.getByLabel('Độ phân giải ảnh quét (dpi)')).toHaveValue('200');
  await settings.getByLabel('Độ phân giải ảnh quét (dpi)').fill('100');
  await settings.getByRole('button', { name: 'Lưu độ phân giải' }).click();
  await expect(page.getByText('Đã lưu độ phân giải 100 dpi.')).toBeVisible();
  await settings.screenshot({ path: path.join(SCRATCH, 'scan-settings.png') });
  await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true }).waitFor();
  await receiveBirthRegistration(page, QR_AN);
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  await page.goto('/#/list');
  await page.getByTestId('dossier-table').getByRole('link', { name: code }).click();
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
  const dossierUrl = page.url();

  const card = page.getByTestId('scans-card');
  await expect(card).toBeVisible();
  const slots = card.getByTestId('scan-slot');
  const count = await slots.count();
  expect(count).toBeGreaterThanOrEqual(2);
  await expect(slots.last()).toContainText('Kết quả');
  await expect(slots.first()).toContainText('Chưa số hoá');

  // 1. The file picker: a JPEG and a PNG, then a second JPEG.
  await slots.first().getByTestId('scan-open').click();
  const editor = page.getByRole('dialog');
  await expect(editor).toBeVisible();
  const input = editor.getByTestId('scan-file-input');
  await input.setInputFiles([
    { name: 'trang-1.jpg', mimeType: 'image/jpeg', buffer: JPG },
    { name: 'trang-2.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await expect(editor.getByTestId('scan-page')).toHaveCount(2);
  await expect(editor.getByTestId('scan-note')).toHaveText('Đã thêm 2 trang từ 2 tệp.');
  await input.setInputFiles([{ name: 'thua.jpg', mimeType: 'image/jpeg', buffer: JPG }]);
  await expect(editor.getByTestId('scan-page')).toHaveCount(3);

  // 2. Drag-and-drop onto the editor: a TIFF (named .pdf: the bytes decide, not the name).
  await drop(page, '[data-testid="scan-dropzone"]', [{ name: 'trang-3.pdf', type: 'application/pdf', bytes: TIFF }]);
  await expect(editor.getByTestId('scan-page')).toHaveCount(4);

  // 3. Bad files: each refused with its reason, none of its pages added.
  const big = await page.evaluateHandle(() => {
    const chunk = new Uint8Array(1024 * 1024);
    const dt = new DataTransfer();
    dt.items.add(new File(Array.from({ length: 300 }, () => chunk), 'ban-quet-300MB.pdf', { type: 'application/pdf' }));
    return dt;
  });
  await editor.getByTestId('scan-dropzone').dispatchEvent('drop', { dataTransfer: big });
  await expect(editor.getByTestId('scan-refused')).toContainText('quá lớn (300 MB; tối đa 100 MB một tệp)');
  const encrypted = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 100 100]>> endobj\n4 0 obj <</Filter /Standard /V 1 /R 2 /O (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /U (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /P -4>> endobj\ntrailer <</Root 1 0 R /Size 5 /Encrypt 4 0 R /ID [<01> <01>]>>\n%%EOF\n');
  await input.setInputFiles([
    { name: 'rong.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) },
    { name: 'hong.jpg', mimeType: 'image/jpeg', buffer: JPG.subarray(0, Math.floor(JPG.length / 2)) },
    { name: 'anh.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00') },
    { name: 'co-mat-khau.pdf', mimeType: 'application/pdf', buffer: encrypted },
  ]);
  const refused = editor.getByTestId('scan-refused');
  await expect(refused).toContainText('4 tệp không nhận được');
  await expect(refused).toContainText('Tệp "rong.jpg" rỗng (0 byte)');
  await expect(refused).toContainText('Tệp "hong.jpg" bị hỏng hoặc không đọc được');
  await expect(refused).toContainText('Tệp "anh.gif" là ảnh GIF, không phải PDF, JPEG, PNG hay TIFF');
  await expect(refused).toContainText('Tệp PDF "co-mat-khau.pdf" có mật khẩu hoặc bị khoá');
  await expect(editor.getByTestId('scan-page')).toHaveCount(4);
  await page.screenshot({ path: path.join(SCRATCH, 'scan-editor-errors.png') });

  // 4. Edit: delete the extra JPEG (page 3) with its button; the TIFF (now page 3) goes first by keyboard
  //    (Alt+↑ twice); the PNG (now page 3) turns a quarter by its button.
  const pages = editor.getByTestId('scan-page');
  await pages.nth(2).getByTestId('page-delete').click();
  await expect(pages).toHaveCount(3);
  await pages.nth(2).click();
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(pages.nth(0)).toHaveAttribute('data-source-page', '3');
  await expect(pages.nth(0)).toBeFocused();
  await pages.nth(2).getByTestId('page-rotate').click();
  await expect(pages.nth(2)).toHaveAttribute('data-rotate', '90');
  // A move with the buttons, and back.
  await pages.nth(1).getByTestId('page-down').click();
  await expect(pages.nth(2)).toHaveAttribute('data-source-page', '0');
  await pages.nth(2).getByTestId('page-up').click();
  await expect(pages.nth(1)).toHaveAttribute('data-source-page', '0');
  await expect(pages.nth(2)).toHaveAttribute('data-source-page', '1');

  // 5. The preview shows the selected page, turned.
  await pages.nth(2).click();
  const preview = editor.getByTestId('scan-preview-image');
  await expect(preview).toBeVisible();
  // The portrait PNG page, turned: a landscape preview (drawn by pdf.js from the PDF, turned as it will be kept).
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth / Math.max(1, img.naturalHeight))).toBeGreaterThan(1.3);
  await editor.getByTestId('scan-refused').getByRole('button').click(); // close the error list
  await page.screenshot({ path: path.join(SCRATCH, 'scan-editor-pages.png') });

  // 6. Ctrl+Enter keeps it; the row shows the pages, SHA-256, who and when.
  await page.keyboard.press('Control+Enter');
  await expect(editor).toBeHidden();
  const first = slots.first();
  await expect(first.getByTestId('scan-pages-count')).toHaveText('3');
  await expect(first.getByTestId('scan-sha')).toHaveText(/^[0-9a-f]{8}…[0-9a-f]{4}$/);
  await expect(first.getByTestId('scan-by')).toContainText('Lò Thị Hương');
  await expect(page.getByTestId('history')).toContainText('Số hoá "');

  const pdf = await storedPdf(page, 'component:');
  const doc = await PDFDocument.load(pdf);
  expect(doc.getPageCount()).toBe(3);
  const [p1, p2, p3] = doc.getPages();
  // The new order: TIFF (lossless Flate), JPEG (its own bytes, not re-encoded), PNG turned 90°.
  expect(imageOf(doc, p1).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
  expect(imageOf(doc, p1).dict.get(PDFName.of('Width'))?.toString()).toBe('60');
  const jpeg = imageOf(doc, p2);
  expect(jpeg.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));
  expect(Buffer.from(jpeg.contents).equals(JPG)).toBe(true);
  expect(p3.getRotation().angle).toBe(90);
  expect(p2.getWidth()).toBeCloseTo(297.36, 2); // 413 px at the desk's 100 dpi
  expect(p2.getHeight()).toBeCloseTo(421.2, 2); // 585 px
  expect([p1.getRotation().angle, p2.getRotation().angle]).toEqual([0, 0]);
  // The stored SHA-256 is the PDF's.
  const { createHash } = await import('node:crypto');
  const hex = createHash('sha256').update(pdf).digest('hex');
  await expect(first.getByTestId('scan-sha')).toHaveAttribute('title', hex);
  fs.writeFileSync(path.join(SCRATCH, 'scan-component.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '50', '-png', path.join(SCRATCH, 'scan-component.pdf'), path.join(SCRATCH, 'scan-component')]);

  // 7. Re-editing keeps the row (same id) and the page order it was given.
  await first.getByTestId('scan-open').click();
  await expect(editor.getByTestId('scan-page')).toHaveCount(3);
  await editor.getByTestId('scan-page').nth(0).getByTestId('page-delete').click();
  await editor.getByTestId('scan-save').click();
  await expect(editor).toBeHidden();
  await expect(first.getByTestId('scan-pages-count')).toHaveText('2');
  const again = await PDFDocument.load(await storedPdf(page, 'component:'));
  expect(imageOf(again, again.getPage(0)).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));
  expect(again.getPage(1).getRotation().angle).toBe(90);

  // 8. A drop on the result's row opens its editor with the file in it.
  await drop(page, '[data-testid="scan-slot"][data-slot="result"]', [{ name: 'ket-qua.jpg', type: 'image/jpeg', bytes: JPG }]);
  await expect(editor).toBeVisible();
  await expect(editor.getByTestId('scan-page')).toHaveCount(1);
  await editor.getByTestId('scan-save').click();
  await expect(editor).toBeHidden();
  await expect(slots.last().getByTestId('scan-pages-count')).toHaveText('1');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(SCRATCH, 'scan-card.png') });
  await page.screenshot({ path: path.join(SCRATCH, 'scan-dossier-page.png'), fullPage: true });

  // 9. A supervisor reads: the pages and the preview, no button that changes anything.
  await page.goto('/#/settings');
  const accounts = page.locator('form').filter({ has: page.getByRole('button', { name: 'Thêm tài khoản' }) });
  await accounts.getByLabel('Tên đăng nhập').fill('giamsat');
  await accounts.getByLabel('Họ tên (người ký trên biểu mẫu)').fill('Phạm Văn Giám');
  await accounts.getByLabel('Vai trò').selectOption('supervisor');
  await accounts.getByLabel(/^Mật khẩu/).fill('giamsat-123');
  await accounts.getByRole('button', { name: 'Thêm tài khoản' }).click();
  await expect(page.getByRole('cell', { name: 'giamsat', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await logIn(page, 'giamsat', 'giamsat-123');
  await page.getByTestId('current-account').waitFor();
  await page.goto(dossierUrl);
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
  await expect(card.getByTestId('scan-view')).toHaveCount(2);
  await expect(card.getByTestId('scan-open')).toHaveCount(0);
  await expect(card.getByTestId('scan-remove')).toHaveCount(0);
  await card.getByTestId('scan-slot').first().getByTestId('scan-view').click();
  await expect(editor.getByTestId('scan-page')).toHaveCount(2);
  await expect(editor.getByTestId('scan-preview-image')).toBeVisible();
  await expect(editor.getByTestId('scan-save')).toHaveCount(0);
  await expect(editor.getByTestId('scan-dropzone')).toHaveCount(0);
  await expect(editor.getByTestId('page-delete')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Đóng', exact: true }).click();
  await expect(editor).toBeHidden();
});

/**
 * The hot folder as the Electron shell offers it: a stand-in for main behind `window.deskHost` (the
 * preload's bridge; main itself is tested with a real folder and chokidar in electron/scanFolder.test.ts).
 * A file the scanner saves is announced, offered for the dossier on screen with a choice of component,
 * added through the editor, and then moved aside ("done") so it is not offered again.
 */
test('hot folder: a new scan is announced and offered for the dossier on screen, then set aside', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript((jpg: number[]) => {
    const files: { name: string; bytes: number; modifiedAt: number }[] = [];
    const data = new Map<string, Uint8Array>();
    const done: string[] = [];
    const secrets = new Map<string, string>();
    const w = window as unknown as Record<string, unknown>;
    // What the scanner does: a file appears in the folder.
    w.__scannerSaves = (name: string) => {
      data.set(name, new Uint8Array(jpg));
      files.push({ name, bytes: jpg.length, modifiedAt: Date.now() });
    };
    w.__done = done;
    const ok = { ok: true };
    w.deskHost = Object.freeze({
      appInfo: async () => ({ version: '0.1.0', platform: 'linux', shell: 'electron' }),
      listPrinters: async () => [],
      printPdf: async () => ({ ok: false, reason: 'không có máy in' }),
      savePdf: async () => ({ saved: false }),
      saveFile: async () => ({ saved: false }),
      secretGet: async ({ key }: { key: string }) => ({ value: secrets.get(key) ?? null }),
      secretSet: async ({ key, value }: { key: string; value: string }) => (secrets.set(key, value), ok),
      secretDelete: async ({ key }: { key: string }) => (secrets.delete(key), ok),
      backupChooseFolder: async () => ({ folder: null, files: [] }),
      backupFolder: async () => ({ folder: null, files: [] }),
      backupWrite: async () => { throw new Error('no backups here'); },
      scanFolderChoose: async () => ({ supported: true, folder: '/home/buudien/May quet' }),
      scanFolder: async () => ({ supported: true, folder: '/home/buudien/May quet' }),
      scanInbox: async () => ({ files: files.slice() }),
      scanInboxRead: async ({ name }: { name: string }) => ({ bytes: data.get(name)!.slice() }),
      scanInboxDone: async ({ name }: { name: string }) => {
        done.push(name);
        files.splice(files.findIndex((f) => f.name === name), 1);
        return ok;
      },
    });
  }, [...JPG]);
  await completeSetup(page);
  await page.goto('/#/settings');
  await expect(page.getByTestId('scan-folder')).toHaveText('/home/buudien/May quet');
  await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true }).waitFor();
  await receiveBirthRegistration(page, QR_AN);
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  await page.goto('/#/list');
  await page.getByTestId('dossier-table').getByRole('link', { name: code }).click();
  const card = page.getByTestId('scans-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('scan-inbox')).toHaveCount(0);

  await page.evaluate(() => (window as unknown as { __scannerSaves(n: string): void }).__scannerSaves('Scan_0001.jpg'));
  await expect(page.getByText('Tệp quét mới: Scan_0001.jpg').first()).toBeVisible(); // the notification and the row
  const inbox = card.getByTestId('scan-inbox');
  await expect(inbox).toContainText('Tệp quét mới: Scan_0001.jpg');
  const secondSlot = await card.getByTestId('scan-slot').nth(1).getAttribute('data-slot');
  await inbox.getByLabel('Thành phần').selectOption(secondSlot!);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCRATCH, 'scan-hot-folder.png') });
  await inbox.getByRole('button', { name: 'Thêm vào' }).click();
  const editor = page.getByRole('dialog');
  await expect(editor.getByTestId('scan-page')).toHaveCount(1);
  await page.keyboard.press('Control+Enter');
  await expect(editor).toBeHidden();
  await expect(card.locator(`[data-slot="${secondSlot}"]`).getByTestId('scan-pages-count')).toHaveText('1');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __done: string[] }).__done)).toEqual(['Scan_0001.jpg']);
  await expect(card.getByTestId('scan-inbox')).toHaveCount(0);

  // A file for another dossier is set aside without attaching anything.
  await page.evaluate(() => (window as unknown as { __scannerSaves(n: string): void }).__scannerSaves('Scan_0002.jpg'));
  await card.getByTestId('scan-inbox').getByRole('button', { name: 'Bỏ qua' }).click();
  await expect(card.getByTestId('scan-inbox')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __done: string[] }).__done)).toEqual(['Scan_0001.jpg', 'Scan_0002.jpg']);
  await expect(card.getByTestId('scan-pages-count').filter({ hasText: '1' })).toHaveCount(1);
});
