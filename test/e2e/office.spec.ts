// Issue 14 end to end: two desks of one agency, each its own browser profile (its own IndexedDB), against
// the real reference server. A dossier received at desk 1 appears in desk 2's list marked "Quầy 1 tiếp
// nhận"; desk 2 returns it; desk 1 shows it returned after its sync. Screenshots go to scratch/.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { test, expect, createAdmin, receiveBirthRegistration } from './fixtures';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_URL } from '../../playwright.config';
import { adminCli, startServer, type ServerProcess } from '../sync/serverProcess';

const AGENCY = '000.17.22.H56';
const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';
const SHOTS = join(process.cwd(), 'scratch');

let server: ServerProcess;

test.beforeEach(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  await adminCli(server, ['create-agency', '--agency', AGENCY, '--desks', '2', '--parent', 'ỦY BAN NHÂN DÂN XÃ AN BÌNH', '--commune', 'Xã An Bình', '--province', 'Tỉnh Hưng Yên']);
});
test.afterEach(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

async function setUpAndEnrol(page: Page, deskNo: number, officer: string) {
  await page.goto('/');
  await createAdmin(page);
  await page.getByLabel('Cơ quan chủ quản (dòng trên của tiêu đề)').fill('ỦY BAN NHÂN DÂN XÃ AN BÌNH');
  await page.getByLabel('Mã đơn vị (dùng trong mã hồ sơ)').fill(AGENCY);
  await page.getByLabel('Xã, phường').fill('Xã An Bình');
  await page.getByLabel('Tỉnh, thành phố').fill('Tỉnh Hưng Yên');
  await page.getByLabel('Số quầy', { exact: true }).fill(String(deskNo));
  await page.getByLabel('Số quầy của cơ quan').fill('2');
  await page.getByLabel('Họ tên cán bộ tiếp nhận').fill(officer);
  await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();
  const code = await adminCli(server, ['issue-code', '--agency', AGENCY, '--desk', String(deskNo)]);
  await page.goto('/#/settings');
  const admin = page.getByTestId('sync-admin');
  await admin.getByLabel('Địa chỉ máy chủ của tỉnh').fill(server.url);
  await admin.getByLabel('Mã đăng ký (dùng một lần)').fill(code);
  await admin.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
  await expect(admin.getByTestId('enrolment')).toContainText(`Đã đăng ký: đơn vị ${AGENCY}, quầy số ${deskNo}/2`);
}

async function openDossier(page: Page, code: string) {
  await page.keyboard.press('F3');
  await page.getByRole('textbox', { name: /Tìm theo tên/ }).fill(code);
  await expect(page.getByTestId('dossier-table').getByRole('row').filter({ hasText: code })).toHaveCount(1, { timeout: 15_000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
}

async function returnResult(page: Page, collector: string) {
  for (const step of ['Chuyển xử lý', 'Đã xử lý xong']) {
    await page.getByRole('button', { name: step, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await expect(dialog).toHaveCount(0);
  }
  await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await page.getByLabel('Họ tên người nhận kết quả').fill(collector);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-status]').first()).toHaveText('Đã trả kết quả');
}

test('desk 2 finds desk 1’s dossier in its list (“Quầy 1 tiếp nhận”), returns it; desk 1 shows it returned', async ({ page }) => {
  const dir2 = mkdtempSync(join(tmpdir(), 'desk2-profile-'));
  const desk2 = await chromium.launchPersistentContext(dir2, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 900 }, baseURL: PREVIEW_URL });
  try {
    const page2 = desk2.pages()[0] ?? (await desk2.newPage());
    await setUpAndEnrol(page, 1, 'Trần Thị Bình');
    await setUpAndEnrol(page2, 2, 'Lê Văn Cường');

    // Desk 1 receives a dossier; it goes out by itself.
    await page.keyboard.press('F2');
    await receiveBirthRegistration(page, QR);
    const code = (await page.getByTestId('saved-code').textContent())!.trim();
    await expect.poll(async () => (JSON.parse(await adminCli(server, ['stats', '--json'])) as { dossiers: number }).dossiers, { timeout: 15_000 }).toBe(1);

    // Desk 2 syncs and finds it in its list and by search, with the receiving desk shown.
    await page2.getByTestId('sync-indicator').click();
    await page2.keyboard.press('F3');
    await page2.getByRole('textbox', { name: /Tìm theo tên/ }).fill('nguyen van an');
    const row = page2.getByTestId('dossier-table').getByRole('row').filter({ hasText: code });
    await expect(row).toHaveCount(1, { timeout: 15_000 });
    await expect(row.getByTestId('receiving-desk')).toHaveText('Quầy 1 tiếp nhận');
    await page2.screenshot({ path: join(SHOTS, 'office-list-desk2.png'), fullPage: true });
    await page2.keyboard.press('ArrowDown');
    await page2.keyboard.press('Enter');
    await expect(page2.getByTestId('dossier-code')).toHaveText(code);
    await expect(page2.getByTestId('receiving-desk')).toHaveText('Quầy 1 tiếp nhận');
    await expect(page2.getByTestId('peer-note')).toContainText('thông tin tiếp nhận chỉ Quầy 1 được sửa');
    await expect(page2.getByRole('button', { name: 'Sửa', exact: true })).toHaveCount(0);
    await page2.screenshot({ path: join(SHOTS, 'office-dossier-desk2.png'), fullPage: true });

    // Desk 2 carries it on to the result.
    for (const step of ['Chuyển xử lý', 'Đã xử lý xong']) {
      await page2.getByRole('button', { name: step, exact: true }).click();
      const dialog = page2.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Xác nhận' }).click();
      await expect(dialog).toHaveCount(0);
    }
    await page2.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
    await expect(page2.getByLabel('Họ tên người nhận kết quả')).toHaveValue('Nguyễn Văn An');
    await page2.keyboard.press('Enter');
    await expect(page2.locator('[data-status]').first()).toHaveText('Đã trả kết quả');
    await expect(page2.getByTestId('dossier-sync-state')).toHaveAttribute('data-sync-state', 'sent', { timeout: 15_000 });

    // Desk 1, after its sync, shows it returned, by desk 2, in the dossier's history.
    await page.keyboard.press('F3');
    await page.getByRole('textbox', { name: /Tìm theo tên/ }).fill(code);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('sync-indicator').click();
    await expect(page.locator('[data-status]').first()).toHaveText('Đã trả kết quả', { timeout: 15_000 });
    await expect(page.getByTestId('history')).toContainText('Quầy 2 cập nhật: Đã trả kết quả');
    await expect(page.getByTestId('receiving-desk')).toHaveText('Quầy 1 tiếp nhận');
    await page.screenshot({ path: join(SHOTS, 'office-dossier-desk1-returned.png'), fullPage: true });
  } finally {
    await desk2.close();
    rmSync(dir2, { recursive: true, force: true });
  }
});

test('both desks return the same dossier while desk 2 is offline: the conflict is shown at both, nothing merged', async ({ page }) => {
  const dir2 = mkdtempSync(join(tmpdir(), 'desk2-profile-'));
  const desk2 = await chromium.launchPersistentContext(dir2, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 900 }, baseURL: PREVIEW_URL });
  try {
    const page2 = desk2.pages()[0] ?? (await desk2.newPage());
    await setUpAndEnrol(page, 1, 'Trần Thị Bình');
    await setUpAndEnrol(page2, 2, 'Lê Văn Cường');
    await page.keyboard.press('F2');
    await receiveBirthRegistration(page, QR);
    const code = (await page.getByTestId('saved-code').textContent())!.trim();
    await expect.poll(async () => (JSON.parse(await adminCli(server, ['stats', '--json'])) as { dossiers: number }).dossiers, { timeout: 15_000 }).toBe(1);
    await page2.getByTestId('sync-indicator').click();
    await openDossier(page2, code);

    // Desk 2 loses the network; both desks hand the result to different people.
    await desk2.setOffline(true);
    await openDossier(page, code);
    await returnResult(page, 'Trần Văn Khải');
    await expect(page.getByTestId('dossier-sync-state')).toHaveAttribute('data-sync-state', 'sent', { timeout: 15_000 });
    await returnResult(page2, 'Nguyễn Văn An');

    // Back online: desk 2's return is refused as a conflict, shown with the other desk named.
    await desk2.setOffline(false);
    await page2.getByTestId('sync-indicator').click();
    await expect(page2.getByTestId('dossier-sync-state')).toHaveAttribute('data-sync-state', 'conflict', { timeout: 15_000 });
    await expect(page2.getByTestId('conflict')).toContainText('Quầy 1 đã chuyển hồ sơ sang "Đã trả kết quả"');
    await expect(page2.getByRole('button', { name: 'Theo Quầy 1 (bản tỉnh đang giữ)' })).toBeVisible();
    await page2.screenshot({ path: join(SHOTS, 'office-conflict-desk2.png'), fullPage: true });

    // Desk 1 is told too, at its next sync; the province kept desk 1's return.
    await page.getByTestId('sync-indicator').click();
    await expect(page.getByTestId('conflict')).toContainText('Quầy 2 cũng chuyển hồ sơ sang', { timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'office-conflict-desk1.png'), fullPage: true });
    const listed = JSON.parse(await adminCli(server, ['list-dossiers', '--json', '--reveal'])) as { record: { collectedBy: string } }[];
    expect(listed.map((d) => d.record.collectedBy)).toEqual(['Trần Văn Khải']);

    // Desk 2 follows desk 1; desk 1 acknowledges.
    await page2.getByRole('button', { name: 'Theo Quầy 1 (bản tỉnh đang giữ)' }).click();
    await expect(page2.getByTestId('conflict')).toHaveCount(0);
    await page.getByRole('button', { name: 'Đã xem, đã thống nhất với quầy kia' }).click();
    await expect(page.getByTestId('conflict')).toHaveCount(0);
  } finally {
    await desk2.close();
    rmSync(dir2, { recursive: true, force: true });
  }
});
