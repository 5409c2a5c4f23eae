// Backup and restore through the built app: the reminder until the first backup, a backup downloaded
// with its passphrase, then a new machine (a fresh Chromium profile) refusing a wrong passphrase and a
// truncated file, restoring the desk, and the restored dossier with its CCCD masked and an audited reveal.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_URL } from '../../playwright.config';
import { test, expect, completeSetup, logIn, receiveBirthRegistration, ADMIN } from './fixtures';

const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';
const PASS = 'mật khẩu sao lưu Mường Ảng';

test('backup downloaded, then restored on a new machine: refusals touch nothing, the desk comes back', async ({ page }, info) => {
  await completeSetup(page);
  await expect(page.getByTestId('backup-overdue')).toContainText('chưa được sao lưu lần nào');
  await receiveBirthRegistration(page, QR);
  const code = (await page.getByTestId('saved-code').textContent())!.trim();

  await page.goto('/#/settings');
  const panel = page.getByTestId('backup-panel');
  await panel.scrollIntoViewIfNeeded();
  await panel.getByLabel('Mật khẩu sao lưu', { exact: true }).fill(PASS);
  await panel.getByLabel('Nhập lại mật khẩu sao lưu').fill(PASS);
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Tạo và tải xuống bản sao lưu' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^motcua-\d{8}-\d{6}\.mcbk$/);
  const file = join(info.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  await expect(page.getByTestId('last-backup')).toContainText('thủ công');
  await expect(page.getByTestId('backup-overdue')).toBeHidden();
  await panel.screenshot({ path: 'test-results/screens/backup-panel.png' });

  // A new machine: a fresh profile, the file on a USB stick.
  const profile = mkdtempSync(join(tmpdir(), 'desk-new-machine-'));
  const other = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 900 }, baseURL: PREVIEW_URL });
  try {
    const fresh = other.pages()[0] ?? (await other.newPage());
    await fresh.goto('/');
    await fresh.getByRole('button', { name: 'Khôi phục từ bản sao lưu…' }).click();
    const form = fresh.getByTestId('restore-form');
    await expect(form).toBeVisible();
    const truncated = join(info.outputDir, 'cut.mcbk');
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));

    const tryRestore = async (path: string, pass: string) => {
      await fresh.setInputFiles('[data-testid="restore-form"] input[type="file"]', path);
      await form.getByLabel('Mật khẩu của bản sao lưu').fill(pass);
      await form.getByRole('button', { name: 'Khôi phục' }).click();
    };
    await tryRestore(file, 'mật khẩu sai hoàn toàn');
    await expect(fresh.getByTestId('restore-error')).toContainText('Sai mật khẩu sao lưu');
    await fresh.screenshot({ path: 'test-results/screens/restore-wrong-passphrase.png', fullPage: true });
    await tryRestore(truncated, PASS);
    await expect(fresh.getByTestId('restore-error')).toContainText('không đầy đủ');
    // Nothing was touched: still the first-run screen of an empty desk.
    await expect(fresh.getByRole('heading', { name: 'Tạo tài khoản quản trị viên' })).toBeVisible();

    await tryRestore(file, PASS);
    await logIn(fresh, ADMIN.username, ADMIN.password);
    await expect(fresh.getByTestId('restore-pending')).toBeVisible();
    await expect(fresh.getByTestId('backup-overdue')).toBeHidden();
    await fresh.screenshot({ path: 'test-results/screens/restored-banner.png', fullPage: true });
    await fresh.keyboard.press('F3');
    await fresh.getByRole('link', { name: code }).click();
    await expect(fresh.getByTestId('applicant-id')).toContainText('0010••••2345');
    await expect(fresh.getByTestId('applicant-phone')).not.toContainText('001090012345');
    await fresh.getByTestId('applicant-id').getByRole('button', { name: 'Hiện đầy đủ' }).click();
    await expect(fresh.getByTestId('applicant-id')).toContainText('001090012345');
    await fresh.screenshot({ path: 'test-results/screens/restored-dossier.png', fullPage: true });
  } finally {
    await other.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
