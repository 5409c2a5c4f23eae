// What a person (or a scanner) reads off the printed forms: pdftotext content of every form, tesseract
// reading a rendered slip, zbarimg decoding the slip's QR code and Code 128 back to the dossier code.
import { beforeAll, describe, expect, it } from 'vitest';
import { vnTime } from '../../shared/calendar/vnTime';
import { loadFormFontsNode } from '../../shared/forms/fonts.node.js';
import { trackingRowsForPdf } from '../../shared/reports/log';
import { FORM_KINDS, layoutForm, renderForm, type FormFonts, type FormInputs, type FormKind } from '../../shared/forms/index';
import { LONG_ADDRESS, LONG_NAME, LONG_PROCEDURE, OFFICER, SAMPLE_CODE, SAMPLE_OFFICE, sampleDossier, sampleInputs, typicalDossier } from '../fixtures/forms/sample-data';
import { missing, ocr, pdfToPng, pdfToText, withTmp, zbar } from './tools';

const skipText = missing([['pdftotext', 'poppler-utils']]);
const skipOcr = missing([
  ['pdftoppm', 'poppler-utils'],
  ['tesseract-vie', 'tesseract-ocr tesseract-ocr-vie'],
]);
const skipZbar = missing([
  ['pdftoppm', 'poppler-utils'],
  ['zbarimg', 'zbar-tools'],
]);
for (const [what, why] of [['pdftotext checks', skipText], ['OCR of the slip', skipOcr], ['barcode scan of the slip', skipZbar]] as const) {
  if (why) console.warn(`${what} skipped: ${why}`);
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

let fonts: FormFonts;
let inputs: FormInputs;
const pdfs = new Map<FormKind, Uint8Array>();
beforeAll(async () => {
  fonts = await loadFormFontsNode();
  inputs = sampleInputs();
  for (const kind of FORM_KINDS) pdfs.set(kind, await renderForm(kind, inputs[kind] as never, fonts));
});

describe.skipIf(!!skipText)('pdftotext reads every form back', () => {
  const expected: Record<FormKind, string[]> = {
    '01': [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      SAMPLE_CODE,
      LONG_NAME,
      LONG_ADDRESS,
      LONG_PROCEDURE,
      '4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 21/11/2026',
      '16 giờ 30 phút, ngày 26/11/2026',
      'Mường Ảng, ngày 21 tháng 11 năm 2026',
      'Ảnh 3x4 của người mẹ',
      'Liên 1: Lưu',
      'Liên 2: Giao người nộp',
      OFFICER,
    ],
    '02': ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', SAMPLE_CODE, LONG_NAME, 'Giấy chứng sinh bị tẩy xóa', 'motcua.muonganh@dienbien.gov.vn', 'Ngày 21/11/2026'],
    '03': ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', SAMPLE_CODE, LONG_NAME, 'không thuộc thẩm quyền giải quyết', 'ngày 27 tháng 11 năm 2026'],
    '04': ['VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', SAMPLE_CODE, LONG_NAME, '16 giờ 30 phút, ngày 26/11/2026', '16 giờ 30 phút, ngày 03/12/2026', 'PHÓ CHỦ TỊCH', 'Quàng Văn Thắng', 'Nơi nhận:'],
    '05': ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', SAMPLE_CODE, LONG_NAME, 'đề nghị rút hồ sơ ngày 26/11/2026', 'Lường Văn Ưng'],
    '06': ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', SAMPLE_CODE, LONG_NAME, 'Điêu Chính Tới', 'Thượng úy Vì Văn Ước', '24/11/2026', 'Đúng hạn'],
    // (pdftotext joins "000.17.22.H56-" + "261101-0001" across the line break as if it were hyphenation.)
    '07': ['SỔ THEO DÕI HỒ SƠ', 'Từ ngày 01/11/2026 đến ngày 30/11/2026', '261101-0001', '261130-0060', 'Tổng số: 60 hồ sơ', 'Số lượng', 'UBND xã Mường Ảng', 'Tại quầy'],
  };
  for (const kind of FORM_KINDS) {
    it(`form ${kind}`, async () => {
      const text = await pdfToText(pdfs.get(kind)!);
      expect(text).toBe(text.normalize('NFC'));
      const f = flat(text);
      for (const s of expected[kind]) expect(f, s).toContain(flat(s));
    });
  }
});

describe.skipIf(!!skipText)('text extraction across documents', () => {
  it('a letter first met inside a composite glyph (O in Ố) still extracts in the next document', async () => {
    const office = SAMPLE_OFFICE;
    const first = sampleDossier({ applicant: { ...sampleDossier().applicant, fullName: 'ỐNG ỔI ỖNG ỘP ỞN ỚT' } });
    await renderForm('03', { office, dossier: first, officerName: OFFICER, reason: 'Ố Ổ Ỗ Ộ', issuedAt: 0 }, fonts);
    const second = sampleDossier({ applicant: { ...sampleDossier().applicant, fullName: 'OANH UYÊN ONG' } });
    const text = flat(await pdfToText(await renderForm('03', { office, dossier: second, officerName: OFFICER, reason: 'HOÀN THÀNH', issuedAt: 0 }, fonts)));
    expect(text).toContain('OANH UYÊN ONG');
    expect(text).toContain('HOÀN THÀNH');
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  });
});

describe.skipIf(!!skipOcr)('tesseract reads a rendered slip', () => {
  it('the code, the name and the appointment come back from the pixels', async () => {
    const dossier = typicalDossier();
    const pdf = await renderForm('01', { office: SAMPLE_OFFICE, dossier, officerName: OFFICER, copies: 1 }, fonts);
    await withTmp(async (dir) => {
      const text = flat(await ocr(await pdfToPng(pdf, 1, 300, dir), 4));
      expect(text).toContain('000.17.22.H56-261121-0002');
      expect(text).toContain('Nguyễn Văn Đức');
      expect(text).toContain('17 giờ 00 phút, ngày 21/11/2026');
      expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    });
  });

  it('the long name and address with every diacritic survive on paper', async () => {
    await withTmp(async (dir) => {
      const text = flat(await ocr(await pdfToPng(pdfs.get('01')!, 1, 300, dir), 4));
      expect(text).toContain(LONG_NAME);
      // tesseract has trouble with a few rare shapes (ổ/ố, Ỷ/Ý at 10.5 pt): compare words, allow two misses.
      const words = LONG_ADDRESS.split(' ');
      const missed = words.filter((w) => !text.includes(w));
      expect(missed.length, missed.join(' ')).toBeLessThanOrEqual(2);
    });
  });
});

describe.skipIf(!!skipZbar)('scanning the slip', () => {
  async function scan(input: FormInputs['01']): Promise<string[]> {
    const pdf = await renderForm('01', input, fonts);
    return withTmp(async (dir) => zbar(await pdfToPng(pdf, 1, 300, dir)));
  }

  it('the QR code and the Code 128 both decode to the dossier code (A5 and A4)', async () => {
    for (const paperSize of ['A5', 'A4'] as const) {
      const found = await scan({ ...inputs['01'], paperSize });
      expect(found.sort()).toEqual([`CODE-128:${SAMPLE_CODE}`, `QR-Code:${SAMPLE_CODE}`]);
    }
  });

  it('a longer code pattern (YYYYMMDD, 7 digits) still scans', async () => {
    const code = '000.00.31.H56-20261121-0001234';
    const found = await scan({ office: SAMPLE_OFFICE, dossier: sampleDossier({ code, components: typicalDossier().components }), officerName: OFFICER });
    expect(found.sort()).toEqual([`CODE-128:${code}`, `QR-Code:${code}`]);
  });

  it('on every page of both copies the code is printed, and the layout stays clean', async () => {
    const { layout } = await layoutForm('01', { ...inputs['01'], issuedAt: vnTime(2026, 11, 21, 9, 6) }, fonts);
    for (let p = 0; p < layout.pages.length; p++) {
      expect(layout.boxes.some((b) => b.page === p && b.kind === 'text' && b.text?.includes(SAMPLE_CODE))).toBe(true);
    }
  });
});

describe.skipIf(!!skipText)('form 07 masks phone numbers unless the full value was asked for (issue 10)', () => {
  it('prints 09••••5678 by default and the whole number only on request', async () => {
    const d = sampleDossier({ applicant: { ...sampleDossier().applicant, phone: '0912345678' } });
    const book = async (fullPhone: boolean) =>
      flat(await pdfToText(await renderForm('07', { office: SAMPLE_OFFICE, from: '2026-11-01', to: '2026-11-30', rows: trackingRowsForPdf([d], fullPhone) }, fonts)));
    const masked = await book(false);
    expect(masked).toContain('09••••5678');
    expect(masked).not.toContain('0912345678');
    expect(await book(true)).toContain('0912345678');
  });
});
