import { test, expect, createAdmin, ADMIN } from './fixtures';

// Friday 20/11/2026, 09:00 in Hà Nội: a same-day procedure is due at closing time the same day.
const FRIDAY_9AM = new Date('2026-11-20T09:00:00+07:00');
const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';

test('an officer receives a dossier offline, finds it again and carries it to returned, keyboard only', async ({ desk, page }) => {
  await desk.clock.setFixedTime(FRIDAY_9AM);
  await page.goto('/');
  const kb = page.keyboard;

  // 1. First-run: the administrator, then the setup.
  // The officer who signs is the logged-in account (here the administrator, who also works the desk).
  await createAdmin(page, { ...ADMIN, displayName: 'Trần Thị Bình' });
  await expect(page.getByRole('heading', { name: 'Thiết lập ban đầu' })).toBeVisible();
  await expect(page.getByLabel('Cơ quan chủ quản (dòng trên của tiêu đề)')).toBeFocused();
  await kb.type('ỦY BAN NHÂN DÂN XÃ AN BÌNH');
  await kb.press('Tab'); // reception unit name keeps its default
  await kb.press('Tab');
  await kb.type('000.17.22.H56');
  await kb.press('Tab');
  await kb.type('Xã An Bình');
  await kb.press('Tab'); // no district since 2025
  await kb.press('Tab');
  await kb.type('Tỉnh Hưng Yên');
  await kb.press('Tab');
  await kb.press('Control+a');
  await kb.type('1');
  await kb.press('Tab');
  await kb.press('Control+a');
  await kb.type('3');
  await kb.press('Tab');
  await kb.type('Trần Thị Bình');
  await kb.press('Enter');

  // 2. Receive: procedure typed without accents, applicant from a scanned CCCD QR.
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Thủ tục hành chính' })).toBeFocused();
  await kb.type('dang ky khai sinh');
  await expect(page.getByRole('option', { name: 'Đăng ký khai sinh', exact: true })).toBeVisible();
  await kb.press('Enter');
  await expect(page.getByTestId('processing-time')).toContainText('Trong ngày');
  await expect(page.getByLabel('Họ và tên')).toBeFocused();

  // A garbled scan is refused and keeps what was typed.
  await kb.type('Nguyễn');
  await kb.type('001090012345|123456789|Nguyễn Văn');
  await kb.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Không đọc được mã QR CCCD' })).toContainText('chỉ nhận được 3 trên 7 trường');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Nguyễn');

  // A good scan fills the applicant.
  await page.getByLabel('Họ và tên').focus();
  await kb.type(QR);
  await kb.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Đã điền thông tin từ CCCD' })).toBeVisible();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByLabel('Số CCCD')).toHaveValue('001090012345');
  await expect(page.getByLabel('Ngày sinh (dd/mm/yyyy)')).toHaveValue('15/03/1990');
  await expect(page.getByLabel('Giới tính')).toHaveValue('male');
  await expect(page.getByLabel('Địa chỉ')).toHaveValue(/thôn Đông Hạ/);
  await expect(page.getByLabel('Số điện thoại')).toBeFocused();
  await kb.type('0912 345 678');

  // Saving without the required components is refused, nothing is lost.
  await kb.press('Control+Enter');
  await expect(page.getByText('Thiếu thành phần bắt buộc: Tờ khai đăng ký khai sinh;', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Nguyễn Văn An');

  // Tick the three required components with the keyboard: one stop for the list, Space ticks and moves down.
  await page.getByLabel('Email').focus();
  await kb.press('Tab');
  for (let i = 0; i < 3; i++) await kb.press('Space');
  await expect(page.getByTestId('appointment')).toHaveText('17:00 20/11/2026');
  await expect(page.getByTestId('fee')).toHaveText('0 đ');

  // A full disk: IndexedDB refuses the write. The officer is told why and loses nothing.
  await page.evaluate(() => {
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
      if ((window as unknown as { diskFull?: boolean }).diskFull) throw new DOMException('disk full', 'QuotaExceededError');
      return add.apply(this, args);
    };
    (window as unknown as { diskFull?: boolean }).diskFull = true;
  });
  await kb.press('Control+Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Chưa lưu được hồ sơ' })).toContainText('Ổ đĩa đã đầy');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Nguyễn Văn An');
  await expect(page.getByLabel('Số điện thoại')).toHaveValue('0912 345 678');
  await page.evaluate(() => ((window as unknown as { diskFull?: boolean }).diskFull = false));
  await kb.press('Control+Enter');

  // 3. The code follows the pattern with this desk's share of the day (desk 1 of 3: 0001–3332).
  await expect(page.getByTestId('saved-code')).toHaveText('000.17.22.H56-261120-0001');
  await expect(page.getByTestId('saved-appointment')).toHaveText('17:00 20/11/2026');
  await page.screenshot({ path: 'test-results/screens/receipt-done.png', fullPage: true });

  // 4. Reload: nothing is lost.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();

  // 5. Find it again without accents.
  await kb.press('F3');
  await expect(page.getByRole('heading', { name: 'Danh sách hồ sơ' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /Tìm theo tên/ })).toBeFocused();
  await kb.type('nguyen van an');
  const row = page.getByTestId('dossier-table').getByRole('row').filter({ hasText: 'Nguyễn Văn An' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('000.17.22.H56-261120-0001');
  await page.screenshot({ path: 'test-results/screens/list-search.png', fullPage: true });
  await kb.press('ArrowDown');
  await kb.press('Enter');
  await expect(page.getByTestId('dossier-code')).toHaveText('000.17.22.H56-261120-0001');
  await expect(page.getByTestId('applicant-name')).toHaveText('Nguyễn Văn An');

  // 6. Through to returned: supplement (clock pauses), hand over, processed, returned.
  const status = page.locator('[data-status]').first();
  await expect(status).toHaveText('Được tiếp nhận');
  await expect(page.getByRole('button', { name: 'Chuyển xử lý', exact: true })).toBeFocused();
  await kb.press('Tab'); // request a supplement instead
  await expect(page.getByRole('button', { name: 'Yêu cầu bổ sung', exact: true })).toBeFocused();
  await kb.press('Enter');
  await expect(page.getByLabel('Lý do, nội dung')).toBeFocused();
  await kb.type('Thiếu bản sao giấy chứng nhận kết hôn của cha mẹ');
  await kb.press('Enter');
  await expect(status).toHaveText('Yêu cầu bổ sung giấy tờ');

  // Issue 9: resuming after a supplement says what happened, and the note typed is kept in the history.
  await expect(page.getByRole('button', { name: 'Công dân đã bổ sung hồ sơ', exact: true })).toBeFocused();
  await kb.press('Enter');
  await expect(page.getByLabel('Ghi chú')).toBeFocused();
  await kb.type('Đã nhận bản sao giấy chứng nhận kết hôn');
  await kb.press('Enter');
  await expect(status).toHaveText('Đang xử lý');

  await expect(page.getByRole('button', { name: 'Đã xử lý xong', exact: true })).toBeFocused();
  await kb.press('Enter');
  await expect(page.getByLabel('Ghi chú')).toBeFocused();
  await kb.press('Enter');
  await expect(status).toHaveText('Đã xử lý xong');

  await expect(page.getByRole('button', { name: 'Trả kết quả', exact: true })).toBeFocused();
  await kb.press('Enter');
  await expect(page.getByLabel('Họ tên người nhận kết quả')).toBeFocused();
  await expect(page.getByLabel('Họ tên người nhận kết quả')).toHaveValue('Nguyễn Văn An');
  await kb.press('Enter');
  await expect(status).toHaveText('Đã trả kết quả');
  await expect(page.getByText('Hồ sơ đã kết thúc, không còn bước nào.')).toBeVisible();
  // No next step: focus lands on the first print button, not on the page body.
  await expect(page.locator('[data-print-panel] button').first()).toBeFocused();

  // 7. The history tells who did what, and when.
  const history = page.getByTestId('history');
  await expect(history.locator('[data-action]')).toHaveCount(5);
  expect(await history.locator('[data-action]').evaluateAll((items) => items.map((i) => i.getAttribute('data-action')))).toEqual([
    'received', 'request_supplement', 'hand_over', 'mark_processed', 'return_result',
  ]);
  await expect(history).toContainText('Tiếp nhận hồ sơ 000.17.22.H56-261120-0001');
  await expect(history).toContainText('Yêu cầu bổ sung: Thiếu bản sao giấy chứng nhận kết hôn của cha mẹ');
  await expect(history).toContainText('Công dân đã bổ sung hồ sơ');
  await expect(history).toContainText('Ghi chú: Đã nhận bản sao giấy chứng nhận kết hôn');
  await expect(history).toContainText('Đã xử lý xong');
  await expect(history).toContainText('Trả kết quả tại quầy, người nhận Nguyễn Văn An');
  await expect(history).toContainText('09:00 20/11/2026 · Trần Thị Bình');
  await page.screenshot({ path: 'test-results/screens/dossier-returned.png', fullPage: true });

  // The DVCQG code of the final status is shown.
  await expect(page.getByText('mã DVCQG 10')).toBeVisible();
});
