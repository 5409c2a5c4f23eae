import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { vnTime } from '../calendar/vnTime';
import {
  LONG_ADDRESS,
  LONG_NAME,
  OFFICER,
  SAMPLE_CODE,
  SAMPLE_OFFICE,
  NOW,
  sampleDossier,
  sampleInputs,
  sampleTrackingRows,
  typicalDossier,
} from '../../test/fixtures/forms/sample-data';
import { loadFormFontsNode } from './fonts.node.js';
import {
  DEFAULT_TEMPLATES,
  FORM_KINDS,
  FORM_VARIABLES,
  formatVnTimeLong,
  layoutForm,
  nd30DateParts,
  placeName,
  renderForm,
  type FormFonts,
  type FormLayout,
  type LayoutBox,
} from './index';
import { checkLayout, inside, pageText } from './layoutCheck';

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await loadFormFontsNode();
});

const texts = (layout: FormLayout, page?: number) => layout.boxes.filter((b) => b.kind === 'text' && (page == null || b.page === page));
const A5 = [419.53, 595.28];
const A4 = [595.28, 841.89];

describe('every form', () => {
  for (const paper of ['A5', 'A4'] as const) {
    it(`lays out 01–07 on ${paper} inside the NĐ 30 margins with no overlaps`, async () => {
      const inputs = sampleInputs();
      for (const kind of FORM_KINDS) {
        const { layout, bytes } = await layoutForm(kind, { ...inputs[kind], paperSize: paper } as never, fonts);
        expect(checkLayout(layout), `form ${kind}`).toEqual([]);
        const doc = await PDFDocument.load(bytes);
        expect(doc.getPageCount()).toBe(layout.pages.length);
        const { width, height } = doc.getPage(0).getSize();
        if (kind === '07') expect([width, height]).toEqual([A4[1], A4[0]]);
        else expect([width, height]).toEqual(paper === 'A5' ? A5 : A4);
        // NĐ 30 margins: top/bottom ≥ 20 mm, left ≥ 30 mm, right ≥ 15 mm on A4 (scaled by 1/√2 on A5).
        const c = layout.pages[0].content;
        const mm = 72 / 25.4;
        const scale = width < 500 && kind !== '07' ? 0.7 : 1;
        expect(c.x).toBeGreaterThanOrEqual(30 * mm * scale - 0.5);
        expect(width - (c.x + c.width)).toBeGreaterThanOrEqual(15 * mm * scale - 0.5);
        expect(c.y).toBeGreaterThanOrEqual(20 * mm * scale - 0.5);
        expect(height - (c.y + c.height)).toBeGreaterThanOrEqual(20 * mm * scale - 0.5);
      }
    });
  }

  it('puts the national motto, agency header, place/date line and title on each form', async () => {
    const inputs = sampleInputs();
    for (const kind of FORM_KINDS) {
      const { layout } = await layoutForm(kind, inputs[kind] as never, fonts);
      const first = texts(layout, 0);
      const text = pageText(layout, 0);
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(first.filter((b) => b.role === 'header').map((b) => b.text).join(' ')).toBe('ỦY BAN NHÂN DÂN XÃ MƯỜNG ẢNG BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ');
      expect(first.find((b) => b.role === 'place-date')?.text).toMatch(/^Mường Ảng, ngày \d\d tháng \d{1,2} năm 2026$/);
      expect(text).toContain(DEFAULT_TEMPLATES[kind].title);
      // Motto right of the agency header, both above the title.
      const motto = first.find((b) => b.role === 'motto')!;
      const agency = first.find((b) => b.role === 'header')!;
      const title = first.find((b) => b.role === 'title')!;
      expect(motto.x).toBeGreaterThan(agency.x + agency.width - 1);
      expect(title.y).toBeGreaterThan(motto.y);
      // A rule under the agency name and under "Độc lập - Tự do - Hạnh phúc".
      expect(layout.boxes.some((b) => b.role === 'agency-rule' && b.page === 0)).toBe(true);
      const indep = first.filter((b) => b.role === 'motto').pop()!;
      const rule = layout.boxes.find((b) => b.role === 'motto-rule' && b.page === 0)!;
      expect(rule.width).toBeCloseTo(indep.width, 0);
      expect(rule.y).toBeGreaterThan(indep.y + indep.height - 0.5);
    }
  });
});

describe('form 01', () => {
  it('two copies of a 12-component slip: each flows onto a 2nd page with header and code repeated', async () => {
    const { layout } = await layoutForm('01', sampleInputs()['01'], fonts);
    expect(layout.pages).toHaveLength(4);
    expect(layout.pages.map((p) => p.section)).toEqual([0, 0, 1, 1]);
    const labels = ['Liên 1: Lưu', 'Liên 1: Lưu', 'Liên 2: Giao người nộp', 'Liên 2: Giao người nộp'];
    for (let p = 0; p < 4; p++) {
      const t = texts(layout, p);
      expect(t.find((b) => b.role === 'copy-label')?.text).toBe(labels[p]);
      // NĐ 30/2020: no number on a copy's first page, then the bare number.
      expect(t.find((b) => b.role === 'page-number')?.text).toBe(p % 2 === 0 ? undefined : '2');
      expect(t.filter((b) => b.role === 'table-header').map((b) => b.text)).toEqual(['STT', 'Tên giấy tờ', 'Bản chính', 'Bản sao']);
      if (p % 2 === 1) {
        const cont = t.filter((b) => b.role === 'continuation').map((b) => b.text).join(' ');
        expect(cont).toContain(SAMPLE_CODE);
        expect(cont).toContain('BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ');
        expect(t.find((b) => b.role === 'continuation-title')?.text).toContain('(tiếp theo)');
      }
    }
    // All 12 components, once per copy, in order.
    const idx = layout.boxes.filter((b) => b.kind === 'text' && b.role === 'table-cell' && /^\d+$/.test(b.text!) && isFirstColumn(layout, b));
    expect(idx.map((b) => Number(b.text))).toEqual([...range(12), ...range(12)]);
    expect(checkLayout(layout)).toEqual([]);
  });

  it('a typical slip fits one A5 page per copy; 1 copy means no copy label', async () => {
    const two = await layoutForm('01', { office: SAMPLE_OFFICE, dossier: typicalDossier(), officerName: OFFICER }, fonts);
    expect(two.layout.pages).toHaveLength(2);
    expect(two.layout.boxes.some((b) => b.role === 'page-number')).toBe(false);
    const one = await layoutForm('01', { office: SAMPLE_OFFICE, dossier: typicalDossier(), officerName: OFFICER, copies: 1 }, fonts);
    expect(one.layout.pages).toHaveLength(1);
    expect(one.layout.boxes.some((b) => b.role === 'copy-label')).toBe(false);
  });

  it('prints the code large, a barcode and a QR code of it, and both signature blocks', async () => {
    const { layout } = await layoutForm('01', { office: SAMPLE_OFFICE, dossier: typicalDossier(), officerName: OFFICER, copies: 1 }, fonts);
    const code = texts(layout, 0).find((b) => b.role === 'code' && b.text === '000.17.22.H56-261121-0002')!;
    expect(code).toBeDefined();
    const body = texts(layout, 0).find((b) => b.text?.startsWith('Ông/Bà'))!;
    expect(code.height).toBeGreaterThan(body.height * 1.3);
    const qr = layout.boxes.find((b) => b.role === 'qr')!;
    const bar = layout.boxes.find((b) => b.role === 'barcode')!;
    expect(qr.width).toBeCloseTo(qr.height, 5);
    expect(qr.width).toBeGreaterThan(15 * (72 / 25.4)); // ≥ 15 mm with quiet zone
    expect(bar.height).toBeGreaterThan(8 * (72 / 25.4));
    const t = pageText(layout, 0);
    for (const s of ['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', '(Ký và ghi rõ họ tên)', OFFICER, 'Quyển số', 'Số thứ tự']) expect(t).toContain(s);
    const signers = texts(layout, 0).filter((b) => b.role === 'signer-title');
    expect(signers).toHaveLength(2);
    expect(signers[0].y).toBeCloseTo(signers[1].y, 5);
    expect(texts(layout, 0).find((b) => b.role === 'signer-name')?.text).toBe(OFFICER);
  });

  it('fills the numbered items with Vietnam-time dates and the delivery place', async () => {
    const { layout } = await layoutForm('01', { ...sampleInputs()['01'], copies: 1 }, fonts);
    const t = pageText(layout, 0) + ' ' + pageText(layout, 1);
    expect(t).toContain('4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 21/11/2026');
    expect(t).toContain('16 giờ 30 phút, ngày 26/11/2026');
    expect(t).toContain('3 ngày làm việc');
    expect(t).toContain('Qua dịch vụ bưu chính công ích');
    expect(t).toContain('Quyển số: 03/2026, Số thứ tự: 1287');
    expect(t).toContain('quynhnhu.tonnu@example.vn');
  });

  it('wraps a long name and a long address inside the margins, and the table cells', async () => {
    const dossier = sampleDossier({
      applicant: { ...sampleDossier().applicant, fullName: `${LONG_NAME} ${LONG_NAME}` },
      components: [{ componentId: 'x', name: `${LONG_ADDRESS} ${LONG_ADDRESS}`, originals: 1, copies: 1 }],
    });
    const { layout } = await layoutForm('01', { office: SAMPLE_OFFICE, dossier, officerName: OFFICER, copies: 1 }, fonts);
    expect(checkLayout(layout)).toEqual([]);
    const nameBoxes = texts(layout).filter((b) => b.text && LONG_NAME.split(' ').some((w) => b.text!.includes(w)) && b.role !== 'table-cell');
    expect(new Set(nameBoxes.map((b) => Math.round(b.y))).size).toBeGreaterThan(1);
    const cellTexts = texts(layout).filter((b) => b.role === 'table-cell' && b.cell != null && !/^\d+$/.test(b.text!));
    expect(cellTexts.length).toBeGreaterThan(3); // wrapped into several lines
    for (const b of cellTexts) expect(inside(b, layout.boxes[b.cell!])).toBe(true);
  });

  it('normalises NFD input to NFC on paper', async () => {
    const nfd = sampleDossier({ applicant: { ...sampleDossier().applicant, fullName: 'Nguyễn Thị Ánh Tuyết'.normalize('NFD') } });
    const { layout } = await layoutForm('01', { office: SAMPLE_OFFICE, dossier: nfd, officerName: OFFICER, copies: 1 }, fonts);
    expect(pageText(layout, 0)).toContain('Nguyễn Thị Ánh Tuyết'.normalize('NFC'));
    expect(pageText(layout, 0)).not.toContain('Nguyễn Thị Ánh Tuyết'.normalize('NFD'));
  });

  it('the QR code drawn is the one of the dossier code', async () => {
    const { layout, bytes } = await layoutForm('01', { office: SAMPLE_OFFICE, dossier: typicalDossier(), officerName: OFFICER, copies: 1 }, fonts);
    const qr = layout.boxes.find((b) => b.role === 'qr')!;
    const matrix = QRCode.create('000.17.22.H56-261121-0002', { errorCorrectionLevel: 'M' }).modules;
    expect(qr.width / (matrix.size + 8)).toBeCloseTo(1.9, 5);
    expect(bytes.length).toBeLessThan(120_000);
  });

  it('an A4 slip uses NĐ 30 sizes', async () => {
    const { layout } = await layoutForm('01', { office: SAMPLE_OFFICE, dossier: typicalDossier(), officerName: OFFICER, paperSize: 'A4', copies: 1 }, fonts);
    expect(layout.pages[0].width).toBeCloseTo(595.28, 1);
    const motto = texts(layout, 0).filter((b) => b.role === 'motto');
    expect(motto[0].height / 1.145).toBeCloseTo(12.5, 0); // 12–13 pt
    expect(motto[1].height / 1.145).toBeCloseTo(13.5, 0); // 13–14 pt
    expect(checkLayout(layout)).toEqual([]);
  });
});

describe('form 07', () => {
  it('500 rows paginate on A4 landscape with the header row and page number on every page', async () => {
    const rows = sampleTrackingRows(500);
    const { layout } = await layoutForm('07', { office: SAMPLE_OFFICE, from: '2026-11-01', to: '2026-11-30', rows, issuedAt: NOW }, fonts);
    const n = layout.pages.length;
    expect(n).toBeGreaterThan(20);
    for (let p = 0; p < n; p++) {
      const t = texts(layout, p);
      expect(t.find((b) => b.role === 'page-number')?.text).toBe(p === 0 ? undefined : String(p + 1));
      if (!t.some((b) => b.role === 'table-cell')) continue; // the total may fall on a page after the table
      const header = t.filter((b) => b.role === 'table-header').map((b) => b.text).join(' ');
      expect(header).toContain('Mã hồ sơ');
      expect(header).toContain('Tên TTHC');
      expect(header).toContain('Ký');
    }
    const idx = layout.boxes.filter((b) => b.kind === 'text' && b.role === 'table-cell' && isFirstColumn(layout, b)).map((b) => Number(b.text));
    expect(idx).toEqual(range(500));
    expect(pageText(layout, n - 1)).toContain('Tổng số: 500 hồ sơ');
    expect(checkLayout(layout)).toEqual([]);
  });

  it('has the columns of the tracking book and an empty book still prints', async () => {
    const { layout } = await layoutForm('07', { office: SAMPLE_OFFICE, from: '2026-11-01', to: '2026-11-01', rows: [], issuedAt: NOW }, fonts);
    const header = texts(layout, 0).filter((b) => b.role === 'table-header').map((b) => b.text).join(' ');
    for (const col of ['TT', 'Mã hồ sơ', 'Tên TTHC', 'Tên cá nhân, tổ', 'Địa chỉ, số điện', 'Cơ quan chủ', 'Nhận hồ sơ', 'Hẹn trả kết', 'Trả kết', 'Phương thức', 'Ký', 'Ghi']) {
      expect(header).toContain(col);
    }
    expect(pageText(layout, 0)).toContain('Không có hồ sơ nào');
    expect(pageText(layout, 0)).toContain('Từ ngày 01/11/2026 đến ngày 01/11/2026');
  });
});

describe('templates as data', () => {
  it('defaults are plain JSON and every form has one', () => {
    for (const kind of FORM_KINDS) {
      expect(JSON.parse(JSON.stringify(DEFAULT_TEMPLATES[kind]))).toEqual(DEFAULT_TEMPLATES[kind]);
      expect(FORM_VARIABLES[kind].length).toBeGreaterThan(5);
    }
  });

  it('renderForm returns the PDF bytes', async () => {
    const bytes = await renderForm('03', sampleInputs()['03'], fonts);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });
});

describe('values', () => {
  it('writes dates as NĐ 30 asks and times in Vietnam time', () => {
    expect(nd30DateParts(vnTime(2026, 2, 5, 0, 30))).toEqual({ day: '05', month: '02', year: '2026' });
    expect(nd30DateParts(vnTime(2026, 3, 9))).toEqual({ day: '09', month: '3', year: '2026' });
    expect(nd30DateParts(vnTime(2026, 11, 21, 23, 59))).toEqual({ day: '21', month: '11', year: '2026' });
    // 00:30 on 1 Jan in Vietnam is still 31 Dec in UTC.
    expect(formatVnTimeLong(vnTime(2027, 1, 1, 0, 30))).toBe('00 giờ 30 phút, ngày 01/01/2027');
  });

  it('names the place by its proper name, not its rank (NĐ 30/2020), keeping a rank before a number', () => {
    expect(placeName({ ...SAMPLE_OFFICE, communeName: 'An Bình' })).toBe('An Bình');
    expect(placeName({ ...SAMPLE_OFFICE, communeName: 'Xã An Bình' })).toBe('An Bình');
    expect(placeName({ ...SAMPLE_OFFICE, communeName: 'phường Điện Biên' })).toBe('Điện Biên');
    expect(placeName({ ...SAMPLE_OFFICE, communeName: 'Thị trấn Mường Ảng' })).toBe('Mường Ảng');
    expect(placeName({ ...SAMPLE_OFFICE, communeName: 'Phường 5' })).toBe('Phường 5');
    // Named after a person: the officer sets the place name.
    expect(placeName({ ...SAMPLE_OFFICE, communeName: 'Xã Võ Thị Sáu', placeName: 'Xã Võ Thị Sáu' })).toBe('Xã Võ Thị Sáu');
    expect(placeName(SAMPLE_OFFICE, 'Đặc khu Phú Quốc')).toBe('Đặc khu Phú Quốc');
  });
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function isFirstColumn(layout: FormLayout, b: LayoutBox): boolean {
  const cell = layout.boxes[b.cell!];
  return cell != null && Math.abs(cell.x - layout.pages[b.page].content.x) < 0.5;
}
