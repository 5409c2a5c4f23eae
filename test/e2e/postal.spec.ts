// Postal work through the built app: a postal staff account records two dossiers collected outside the
// desk with their waybills (a wrong check digit explained), hands them over in a batch and prints the
// slip; the officer checks both in by scanning (a keyboard burst at scanner speed), anywhere in the app.
import type { Page } from '@playwright/test';
import { test, expect, completeSetup, logIn, scan, type } from './postalFixtures';

const QR_AN = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';
const QR_HOA = '001190012346||Phạm Thị Hoa|02021990|Nữ|Thôn Tây, xã An Bình, tỉnh Hưng Yên|01012022';

test('postal intake, handover batch and slip, officer check-in by scanning', async ({ page }) => {
  await completeSetup(page);
  await page.goto('/#/settings');
  const panel = page.locator('form').filter({ has: page.getByRole('button', { name: 'Thêm tài khoản' }) });
  for (const [username, name, role] of [['buudien', 'Lê Văn Bưu', 'postal'], ['canbo', 'Trần Thị Bình', 'officer']]) {
    await panel.getByLabel('Tên đăng nhập').fill(username);
    await panel.getByLabel('Họ tên (người ký trên biểu mẫu)').fill(name);
    await panel.getByLabel('Vai trò').selectOption(role);
    await panel.getByLabel(/^Mật khẩu/).fill(`${username}-123`);
    await panel.getByRole('button', { name: 'Thêm tài khoản' }).click();
    await expect(page.getByRole('cell', { name: username, exact: true })).toBeVisible();
  }
  // The province's own waybill form; a broken expression is refused.
  await page.getByLabel('Tên mẫu').fill('Bưu gửi trong nước');
  await page.getByLabel('Biểu thức').fill('EB\\d{9');
  await page.getByRole('button', { name: 'Thêm mẫu' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Biểu thức của mẫu không hợp lệ' })).toBeVisible();
  await page.getByLabel('Biểu thức').fill('EB\\d{9}VN');
  await page.getByLabel('Ví dụ').fill('EB123456789VN');
  await page.getByRole('button', { name: 'Thêm mẫu' }).click();
  await expect(page.getByTestId('waybill-patterns')).toContainText('EB123456789VN');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await logIn(page, 'buudien', 'buudien-123');
  await page.getByTestId('current-account').waitFor();
  await page.getByRole('button', { name: 'Tiếp nhận (F2)' }).click();
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true }).waitFor();

  // The first dossier: the postal section is on for a postal account; a mistyped check digit is explained.
  await expect(page.getByTestId('collected-outside')).toBeChecked();
  await fillDossier(page, QR_AN);
  const waybill = page.getByTestId('inbound-waybill');
  await waybill.fill('RR473124828VN');
  await page.getByLabel('Nơi thu gom (địa chỉ hoặc bưu cục)').fill('Bưu cục An Bình');
  await page.getByLabel('Cước bưu chính (đồng)').fill('25000');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText(/sai chữ số kiểm tra.*phải là 9, không phải 8/)).toBeVisible();
  await page.screenshot({ path: 'scratch/postal-intake-error.png', fullPage: true });
  // The scanner reads the right number into the field: it stays there (the field takes scans).
  await waybill.fill('');
  await waybill.focus();
  await type(page, 'RR473124829VN', 0);
  await expect(waybill).toHaveValue('RR473124829VN');
  await expect(page.getByText('Mã hợp lệ: RR473124829VN')).toBeVisible();
  await page.screenshot({ path: 'scratch/postal-intake.png', fullPage: true });
  await page.keyboard.press('Control+Enter');
  const firstCode = await page.getByTestId('saved-code').textContent();

  await page.getByRole('button', { name: /Tiếp nhận hồ sơ mới/ }).click();
  await fillDossier(page, QR_HOA);
  await page.getByTestId('inbound-waybill').fill('RB123456785VN');
  await page.getByLabel('Nơi thu gom (địa chỉ hoặc bưu cục)').fill('Thôn Tây, xã An Bình');
  await page.getByLabel('Cước bưu chính (đồng)').fill('30000');
  await page.keyboard.press('Control+Enter');
  const secondCode = await page.getByTestId('saved-code').textContent();
  expect(secondCode).not.toBe(firstCode);

  // The handover batch and its slip.
  await page.getByRole('button', { name: 'Bưu chính' }).click();
  const waiting = page.getByTestId('unbatched');
  await expect(waiting.getByRole('row')).toHaveCount(3);
  await waiting.getByLabel('Chọn tất cả').check();
  await page.screenshot({ path: 'scratch/postal-waiting.png', fullPage: true });
  await page.getByTestId('make-batch').click();
  await expect(page.getByTestId('batch-code')).toHaveText(/^BG-1-\d{6}-01$/);
  const batchCode = (await page.getByTestId('batch-code').textContent())!;
  await expect(page.getByTestId('batch-progress')).toHaveText('Đã nhận 0/2');
  await page.getByTestId('print-slip').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Biên bản bàn giao hồ sơ (bưu điện → Bộ phận một cửa)')).toBeVisible();
  await expect(dialog.locator('iframe, embed, object, img').first()).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: 'scratch/postal-slip-dialog.png' });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  // The officer scans the second waybill with focus on no field: its dossier opens, Enter checks it in.
  await logIn(page, 'canbo', 'canbo-123');
  await page.getByTestId('current-account').waitFor();
  await page.getByRole('button', { name: 'Danh sách hồ sơ (F3)' }).click();
  const search = page.getByLabel('Tìm theo tên, mã hồ sơ, CCCD hoặc số điện thoại (không cần dấu)');
  // A person typing a waybill into the search field and pressing Enter is not a scan: the list stays.
  await search.focus();
  await type(page, 'RB123456785VN', 120);
  await page.keyboard.press('Enter');
  await expect(search).toHaveValue('RB123456785VN');
  await expect(page).toHaveURL(/#\/list/);
  await search.fill('');
  // The scanner, typing into the same field: the dossier opens (the field gives back the scanned text).
  await search.focus();
  await scan(page, 'RB123456785VN');
  await expect(page.getByTestId('dossier-code')).toHaveText(secondCode!);
  await expect(page.getByTestId('check-in')).toBeFocused();
  await page.screenshot({ path: 'scratch/postal-dossier-checkin.png', fullPage: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('checked-in')).toContainText('Trần Thị Bình');

  // The slip's dossier code, scanned with focus on a button of the dossier page, opens the first one.
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await scan(page, firstCode!);
  await expect(page.getByTestId('dossier-code')).toHaveText(firstCode!);
  // The check-in button takes the focus once the dossier's batch is read: Enter goes to it then.
  await expect(page.getByTestId('check-in')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('checked-in')).toBeVisible();

  // The batch code on the slip opens the batch: both checked in.
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await scan(page, batchCode);
  await expect(page.getByTestId('batch-progress')).toHaveText('Đã nhận 2/2');
  await page.screenshot({ path: 'scratch/postal-batch-done.png', fullPage: true });
  // The history of a dossier tells the whole story.
  await page.getByRole('link', { name: firstCode! }).click();
  const history = page.getByTestId('history');
  await expect(history).toContainText('do bưu điện thu gom');
  await expect(history).toContainText(`Đưa vào lô bàn giao cho Bộ phận một cửa ${batchCode}`);
  await expect(history).toContainText('Xác nhận đã nhận hồ sơ từ bưu điện');

  // The officer carries it through to its result, which goes back by post.
  for (const act of ['hand_over', 'mark_processed']) {
    await page.locator(`[data-action="${act}"]`).click();
    await page.getByRole('dialog').locator('button[type=submit]').click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await logIn(page, 'buudien', 'buudien-123');
  await page.getByTestId('current-account').waitFor();
  await page.getByRole('button', { name: 'Bưu chính' }).click();
  const row = page.getByTestId('returns').locator(`tr[data-code="${firstCode}"]`);
  await row.getByLabel(`Mã bưu gửi chiều về: ${firstCode}`).fill('abc');
  await row.getByRole('button', { name: 'Ghi mã' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'không đúng định dạng' })).toBeVisible();
  await row.getByLabel(`Mã bưu gửi chiều về: ${firstCode}`).fill('EE000600000VN');
  await row.getByRole('button', { name: 'Ghi mã' }).click();
  await expect(row).toContainText('Đã ghi mã bưu gửi, chờ giao bưu điện');
  await row.getByRole('checkbox').check();
  await page.screenshot({ path: 'scratch/postal-returns.png', fullPage: true });
  await page.getByTestId('make-return-batch').click();
  await expect(page.getByTestId('batch-code')).toHaveText(/^BT-1-\d{6}-01$/);
  await expect(page.getByTestId('batch-dossiers')).toContainText('Đã giao bưu điện, đang phát');
  await page.getByRole('link', { name: '← Việc của bưu chính' }).click();
  await row.getByRole('button', { name: 'Đã phát cho công dân' }).click();
  await page.getByLabel('Họ tên người nhận').fill('Nguyễn Văn An');
  await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('returns').locator(`tr[data-code="${firstCode}"]`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Danh sách hồ sơ (F3)' }).click();
  await page.getByRole('link', { name: firstCode! }).first().click();
  await expect(page.getByTestId('dossier-code')).toHaveText(firstCode!);
  await expect(page.getByText('Đã trả kết quả').first()).toBeVisible();
  await expect(page.getByTestId('postal-card')).toContainText('Đã phát cho công dân');
  await page.screenshot({ path: 'scratch/postal-returned.png', fullPage: true });
});

async function fillDossier(page: Page, qr: string) {
  await page.getByRole('combobox', { name: 'Thủ tục hành chính' }).fill('dang ky khai sinh');
  await page.getByRole('option', { name: 'Đăng ký khai sinh', exact: true }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('processing-time').waitFor();
  await page.getByLabel('Họ và tên').focus();
  await page.keyboard.insertText(qr);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Đã điền thông tin từ CCCD' }).waitFor();
  for (const box of await page.locator('[data-applicant] ~ fieldset, fieldset').getByRole('checkbox').all()) {
    if (await box.evaluate((el) => el.closest('tr')?.textContent?.includes('bắt buộc'))) await box.check();
  }
}
