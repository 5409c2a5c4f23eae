// The daily fee report as printed, read back as a person would: pdftotext for the figures, the page
// rendered with pdftoppm and read with tesseract (Vietnamese). The figures were added up by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFormFontsNode } from '../../shared/forms/fonts.node.js';
import { layoutFeeReport, type FeeReportInput, type FormFonts } from '../../shared/forms/index';
import { SAMPLE_OFFICE } from '../fixtures/forms/sample-data';
import { missing, ocr, pdfToPng, pdfToText, withTmp } from './tools';

const skipOcr = missing([['pdftoppm', 'poppler-utils'], ['tesseract-vie', 'tesseract-ocr tesseract-ocr-vie']]);
if (skipOcr) console.warn(`fee report checks skipped: ${skipOcr}`);
const flat = (s: string) => s.replace(/\s+/g, ' ');

// Trần Thị Bình: 3 certified copies paid in cash (4.000 + 5.000 + 200.000) and one marriage (free
// procedure with a 20.000 đ extract fee) by transfer; Lê Văn Cường: 2 extracts by QR, 8.000 each.
const REPORT: FeeReportInput = {
  office: SAMPLE_OFFICE,
  day: '2026-12-01',
  preparedBy: 'Trần Thị Bình',
  rows: [
    { officer: 'Lê Văn Cường', procedureName: 'Cấp bản sao trích lục hộ tịch', count: 2, cash: 0, transfer: 0, qr: 16000, total: 16000 },
    { officer: 'Trần Thị Bình', procedureName: 'Chứng thực bản sao từ bản chính', count: 3, cash: 209000, transfer: 0, qr: 0, total: 209000 },
    { officer: 'Trần Thị Bình', procedureName: 'Đăng ký kết hôn', count: 1, cash: 0, transfer: 20000, qr: 0, total: 20000 },
  ],
  total: { count: 6, cash: 209000, transfer: 20000, qr: 16000, total: 245000 },
  issuedAt: Date.UTC(2026, 11, 1, 10, 0),
};

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await loadFormFontsNode();
});

describe.skipIf(!!skipOcr)('daily fee report', () => {
  it('lists each officer’s takings per procedure, the day’s total and two signers, in Vietnamese that survives on paper', async () => {
    const { bytes, layout } = await layoutFeeReport(REPORT, fonts);
    expect(layout.pages).toHaveLength(1);
    const text = flat(await pdfToText(bytes));
    for (const s of ['BÁO CÁO THU PHÍ, LỆ PHÍ', 'Ngày thu: 01/12/2026', 'Chứng thực bản sao từ bản chính', '209.000', '16.000', 'Tổng cộng', '245.000',
      'Tổng số tiền thu trong ngày: 245.000 đồng của 6 hồ sơ.', 'NGƯỜI LẬP BÁO CÁO', 'THỦ TRƯỞNG ĐƠN VỊ', 'Trần Thị Bình']) {
      expect(text).toContain(s);
    }
    await withTmp(async (dir) => {
      const seen = flat(await ocr(await pdfToPng(bytes, 1, 300, dir), 4));
      for (const s of ['BÁO CÁO THU PHÍ, LỆ PHÍ', 'Lê Văn Cường', 'Đăng ký kết hôn', '245.000', 'NGƯỜI LẬP BÁO CÁO', 'Độc lập - Tự do - Hạnh phúc']) {
        expect(seen).toContain(s);
      }
    });
  });

  it('a day without fees says so instead of printing an empty table', async () => {
    const text = flat(await pdfToText((await layoutFeeReport({ ...REPORT, rows: [], total: { count: 0, cash: 0, transfer: 0, qr: 0, total: 0 } }, fonts)).bytes));
    expect(text).toContain('Không thu khoản phí, lệ phí nào trong ngày');
    expect(text).not.toContain('Tổng cộng');
  });
});
