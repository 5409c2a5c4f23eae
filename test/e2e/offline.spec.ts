// The browser desk starts with no network: served by the real gateway (`--desk-dir`), opened once, then
// the server is killed and the browser put offline; a reload still starts the desk and a dossier is
// received and saved. A new version waits for the officer ("Tải lại"), and not while a reception is typed.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, completeSetup, logIn, receiveBirthRegistration } from './fixtures';
import { ROOT, startServer, tempDir, type ServerProcess } from '../sync/serverProcess';

const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';

let deskDir: string;
let server: ServerProcess | null = null;

test.beforeEach(() => {
  // A copy of the build, so that the update test can publish a "new version" without touching dist/.
  deskDir = tempDir('desk-build-');
  cpSync(join(ROOT, 'dist/renderer'), deskDir, { recursive: true });
});
test.afterEach(async () => {
  await server?.stop().catch(() => undefined);
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  server = null;
  rmSync(deskDir, { recursive: true, force: true });
});

async function serveDesk(port?: number) {
  server = await startServer({ port, args: ['--desk-dir', deskDir] });
  return server;
}

/** Waits until the service worker has precached the shell and is active. */
async function shellCached(page: Page) {
  await expect
    .poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.active), { timeout: 30_000 })
    .toBe(true);
}

async function loggedIn(page: Page) {
  const login = page.getByRole('heading', { name: 'Đăng nhập' });
  const receive = page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true });
  await expect(login.or(receive)).toBeVisible();
  if (await login.isVisible()) await logIn(page);
  await expect(receive).toBeVisible();
}

test('the desk loads with no network once it has been opened, and saves a dossier', async ({ page, desk }) => {
  const { url } = await serveDesk();
  await completeSetup(page, url);
  await shellCached(page);

  await server!.kill();
  await desk.setOffline(true);
  // The server is gone: nothing but the service worker can answer.
  expect(await page.evaluate((u) => fetch(u).then(() => 'reached', () => 'unreachable'), url)).toBe('unreachable');
  await page.reload();
  await loggedIn(page);

  await receiveBirthRegistration(page, QR);
  const code = await page.getByTestId('saved-code').textContent();
  expect(code).toMatch(/^000\.17\.22\.H56-\d{6}-\d{4}$/);
  await page.keyboard.press('F3');
  await expect(page.getByRole('row').filter({ hasText: 'Nguyễn Văn An' })).toHaveCount(1);
});

test('a new version is announced and applied by the officer, never in the middle of a reception', async ({ page }) => {
  const first = await serveDesk();
  await completeSetup(page, first.url);
  await shellCached(page);
  const firstScript = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);

  // Publish a new build: a byte-different service worker makes the browser install it beside the old one.
  const swPath = join(deskDir, 'sw.js');
  writeFileSync(swPath, readFileSync(swPath, 'utf8') + '\n// next version\n');
  await page.reload();
  await loggedIn(page);
  const banner = page.getByTestId('update-banner');
  await expect(banner).toContainText('Có phiên bản mới của ứng dụng.', { timeout: 30_000 });

  // The officer starts typing a reception: the reload waits until it is saved or discarded.
  await page.getByLabel('Họ và tên').fill('Trần Thị Bình');
  await expect(banner).toContainText('Lưu hoặc huỷ hồ sơ đang nhập rồi tải lại.');
  await expect(banner.getByRole('button', { name: 'Tải lại' })).toBeDisabled();
  await page.getByLabel('Họ và tên').fill('');
  await expect(banner.getByRole('button', { name: 'Tải lại' })).toBeEnabled();

  await banner.getByRole('button', { name: 'Tải lại' }).click();
  await loggedIn(page);
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  const waiting = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting);
  expect(waiting).toBe(false);
  expect(firstScript).toBeTruthy();
});
