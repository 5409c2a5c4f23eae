// The postal handover slip (biên bản bàn giao), read back as a person and a scanner would: rendered with
// pdftoppm, read with tesseract (Vietnamese), the batch's Code 128 decoded with zbarimg.
import { beforeAll, describe, expect, it } from 'vitest';
import { vnTime } from '../../shared/calendar/vnTime';
import { loadFormFontsNode } from '../../shared/forms/fonts.node.js';
import { layoutHandoverSlip, type FormFonts, type HandoverSlipInput } from '../../shared/forms/index';
import { SAMPLE_OFFICE } from '../fixtures/forms/sample-data';
import { missing, ocr, pdfToPng, pdfToText, withTmp, zbar } from './tools';

const skipOcr = missing([['pdftoppm', 'poppler-utils'], ['tesseract-vie', 'tesseract-ocr tesseract-ocr-vie'], ['zbarimg', 'zbar-tools']]);
if (skipOcr) console.warn(`handover slip checks skipped: ${skipOcr}`);
const flat = (s: string) => s.replace(/\s+/g, ' ');

const SLIP: HandoverSlipInput = {
  office: SAMPLE_OFFICE,
  kind: 'intake',
  batchCode: 'BG-1-261201-01',
  handoverAt: vnTime(2026, 12, 1, 14, 30),
  giverSide: 'Bưu điện xã An Bình',
  giverName: 'Lê Văn Bưu',
  receiverSide: 'Bộ phận một cửa',
  rows: [
    { code: '000.17.22.H56-261201-0001', waybill: 'RR473124829VN', applicantName: 'Nguyễn Văn An', procedureName: 'Đăng ký khai sinh', sets: 1 },
    { code: '000.17.22.H56-261201-0002', waybill: 'RB123456785VN', applicantName: 'Phạm Thị Hoa', procedureName: 'Đăng ký kết hôn', sets: 2 },
  ],
};

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await loadFormFontsNode();
});

describe.skipIf(!!skipOcr)('handover slip', () => {
  it('lists the dossiers with their waybills, the counts and two signature blocks, in Vietnamese that survives on paper', async () => {
    const { bytes, layout } = await layoutHandoverSlip(SLIP, fonts);
    expect(layout.pages).toHaveLength(1);
    const text = flat(await pdfToText(bytes));
    for (const s of ['BIÊN BẢN BÀN GIAO HỒ SƠ', 'RR473124829VN', 'RB123456785VN', '000.17.22.H56-261201-0002', 'Tổng số: 2 hồ sơ, 3 bộ.', 'ĐẠI DIỆN BÊN GIAO', 'ĐẠI DIỆN BÊN NHẬN', 'Lê Văn Bưu', '14 giờ 30 phút, ngày 01/12/2026']) {
      expect(text).toContain(s);
    }
    await withTmp(async (dir) => {
      const png = await pdfToPng(bytes, 1, 300, dir);
      const seen = flat(await ocr(png, 4));
      for (const s of ['BIÊN BẢN BÀN GIAO HỒ SƠ', 'Bưu điện xã An Bình', 'Nguyễn Văn', 'Phạm Thị Hoa', 'RR473124829VN', '000.17.22.H56-261201-0002', 'ĐẠI DIỆN BÊN GIAO', 'ĐẠI DIỆN BÊN NHẬN', 'Độc lập - Tự do - Hạnh phúc', 'mỗi bên giữ 01 bản']) {
        expect(seen).toContain(s);
      }
      expect(await zbar(png)).toContain('CODE-128:BG-1-261201-01');
    });
  });

  it('the return slip has its own title and the number of results', async () => {
    const text = flat(await pdfToText((await layoutHandoverSlip({ ...SLIP, kind: 'return', batchCode: 'BT-1-261201-01' }, fonts)).bytes));
    expect(text).toContain('BIÊN BẢN BÀN GIAO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(text).toContain('Tổng số: 2 kết quả, 3 bộ.');
  });

  it('a long batch continues on a second page with the batch number and the signatures stay whole', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ ...SLIP.rows[0], code: `000.17.22.H56-261201-${String(i + 1).padStart(4, '0')}` }));
    const { bytes, layout } = await layoutHandoverSlip({ ...SLIP, rows }, fonts);
    expect(layout.pages.length).toBeGreaterThan(1);
    const signers = layout.boxes.filter((b) => b.role === 'signer-title');
    expect(new Set(signers.map((b) => b.page)).size).toBe(1);
    expect(flat(await pdfToText(bytes, ['-f', '2', '-l', '2']))).toContain('BG-1-261201-01');
  });
});
