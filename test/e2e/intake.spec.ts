import type { Page } from '@playwright/test';
import { test, expect, completeSetup, expectHeaderFits, receiveBirthRegistration } from './fixtures';

// Monday 23/11/2026, 09:00 in Hà Nội.
const MONDAY_9AM = new Date('2026-11-23T09:00:00+07:00');
const QR = '001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 12 ngõ 34, thôn Đông Hạ, xã An Bình, tỉnh Hưng Yên|20052021';

/** The dossiers as IndexedDB holds them (read only: the test looks, the officer typed). */
async function storedDossiers(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('mot-cua-desk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('dossiers').objectStore('dossiers').getAll();
          req.onsuccess = () => {
            resolve(req.result);
            open.result.close();
          };
        };
      }),
  );
}

async function pickBirthRegistration(page: Page) {
  await expect(page.getByRole('combobox', { name: 'Thủ tục hành chính' })).toBeFocused();
  await page.keyboard.type('dang ky khai sinh');
  await expect(page.getByRole('listbox').getByRole('option').first()).toHaveText('Đăng ký khai sinh');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Họ và tên')).toBeFocused();
}

test('a certified-copy dossier of three documents for an organisation, keyboard only', async ({ desk, page }) => {
  await desk.clock.setFixedTime(MONDAY_9AM);
  await completeSetup(page);
  const kb = page.keyboard;
  const procedure = page.getByRole('combobox', { name: 'Thủ tục hành chính' });
  await expect(procedure).toBeFocused();

  // From here on: keys only.
  await kb.type('chung thuc ban sao');
  await expect(page.getByRole('listbox').getByRole('option').first()).toContainText('Chứng thực bản sao từ bản chính');
  await kb.press('Enter');
  await expect(page.getByLabel('Họ và tên')).toBeFocused();
  // The applicant kind is one Shift+Tab away; "t" picks Tổ chức; Enter goes on to the organisation's name.
  await kb.press('Shift+Tab');
  await expect(page.getByLabel('Người nộp là')).toBeFocused();
  await kb.type('t');
  await expect(page.getByLabel('Người nộp là')).toHaveValue('organisation');
  await kb.press('Enter');
  await expect(page.getByLabel('Tên tổ chức')).toBeFocused();
  await kb.type('Công ty TNHH Minh Phát');
  await kb.press('Enter');
  await kb.type('0101234567');
  await kb.press('Enter');
  await kb.type('Nguyễn Văn An');
  await kb.press('Enter');
  await kb.press('Enter'); // the representative's CCCD is optional
  await kb.type('Số 5 đường Trần Phú, xã An Bình');
  await kb.press('Enter');
  await kb.type('0912345678');
  await kb.press('Enter');
  await kb.press('Enter'); // no email
  // The components: one stop, Space ticks each and moves down, Enter leaves.
  await expect(page.locator('[data-component-row="0"] input[type=checkbox]')).toBeFocused();
  await kb.press('Space');
  await kb.press('Space');
  await kb.press('Enter');
  // Three documents, each with its pages and copies; Enter on the empty fourth row moves on.
  await expect(page.getByLabel('Tên giấy tờ 1')).toBeFocused();
  const documents = [['Giấy khai sinh', '1', '2'], ['Bằng tốt nghiệp', '3', '1'], ['Sổ đỏ', '250', '1']];
  for (const [name, pages, copies] of documents) {
    await kb.type(name);
    await kb.press('Enter');
    await kb.type(pages);
    await kb.press('Enter');
    await kb.type(copies);
    await kb.press('Enter');
  }
  await expect(page.getByLabel('Tên giấy tờ 4')).toBeFocused();
  await kb.press('Enter');
  await expect(page.getByLabel('Tên giấy tờ 4')).toHaveCount(0);
  await expect(page.getByLabel('Số bộ hồ sơ')).toBeFocused();
  // Worked by hand (2.000 đ/page for pages 1–2, 1.000 đ from page 3, at most 200.000 đ a copy):
  // 1 page × 2 copies = 4.000; 3 pages = 2×2.000 + 1.000 = 5.000; 250 pages = 252.000 → 200.000. Total 209.000.
  await expect(page.getByTestId('document-fee-0')).toHaveText('4.000 đ');
  await expect(page.getByTestId('document-fee-1')).toHaveText('5.000 đ');
  await expect(page.getByTestId('document-fee-2')).toHaveText('200.000 đ');
  await expect(page.getByTestId('fee')).toHaveText('209.000 đ');
  await page.screenshot({ path: 'test-results/screens/certified-copies.png', fullPage: true });
  await kb.press('Control+Enter');

  await expect(page.getByTestId('saved-code')).toHaveText('000.17.22.H56-261123-0001');
  await expect(page.getByText('Phí, lệ phí: 209.000 đ')).toBeVisible();
  const [saved] = await storedDossiers(page);
  expect(saved.applicant).toMatchObject({
    kind: 'organisation', fullName: 'Công ty TNHH Minh Phát', taxCode: '0101234567', representative: 'Nguyễn Văn An',
    idNumber: '', dateOfBirth: '', gender: '', phone: '0912345678',
  });
  expect(saved.copyDocuments).toEqual([
    { name: 'Giấy khai sinh', pages: 1, copies: 2, fee: 4000 },
    { name: 'Bằng tốt nghiệp', pages: 3, copies: 1, fee: 5000 },
    { name: 'Sổ đỏ', pages: 250, copies: 1, fee: 200000 },
  ]);
  expect(saved.fee).toBe(209000);
  // The slip's print button has focus: Enter opens the preview, nothing was clicked.
  await expect(page.getByRole('button', { name: /In phiếu tiếp nhận/ })).toBeFocused();
});

test('one save attempt shows every problem at once, focus on the first, one message', async ({ page }) => {
  await completeSetup(page);
  const kb = page.keyboard;
  await pickBirthRegistration(page);
  await expect(page.getByLabel('Họ và tên')).toBeFocused();
  await kb.press('Control+Enter');
  // Applicant fields and the missing components together, on the first attempt.
  await expect(page.getByText('Vui lòng nhập họ và tên.')).toBeVisible();
  await expect(page.getByTestId('components-problem')).toHaveText(
    'Thiếu thành phần bắt buộc: Tờ khai đăng ký khai sinh; Giấy chứng sinh hoặc văn bản thay giấy chứng sinh; Giấy tờ tùy thân của người yêu cầu (CCCD, hộ chiếu) để xuất trình.',
  );
  await expect(page.getByTestId('problems')).toHaveCount(1);
  await expect(page.getByTestId('problems')).toContainText('chỗ cần sửa');
  await expect(page.getByLabel('Họ và tên')).toBeFocused();
  // Fill the applicant only: the next attempt puts the cursor on the first missing component.
  await kb.type(QR);
  await kb.press('Enter');
  await kb.press('Control+Enter');
  await expect(page.locator('[data-component-row="0"] input[type=checkbox]')).toBeFocused();
  await expect(page.getByTestId('problems')).toContainText('Còn 1 chỗ cần sửa');
});

test('gender by typing "nu" or "nam", Enter leaves the select', async ({ page }) => {
  await completeSetup(page);
  const kb = page.keyboard;
  await pickBirthRegistration(page);
  const gender = page.getByLabel('Giới tính');
  await gender.focus();
  await kb.type('nu');
  await expect(gender).toHaveValue('female');
  await page.waitForTimeout(1100); // a new word after a pause, as typeahead does
  await kb.type('nam');
  await expect(gender).toHaveValue('male');
  await page.waitForTimeout(1100);
  // A Vietnamese keyboard (Unikey) sends the composed letter as one key event.
  await kb.press('n');
  await gender.dispatchEvent('keydown', { key: 'ữ', bubbles: true });
  await expect(gender).toHaveValue('female');
  await kb.press('Enter');
  await expect(page.getByLabel('Địa chỉ')).toBeFocused();
});

test('a half-typed intake survives a reload until it is discarded', async ({ page }) => {
  await completeSetup(page);
  const kb = page.keyboard;
  await pickBirthRegistration(page);
  await kb.type('Trần Thị Mai');
  await page.locator('[data-component-row="0"] input[type=checkbox]').focus();
  await kb.press('Space');
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Thị Mai');
  await expect(page.getByTestId('processing-time')).toContainText('Trong ngày');
  await expect(page.locator('[data-component-row="0"] input[type=checkbox]')).toBeChecked();
  // Nothing personal in localStorage.
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('Mai');
  await page.getByRole('button', { name: 'Bỏ bản nháp' }).press('Enter');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', exact: true })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
});

test('defect 13: long unbroken text wraps inside the dossier card; history titles have room for diacritics', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await completeSetup(page);
  await expectHeaderFits(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await expectHeaderFits(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  const unbroken = `Thôn${'ĐôngHạ'.repeat(30)}`; // 184 letters, no space to break at
  await receiveBirthRegistration(page, `001090012345|123456789|Nguyễn Văn An|15031990|Nam|${unbroken}|20052021`);
  await page.getByRole('button', { name: 'Xem hồ sơ' }).click();
  await expect(page.getByTestId('applicant-name')).toHaveText('Nguyễn Văn An');
  const boxes = await page.evaluate((text) => {
    const field = [...document.querySelectorAll('p')].find((p) => p.textContent === text)!;
    const card = field.closest('.mantine-Paper-root')!;
    const f = field.getBoundingClientRect();
    const c = card.getBoundingClientRect();
    const titles = [...document.querySelectorAll('[data-testid="history"] .mantine-Timeline-itemTitle')].map((el) => {
      const s = getComputedStyle(el);
      return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
    });
    return { fieldRight: f.right, fieldHeight: f.height, cardRight: c.right, scroll: card.scrollWidth, client: card.clientWidth, lineHeight: parseFloat(getComputedStyle(field).lineHeight), titles };
  }, unbroken);
  // The text stays inside its card (measured in Chromium's layout), on several lines rather than one long one.
  expect(boxes.fieldRight).toBeLessThanOrEqual(boxes.cardRight);
  expect(boxes.scroll).toBeLessThanOrEqual(boxes.client);
  expect(boxes.fieldHeight).toBeGreaterThan(2 * boxes.lineHeight);
  // History titles: at least 1.45 × the font size between lines, so marks above capitals do not touch the line above.
  expect(boxes.titles.length).toBeGreaterThan(0);
  for (const ratio of boxes.titles) expect(ratio).toBeGreaterThanOrEqual(1.45);
});

test('the edit dialog opens on its first field, not on its close button', async ({ page }) => {
  await completeSetup(page);
  await receiveBirthRegistration(page, QR);
  await page.getByRole('button', { name: 'Xem hồ sơ' }).click();
  await page.getByRole('button', { name: 'Sửa thông tin người nộp' }).click();
  await expect(page.getByRole('dialog').getByLabel('Họ và tên')).toBeFocused();
  await expect(page.getByRole('dialog').getByLabel('Họ và tên')).toHaveValue('Nguyễn Văn An');
});
