// A desk's backup restored into a fresh Chromium profile and synced with the real reference server:
// the dossier sent before, the one received offline after, nothing lost, nothing doubled, and the next
// code is a fresh one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_URL } from '../../playwright.config';
import { test, expect, createAdmin, logIn, receiveBirthRegistration, ADMIN } from './fixtures';
import { adminCli, startServer, type ServerProcess } from '../sync/serverProcess';

const AGENCY = '000.17.22.H56';
const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';
const QR2 = '001191054321|987654321|Phạm Thị Hoa|02021991|Nữ|Thôn Tây, xã An Bình, tỉnh Hưng Yên|20052021';
const PASS = 'mật khẩu sao lưu An Bình';

let server: ServerProcess;
test.beforeEach(async () => {
  server = await startServer();
  await adminCli(server, ['create-agency', '--agency', AGENCY, '--desks', '3', '--parent', 'ỦY BAN NHÂN DÂN XÃ AN BÌNH', '--commune', 'Xã An Bình', '--province', 'Tỉnh Hưng Yên']);
});
test.afterEach(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

const held = async () => JSON.parse(await adminCli(server, ['list-dossiers', '--json'])) as { id: string; record: { MaHoSo: string } }[];

async function setUpAndEnrol(page: Page) {
  await page.goto('/');
  await createAdmin(page);
  await page.getByLabel('Cơ quan chủ quản (dòng trên của tiêu đề)').fill('ỦY BAN NHÂN DÂN XÃ AN BÌNH');
  await page.getByLabel('Mã đơn vị (dùng trong mã hồ sơ)').fill(AGENCY);
  await page.getByLabel('Xã, phường').fill('Xã An Bình');
  await page.getByLabel('Tỉnh, thành phố').fill('Tỉnh Hưng Yên');
  await page.getByLabel('Họ tên cán bộ tiếp nhận').fill('Trần Thị Bình');
  await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();
  const code = await adminCli(server, ['issue-code', '--agency', AGENCY, '--desk', '1']);
  await page.goto('/#/settings');
  const admin = page.getByTestId('sync-admin');
  await admin.getByLabel('Địa chỉ máy chủ của tỉnh').fill(server.url);
  await admin.getByLabel('Mã đăng ký (dùng một lần)').fill(code);
  await admin.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'online');
}

test('restored into a fresh profile, the desk syncs with the real server: 0 lost, 0 doubled, a fresh code next', async ({ page }, info) => {
  await setUpAndEnrol(page);
  await page.keyboard.press('F2');
  await receiveBirthRegistration(page, QR);
  const sent = (await page.getByTestId('saved-code').textContent())!.trim();
  await expect.poll(async () => (await held()).length, { timeout: 20_000 }).toBe(1);

  // The province is out of reach; one more dossier waits in the outbox when the backup is taken.
  await server.stop();
  await page.getByRole('button', { name: /Tiếp nhận hồ sơ mới/ }).click();
  await receiveBirthRegistration(page, QR2);
  const offline = (await page.getByTestId('saved-code').textContent())!.trim();
  expect(offline).not.toBe(sent);
  await page.goto('/#/settings');
  const panel = page.getByTestId('backup-panel');
  await panel.getByLabel('Mật khẩu sao lưu', { exact: true }).fill(PASS);
  await panel.getByLabel('Nhập lại mật khẩu sao lưu').fill(PASS);
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Tạo và tải xuống bản sao lưu' }).click();
  const file = join(info.outputDir, (await downloading).suggestedFilename());
  await (await downloading).saveAs(file);

  // The PC dies. A new one, a fresh profile; the province is back.
  server = await server.restart();
  const profile = mkdtempSync(join(tmpdir(), 'desk-restored-'));
  const other = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 900 }, baseURL: PREVIEW_URL });
  try {
    const fresh = other.pages()[0] ?? (await other.newPage());
    await fresh.goto('/');
    await fresh.getByRole('button', { name: 'Khôi phục từ bản sao lưu…' }).click();
    await fresh.setInputFiles('[data-testid="restore-form"] input[type="file"]', file);
    await fresh.getByTestId('restore-form').getByLabel('Mật khẩu của bản sao lưu').fill(PASS);
    await fresh.getByTestId('restore-form').getByRole('button', { name: 'Khôi phục' }).click();
    await logIn(fresh, ADMIN.username, ADMIN.password);
    await fresh.getByTestId('sync-indicator').click();
    await expect.poll(async () => (await held()).length, { timeout: 30_000 }).toBe(2);
    await expect(fresh.getByTestId('restore-pending')).toBeHidden({ timeout: 15_000 });
    const province = await held();
    expect(province.map((d) => d.record.MaHoSo).sort()).toEqual([sent, offline].sort());
    expect(new Set(province.map((d) => d.id)).size).toBe(2);

    // The next citizen gets a code neither issued before nor held by the province.
    await fresh.goto('/#/receive');
    await receiveBirthRegistration(fresh, QR);
    const next = (await fresh.getByTestId('saved-code').textContent())!.trim();
    expect([sent, offline]).not.toContain(next);
    await fresh.getByTestId('sync-indicator').click();
    await expect.poll(async () => (await held()).length, { timeout: 30_000 }).toBe(3);
    await fresh.screenshot({ path: 'test-results/screens/restored-synced.png', fullPage: true });
  } finally {
    await other.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
