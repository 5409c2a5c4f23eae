import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test, expect, completeSetup, receiveBirthRegistration } from './fixtures';

// Monday 23/11/2026, 10:15 in Hà Nội.
const MONDAY = new Date('2026-11-23T10:15:00+07:00');
const QR = '011196001234||Hoàng Thị Thuỳ Dương|05071996|Nữ|Bản Huổi Lóng, xã Mường Ảng, tỉnh Điện Biên|01012022';

test('the receipt slip prints from the keyboard, and the PDF reads back with the right code, name and appointment', async ({ desk, page }) => {
  await desk.clock.setFixedTime(MONDAY);
  // Headless Chromium has no print dialog (print() in a PDF frame crashes the page), so the frame's
  // print() is replaced by a recorder: the test checks it was asked to print a frame holding the PDF.
  await page.addInitScript(() => {
    const original = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
      get(this: HTMLIFrameElement) {
        const src = () => this.src;
        const win = original.get!.call(this) as Window | null;
        if (!win) return win;
        return new Proxy(win, {
          get(target, prop) {
            if (prop === 'print') return () => ((window as unknown as { printed: string[] }).printed ??= []).push(src());
            const value = Reflect.get(target, prop);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
    });
  });
  await completeSetup(page);
  await receiveBirthRegistration(page, QR);
  const code = (await page.getByTestId('saved-code').textContent())!;
  expect(code).toBe('000.17.22.H56-261123-0001');

  // Save, then print: the print button has focus, Enter opens the preview, Enter prints.
  await expect(page.getByRole('button', { name: 'In phiếu tiếp nhận (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  await expect(dialog.getByTestId('print-preview')).toHaveAttribute('src', /^blob:/);
  await expect(dialog.getByRole('button', { name: 'In (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã gửi lệnh in: GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ')).toBeVisible();
  const printed = await page.evaluate(async () => {
    const src = (window as unknown as { printed?: string[] }).printed?.[0];
    if (!src) return null;
    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
    return String.fromCharCode(...bytes.slice(0, 5));
  });
  expect(printed).toBe('%PDF-');
  await expect(page.getByRole('button', { name: 'Tiếp nhận hồ sơ mới (Ctrl+Enter)' })).toBeFocused();

  // Reprint from the dossier page and capture the PDF through "Lưu tệp PDF".
  await page.getByRole('button', { name: 'Xem hồ sơ' }).click();
  await page.locator('button[data-form="01"]').click();
  await expect(dialog.getByTestId('print-preview')).toHaveAttribute('src', /^blob:/);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Lưu tệp PDF' }).click()]);
  expect(download.suggestedFilename()).toBe(`mau-01-${code}.pdf`);
  mkdirSync('test-results/printing', { recursive: true });
  const pdfPath = 'test-results/printing/slip.pdf';
  await download.saveAs(pdfPath);
  await dialog.getByRole('button', { name: 'Huỷ' }).click();

  // Render the slip to an image and read it back with Vietnamese OCR.
  execFileSync('pdftoppm', ['-png', '-r', '300', '-f', '1', '-l', '1', pdfPath, 'test-results/printing/slip']);
  const text = execFileSync('tesseract', ['test-results/printing/slip-1.png', '-', '-l', 'vie'], { encoding: 'utf8' }).normalize('NFC');
  writeFileSync('test-results/printing/slip-ocr.txt', text);
  expect(text.replace(/\s+/g, '')).toContain(code);
  expect(text).toContain('Hoàng Thị Thuỳ Dương');
  expect(text).toMatch(/17 giờ 00 phút, ngày 23\/11\/2026/);

  // Both prints are in the history, the second as a reprint.
  const history = page.getByTestId('history');
  await expect(history).toContainText('In mẫu 01 – GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ, 1 bản (Hộp thoại in của hệ thống)');
  await expect(history).toContainText('In lại mẫu 01 – GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ, 1 bản (lưu tệp PDF)');
  await expect(history).toContainText('10:15 23/11/2026 · Lò Thị Hương');
  await page.screenshot({ path: 'test-results/screens/dossier-printed.png', fullPage: true });
});
