// The sync engine end to end from the built app in Chromium, against the real reference server started
// here on a loopback port: enrolment from the admin screen, a dossier received and sent, a status change
// made with the province's admin command line reaching the dossier page and its history; then two tabs
// of the desk syncing at once without a single duplicate delivery.
import { rmSync } from 'node:fs';
import { test, expect, createAdmin, expectHeaderFits, logIn, receiveBirthRegistration } from './fixtures';
import type { Page } from '@playwright/test';
import { SEED_CATALOG } from '../../shared/domain/catalog';
import { sampleDossier, SAMPLE_OFFICE } from '../fixtures/dossiers';
import { adminCli, startServer, type ServerProcess } from '../sync/serverProcess';

const AGENCY = '000.17.22.H56';
const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServer();
  await adminCli(server, ['create-agency', '--agency', AGENCY, '--desks', '3', '--parent', 'ỦY BAN NHÂN DÂN XÃ AN BÌNH', '--commune', 'Xã An Bình', '--province', 'Tỉnh Hưng Yên']);
});
test.afterEach(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

async function stats() {
  return JSON.parse(await adminCli(server, ['stats', '--json'])) as { dossiers: number; replays: number; accepted: number };
}

async function setUpAndEnrol(page: Page) {
  await page.goto('/');
  await createAdmin(page);
  await expect(page.getByRole('heading', { name: 'Thiết lập ban đầu' })).toBeVisible();
  await page.getByLabel('Cơ quan chủ quản (dòng trên của tiêu đề)').fill('ỦY BAN NHÂN DÂN XÃ AN BÌNH');
  await page.getByLabel('Mã đơn vị (dùng trong mã hồ sơ)').fill(AGENCY);
  await page.getByLabel('Xã, phường').fill('Xã An Bình');
  await page.getByLabel('Tỉnh, thành phố').fill('Tỉnh Hưng Yên');
  await page.getByLabel('Số quầy', { exact: true }).fill('1');
  await page.getByLabel('Số quầy của cơ quan').fill('1');
  await page.getByLabel('Họ tên cán bộ tiếp nhận').fill('Trần Thị Bình');
  await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'not_enrolled');

  // Enrolment from the admin screen with a one-time code issued by the province.
  const code = await adminCli(server, ['issue-code', '--agency', AGENCY, '--desk', '2']);
  await page.goto('/#/settings');
  const admin = page.getByTestId('sync-admin');
  await admin.getByLabel('Địa chỉ máy chủ của tỉnh').fill(server.url);
  await admin.getByLabel('Mã đăng ký (dùng một lần)').fill(code);
  await admin.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
  await expect(admin.getByTestId('enrolment')).toContainText(`Đã đăng ký: đơn vị ${AGENCY}, quầy số 2/3`);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'online');
  await expect(page.getByTestId('sync-last-success')).toContainText('Đồng bộ lúc');
  // The longest header (every menu, the sync state and its detail) still fits the desk's 1366 px screen.
  await expectHeaderFits(page);
  // The province's catalog replaced the seed (the same procedures here), with its version shown.
  await expect(admin).toContainText('danh mục thủ tục v1, lịch làm việc v1, thông tin cơ quan v1');
}

test('a desk enrols, sends a dossier, and sees the province’s decision on the dossier page and in its history', async ({ page }) => {
  await setUpAndEnrol(page);
  const kb = page.keyboard;

  // Receive a dossier at the counter (the keyboard path itself is spine.spec.ts's subject).
  await kb.press('F2');
  await receiveBirthRegistration(page, QR);
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  // Desk 2 of 3 (as enrolled) owns the numbers from 3333.
  expect(code).toMatch(new RegExp(`^${AGENCY.replace(/\./g, '\\.')}-\\d{6}-3333$`));

  // It goes out by itself, soon after it was saved.
  await kb.press('F3');
  await page.getByRole('textbox', { name: /Tìm theo tên/ }).fill(code);
  await expect(page.getByTestId('dossier-table').getByRole('row').filter({ hasText: code })).toHaveCount(1);
  await kb.press('ArrowDown');
  await kb.press('Enter');
  await expect(page.getByTestId('dossier-code')).toHaveText(code);
  await expect(page.getByTestId('dossier-sync-state')).toHaveAttribute('data-sync-state', 'sent', { timeout: 15_000 });
  await expect(page.getByTestId('dossier-sync-state')).toContainText('Đã gửi lên tỉnh');
  expect((await stats()).dossiers).toBe(1);

  // The processing department marks it processed; "sync now" from the header brings it in.
  await adminCli(server, ['set-status', '--agency', AGENCY, '--code', code, '--status', 'processed', '--note', 'Đã ký giấy khai sinh', '--by', 'Phạm Thị Dung', '--department', 'Tư pháp – Hộ tịch']);
  await page.getByTestId('sync-indicator').click();
  await expect(page.locator('[data-status]').first()).toHaveText('Đã xử lý xong');
  const history = page.getByTestId('history');
  await expect(history.locator('[data-action="province_update"]')).toContainText('Tỉnh cập nhật: Đã xử lý xong – Đã ký giấy khai sinh');
  await expect(history).toContainText('Phạm Thị Dung (Tư pháp – Hộ tịch)');
  await expect(page.getByText('mã DVCQG 9')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/sync-dossier-processed.png', fullPage: true });

  // The officer hands the result back; the province learns it.
  await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await expect(page.getByLabel('Họ tên người nhận kết quả')).toHaveValue('Nguyễn Văn An');
  await kb.press('Enter');
  await expect(page.locator('[data-status]').first()).toHaveText('Đã trả kết quả');
  await expect(page.getByTestId('dossier-sync-state')).toHaveAttribute('data-sync-state', 'sent', { timeout: 15_000 });
  const listed = JSON.parse(await adminCli(server, ['list-dossiers', '--json'])) as { record: { MaHoSo: string; TrangThaiHoSo: number } }[];
  expect(listed.map((d) => [d.record.MaHoSo, d.record.TrangThaiHoSo])).toEqual([[code, 10]]);
});

test('6. two tabs of the desk sync at once: one runner at a time, every dossier delivered exactly once', async ({ desk, page }) => {
  await setUpAndEnrol(page);
  const second = await desk.newPage();
  await second.goto('/#/settings');
  await logIn(second);
  await expect(second.getByTestId('sync-admin')).toBeVisible();

  // Only one window holds the runner lock; the other waits to take over.
  const locks = await page.evaluate(() => navigator.locks.query());
  expect(locks.held!.filter((l) => l.name === 'mot-cua-sync-runner')).toHaveLength(1);
  expect(locks.pending!.filter((l) => l.name === 'mot-cua-sync-runner')).toHaveLength(1);

  // 300 dossiers of the previous day waiting in the outbox, written as the desk's commands write them.
  const procedure = SEED_CATALOG[0];
  const yesterday = Date.now() - 86_400_000;
  const dossiers = Array.from({ length: 300 }, (_, i) =>
    sampleDossier({
      now: yesterday + i * 1000,
      procedure,
      applicant: { fullName: `Lê Thị ${'ABCDEFGHIJ'[i % 10]}`, idNumber: '001190012345', dateOfBirth: '1990-01-01', gender: 'female', address: 'Thôn Tây', phone: '' },
      office: { ...SAMPLE_OFFICE, agencyCode: AGENCY },
      desk: { deskNo: 2, desksInAgency: 3, officerName: 'Trần Thị Bình' },
      lastSequence: i === 0 ? null : 3332 + i,
    }),
  );
  await second.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('mot-cua-desk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction(['dossiers', 'outbox'], 'readwrite');
    for (const d of list) {
      tx.objectStore('dossiers').put(d);
      tx.objectStore('outbox').add({ id: crypto.randomUUID(), dossierId: d.id, kind: 'dossier.received', dossier: d, createdAt: d.receivedAt, state: 'pending', attempts: 0, lastError: null, format: 1 });
    }
    await new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, dossiers);

  // "Sync now" pressed in both windows at the same moment.
  await Promise.all([page.getByTestId('sync-indicator').click(), second.getByTestId('sync-now').click()]);
  await expect(second.getByTestId('sync-counts')).toContainText('Chờ gửi: 0 · Gửi chưa được: 0 · Cách ly: 0 · Xung đột: 0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-connection', 'online');
  const s = await stats();
  expect(s.dossiers).toBe(300);
  expect(s.accepted).toBe(300);
  // No change was ever delivered twice: the two windows never pushed the same entries.
  expect(s.replays).toBe(0);

  // Closing the runner's window hands the runner lock to the other one.
  await page.close();
  await expect.poll(async () => (await second.evaluate(() => navigator.locks.query())).held!.filter((l) => l.name === 'mot-cua-sync-runner').length).toBe(1);
});
