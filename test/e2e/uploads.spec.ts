// Issue 11, upload of scanned files from the built app in Chromium: a dossier received at the counter and
// sent, a scanned component (written into the desk's IndexedDB as the digitise screen stores it), and its
// upload through a proxy that drops the connection in the middle of a body. The outbox screen shows the
// progress; the upload resumes from the server's offset; the province ends with the identical file; the
// dossier page says the file has reached the province.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, createAdmin, receiveBirthRegistration } from './fixtures';
import type { Page } from '@playwright/test';
import { UPLOAD_CHUNK_BYTES } from '../../shared/sync/contract';
import { Province } from '../../server/store';
import { adminCli, startServer, type ServerProcess } from '../sync/serverProcess';
import { FaultProxy } from '../sync/faultProxy';
import { cleanup } from '../sync/harness';

const AGENCY = '000.17.22.H56';
const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';
const SIZE = 6 * 1024 * 1024 + 333;
const SEED = 20261202;

let server: ServerProcess;
let proxy: FaultProxy;

test.beforeEach(async () => {
  server = await startServer();
  await adminCli(server, ['create-agency', '--agency', AGENCY, '--desks', '3', '--parent', 'ỦY BAN NHÂN DÂN XÃ AN BÌNH', '--commune', 'Xã An Bình', '--province', 'Tỉnh Hưng Yên']);
  proxy = await new FaultProxy(server.url).start();
  proxy.streamPaths.push('/v1/files');
});
test.afterEach(async () => {
  await proxy.close();
  await server.stop();
  await cleanup(server);
});

/** The scan's bytes, made the same way in the page and here (xorshift32): the check does not trust the page. */
function scanBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

async function setUpAndEnrol(page: Page) {
  await page.goto('/');
  await createAdmin(page);
  await page.getByLabel('Cơ quan chủ quản (dòng trên của tiêu đề)').fill('ỦY BAN NHÂN DÂN XÃ AN BÌNH');
  await page.getByLabel('Mã đơn vị (dùng trong mã hồ sơ)').fill(AGENCY);
  await page.getByLabel('Xã, phường').fill('Xã An Bình');
  await page.getByLabel('Tỉnh, thành phố').fill('Tỉnh Hưng Yên');
  await page.getByLabel('Số quầy', { exact: true }).fill('1');
  await page.getByLabel('Số quầy của cơ quan').fill('1');
  await page.getByLabel('Họ tên cán bộ tiếp nhận').fill('Trần Thị Bình');
  await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();
  const code = await adminCli(server, ['issue-code', '--agency', AGENCY, '--desk', '1']);
  await page.goto('/#/settings');
  const admin = page.getByTestId('sync-admin');
  // Everything goes through the proxy, the files too.
  await admin.getByLabel('Địa chỉ máy chủ của tỉnh').fill(proxy.url);
  await admin.getByLabel('Mã đăng ký (dùng một lần)').fill(code);
  await admin.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'online');
}

test('a scanned component reaches the province through a connection dropped in the middle of the upload, resumed, byte for byte', async ({ page }) => {
  test.setTimeout(120_000);
  await setUpAndEnrol(page);
  await page.keyboard.press('F2');
  await receiveBirthRegistration(page, QR);
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  await page.keyboard.press('F3');
  await page.getByRole('textbox', { name: /Tìm theo tên/ }).fill(code);
  await expect(page.getByTestId('dossier-table').getByRole('row').filter({ hasText: code })).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dossier-sync-state')).toHaveAttribute('data-sync-state', 'sent', { timeout: 15_000 });
  const dossierId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);

  // The scanned first component, as the digitise screen stores it (one PDF Blob with its SHA-256).
  const stored = await page.evaluate(
    async ({ dossierId, size, seed, code }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('mot-cua-desk');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const dossier = await new Promise<{ components: { componentId: string }[] }>((ok) => {
        const r = db.transaction('dossiers').objectStore('dossiers').get(dossierId);
        r.onsuccess = () => ok(r.result);
      });
      const bytes = new Uint8Array(size);
      let x = seed >>> 0;
      for (let i = 0; i < size; i++) {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        bytes[i] = x & 0xff;
      }
      const hex = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
      const slot = `component:${dossier.components[0].componentId}`;
      const file = { id: crypto.randomUUID(), dossierId, slot, fileName: `${code}_${dossier.components[0].componentId}.pdf`, pdf: new Blob([bytes], { type: 'application/pdf' }), bytes: size, sha256: hex, pageCount: 3, digitisedBy: 'x', digitisedByName: 'Trần Thị Bình', digitisedAt: Date.now() };
      const tx = db.transaction('scanFiles', 'readwrite');
      tx.objectStore('scanFiles').put(file);
      await new Promise((ok, fail) => {
        tx.oncomplete = ok;
        tx.onerror = () => fail(tx.error);
      });
      db.close();
      return { sha256: hex, slot };
    },
    { dossierId, size: SIZE, seed: SEED, code },
  );
  const expected = createHash('sha256').update(scanBytes(SIZE, SEED)).digest('hex');
  expect(stored.sha256).toBe(expected);

  // Slow enough to watch, and the line drops in the middle of a body a little past half.
  proxy.streamRate = 2 * 1024 * 1024;
  proxy.dropWhenStreamed(Math.floor(SIZE / 2) + 54_321);
  await page.goto('/#/settings');
  await page.getByTestId('sync-now').click();
  const row = page.getByTestId('upload-row');
  await expect(row).toHaveAttribute('data-upload-state', 'uploading', { timeout: 15_000 });
  await expect.poll(async () => Number(await row.getByTestId('upload-progress').getAttribute('data-percent')), { timeout: 15_000 }).toBeGreaterThan(10);
  await expect(row.getByTestId('upload-bytes')).toContainText('/ 6 MB');
  mkdirSync('scratch', { recursive: true });
  await page.getByTestId('upload-list').screenshot({ path: 'scratch/upload-progress.png' });
  await expect.poll(() => proxy.dropPending, { timeout: 20_000 }).toBe(false);
  await expect(row).toHaveAttribute('data-upload-state', 'done', { timeout: 40_000 });
  await expect(row).toContainText('Đã gửi lên tỉnh');
  await expect(row.getByTestId('upload-bytes')).toContainText('(100%)');
  await page.getByTestId('upload-list').screenshot({ path: 'scratch/upload-done.png' });
  await page.screenshot({ path: 'scratch/upload-settings.png', fullPage: true });

  // Resumed, not restarted: no more than one chunk was sent twice.
  expect(proxy.log.some((l) => l.fault === 'drop_mid_body')).toBe(true);
  expect(proxy.streamedBytes).toBeGreaterThanOrEqual(SIZE);
  expect(proxy.streamedBytes).toBeLessThanOrEqual(SIZE + UPLOAD_CHUNK_BYTES);

  // The province holds the identical file for that dossier and component.
  const p = await Province.open(server.target);
  try {
    const rec = await p.db.k.selectFrom('dossier_files').selectAll().where('dossier_id', '=', dossierId).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ slot: stored.slot, sha256: expected, bytes: SIZE });
    expect(createHash('sha256').update(readFileSync(join(server.dataDir, 'uploads', rec.upload_id))).digest('hex')).toBe(expected);
  } finally {
    await p.close();
  }

  // The dossier page says so for the component.
  await page.goto(`/#/dossier/${encodeURIComponent(dossierId)}`);
  const file = page.getByTestId('dossier-file');
  await expect(file).toHaveAttribute('data-upload-state', 'done');
  await expect(file.getByTestId('dossier-file-state')).toHaveText(/^Đã gửi lên tỉnh \(tỉnh nhận lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\)$/);
  await page.getByTestId('dossier-files').screenshot({ path: 'scratch/upload-dossier.png' });
});
