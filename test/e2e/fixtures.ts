import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_URL } from '../../playwright.config';

/** A desk in a persistent Chromium profile, as an officer's browser keeps IndexedDB between sessions. */
export const test = base.extend<{ profileDir: string; desk: BrowserContext; page: Page }>({
  // Playwright reads the fixture's dependencies from this object pattern, even when empty.
  // eslint-disable-next-line no-empty-pattern
  profileDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-profile-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  desk: async ({ profileDir }, use) => {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1366, height: 900 },
      baseURL: PREVIEW_URL,
    });
    await use(context);
    await context.close();
  },
  page: async ({ desk }, use) => {
    await use(desk.pages()[0] ?? (await desk.newPage()));
  },
});

export { expect } from '@playwright/test';

export const ADMIN = { username: 'quantri', displayName: 'Lò Thị Hương', password: 'mat-khau-quan-tri' };

/** First run: the desk's administrator, through the form. */
export async function createAdmin(page: Page, admin = ADMIN) {
  await page.getByRole('heading', { name: 'Tạo tài khoản quản trị viên' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(admin.username);
  await page.getByLabel('Họ tên (người ký trên biểu mẫu)').fill(admin.displayName);
  await page.getByLabel(/^Mật khẩu/).fill(admin.password);
  await page.getByLabel('Nhập lại mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await page.getByRole('heading', { name: 'Thiết lập ban đầu' }).waitFor();
}

/** Logs in through the login form (a new tab, or after logging out). */
export async function logIn(page: Page, username = ADMIN.username, password = ADMIN.password) {
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel(/^Mật khẩu/).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * The header's pieces, as Chromium lays them out: each visible one inside the window and none over another
 * (a title running under the menu, a button pushed off the right edge).
 */
export async function expectHeaderFits(page: Page) {
  const boxes = await page.locator('header').evaluate((header) => {
    const pieces = [...header.querySelectorAll('h4, button, [data-testid="sync-indicator"] > *, [data-testid="current-account"]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.querySelector('[data-testid="sync-indicator"]'))
      .map((el) => { const r = el.getBoundingClientRect(); return { text: (el.textContent ?? '').trim().slice(0, 30), left: r.left, right: r.right }; });
    return { pieces, width: window.innerWidth, overflow: header.scrollWidth - header.clientWidth };
  });
  await page.screenshot({ path: `test-results/screens/header-${boxes.width}.png`, clip: { x: 0, y: 0, width: boxes.width, height: 60 } });
  expect(boxes.overflow, 'the header scrolls sideways').toBeLessThanOrEqual(0);
  const sorted = [...boxes.pieces].sort((a, b) => a.left - b.left);
  for (const [i, p] of sorted.entries()) {
    expect(p.right, `${p.text} leaves the window`).toBeLessThanOrEqual(boxes.width);
    if (i > 0) expect(p.left, `${p.text} overlaps ${sorted[i - 1].text}`).toBeGreaterThanOrEqual(sorted[i - 1].right - 0.5);
  }
}

/** First-run setup through the form, for specs that are about something else. */
export async function completeSetup(page: Page, url = '/') {
  await page.goto(url);
  await createAdmin(page);
  await page.getByLabel('Cơ quan chủ quản (dòng trên của tiêu đề)').fill('ỦY BAN NHÂN DÂN XÃ MƯỜNG ẢNG');
  await page.getByLabel('Mã đơn vị (dùng trong mã hồ sơ)').fill('000.17.22.H56');
  await page.getByLabel('Xã, phường').fill('Xã Mường Ảng');
  await page.getByLabel('Tỉnh, thành phố').fill('Tỉnh Điện Biên');
  await page.getByLabel('Họ tên cán bộ tiếp nhận').fill('Lò Thị Hương');
  await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true }).waitFor();
}

/** Receives a dossier for "Đăng ký khai sinh" through the form, the applicant from a scanned CCCD. */
export async function receiveBirthRegistration(page: Page, qr: string) {
  await page.getByRole('combobox', { name: 'Thủ tục hành chính' }).fill('dang ky khai sinh');
  await page.getByRole('option', { name: 'Đăng ký khai sinh', exact: true }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('processing-time').waitFor();
  await page.getByLabel('Họ và tên').focus();
  await page.keyboard.insertText(qr);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Đã điền thông tin từ CCCD' }).waitFor();
  for (const box of await page.getByRole('checkbox').all()) {
    if (await box.evaluate((el) => el.closest('tr')?.textContent?.includes('bắt buộc'))) await box.check();
  }
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('saved-code').waitFor();
}
