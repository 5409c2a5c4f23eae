// The supervisor's side, in the built renderer: a fee recorded at the desk, the day's figures, the
// tracking book downloaded as .xlsx and .csv (read back), the fee report.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { test, expect, completeSetup, receiveBirthRegistration } from './fixtures';

const MONDAY = new Date('2026-11-23T10:15:00+07:00');
const QR = '011196001234||Hoàng Thị Thuỳ Dương|05071996|Nữ|Bản Huổi Lóng, xã Mường Ảng, tỉnh Điện Biên|01012022';

async function receiveContract(page: Page) {
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ mới (Ctrl+Enter)' }).click();
  await page.getByRole('combobox', { name: 'Thủ tục hành chính' }).fill('chung thuc hop dong');
  await page.getByRole('option', { name: /Chứng thực hợp đồng, giao dịch/ }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('processing-time').waitFor();
  await page.getByLabel('Họ và tên').focus();
  await page.keyboard.insertText(QR);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Đã điền thông tin từ CCCD' }).waitFor();
  for (const box of await page.getByRole('checkbox').all()) {
    if (await box.evaluate((el) => el.closest('tr')?.textContent?.includes('bắt buộc'))) await box.check();
  }
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('saved-code').filter({ hasText: '-0002' }).waitFor();
}

test('a fee recorded at the desk, the day figures, the tracking book as xlsx and csv, the fee report', async ({ desk, page }) => {
  await desk.clock.setFixedTime(MONDAY);
  mkdirSync('test-results/reports', { recursive: true });
  await completeSetup(page);
  await receiveBirthRegistration(page, QR);
  await receiveContract(page);

  // The fee (50.000 đ per contract) is collected in the software.
  await page.getByRole('button', { name: 'Xem hồ sơ' }).click();
  await page.locator('button[data-action="pay"]').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Số tiền (đồng)')).toHaveValue('50000');
  await dialog.getByLabel('Hình thức thu').selectOption('qr');
  await dialog.getByLabel('Số biên lai').fill('BL-0001');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dossier-fee')).toContainText('Đã thu 50.000 đ · Quét mã QR · biên lai BL-0001');
  await expect(page.locator('button[data-action="pay"]')).toHaveCount(0);
  await expect(page.getByTestId('history')).toContainText('Thu phí, lệ phí 50.000 đ');

  // The day's figures.
  await page.getByRole('button', { name: 'Báo cáo' }).click();
  await page.getByText('Hôm nay').click();
  await expect(page.getByTestId('stat-received')).toHaveText('2');
  await expect(page.getByTestId('stat-progress')).toHaveText('2');
  await page.screenshot({ path: 'test-results/reports/dashboard-day.png', fullPage: true });

  // The tracking book: .xlsx read back with exceljs, .csv with its BOM; both masked.
  await page.getByRole('tab', { name: 'Sổ theo dõi hồ sơ' }).click();
  await expect(page.getByTestId('log-count')).toHaveText('2 hồ sơ phù hợp');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel (.xlsx)' }).click()]);
  expect(xlsx.suggestedFilename()).toBe('so-theo-doi-ho-so-2026-11-23-2026-11-23.xlsx');
  await xlsx.saveAs('test-results/reports/tracking-book.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile('test-results/reports/tracking-book.xlsx');
  const ws = wb.worksheets[0];
  expect(ws.getCell('A4').value).toBe('SỔ THEO DÕI HỒ SƠ');
  expect(ws.getRow(9).getCell(2).value).toBe('000.17.22.H56-261123-0001');
  expect((ws.getRow(10).getCell(7).value as Date).toISOString().slice(0, 10)).toBe('2026-11-23');
  expect(ws.getRow(10).getCell(14).value).toBe('0111••••1234');
  expect(ws.getRow(10).getCell(19).value).toBe(50_000);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
  await csv.saveAs('test-results/reports/tracking-book.csv');
  const bytes = readFileSync('test-results/reports/tracking-book.csv');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8').trim().split('\r\n')).toHaveLength(3);
  await page.screenshot({ path: 'test-results/reports/log.png', fullPage: true });

  // The fee report of the day and the unpaid list.
  await page.getByRole('tab', { name: 'Phí, lệ phí' }).click();
  await expect(page.getByTestId('fee-total')).toHaveText('Tổng cộng trong ngày: 50.000 đ (1 hồ sơ)');
  await expect(page.getByText('Không có hồ sơ nào còn nợ phí, lệ phí.')).toBeVisible();
  await page.screenshot({ path: 'test-results/reports/fees.png', fullPage: true });

  // The same report on paper: the print dialog's PDF holds the day's line and total.
  await page.getByRole('button', { name: 'In / lưu PDF' }).click();
  const printDialog = page.getByRole('dialog');
  await expect(printDialog.getByTestId('print-preview')).toHaveAttribute('src', /^blob:/);
  const [pdf] = await Promise.all([page.waitForEvent('download'), printDialog.getByRole('button', { name: 'Lưu tệp PDF' }).click()]);
  expect(pdf.suggestedFilename()).toBe('thu-phi-le-phi-2026-11-23.pdf');
  await pdf.saveAs('test-results/reports/fee-report.pdf');
  const text = execFileSync('pdftotext', ['-layout', 'test-results/reports/fee-report.pdf', '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('BÁO CÁO THU PHÍ, LỆ PHÍ');
  expect(text).toContain('Tổng số tiền thu trong ngày: 50.000 đồng của 1 hồ sơ.');
});
