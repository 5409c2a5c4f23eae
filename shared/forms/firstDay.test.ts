// Issue 9: the forms as a desk and an inspector read them (defects 2, 3, 6, 7, 12 and the legal texts).
import { beforeAll, describe, expect, it } from 'vitest';
import { vnTime } from '../calendar/vnTime';
import { applyExtension, ExtensionError } from '../domain/extension';
import { applyTransition } from '../domain/transitions';
import { SAMPLE_OFFICE, NOW, sampleDossier, sampleTrackingRows } from '../../test/fixtures/forms/sample-data';
import { loadFormFontsNode } from './fonts.node.js';
import { layoutForm, trackingRowFromDossier, unitSentenceName, type FormFonts, type FormLayout } from './index';
import { form02Input, form04Input, form06Input, supplementItems, type HistoryEntry } from './fromDossier';
import { pageText } from './layoutCheck';
import { toHoSo } from '../sync/mapping';
import { hoSoSchema } from '../sync/contract';

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await loadFormFontsNode();
});
const all = (layout: FormLayout) => layout.pages.map((_, i) => pageText(layout, i)).join('\n');
/** Each table cell's text, its lines joined. */
const cellTexts = (layout: FormLayout) => {
  const byCell = new Map<number, string[]>();
  for (const b of layout.boxes) if (b.kind === 'text' && b.cell != null) byCell.set(b.cell, [...(byCell.get(b.cell) ?? []), b.text ?? '']);
  return [...byCell.values()].map((l) => l.join(' ').replace(/\s+/g, ' '));
};
const office = { ...SAMPLE_OFFICE, agencyName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ MƯỜNG ẢNG' };
const common = { office, officerName: 'Lò Thị Hương', paperSize: 'A5' as const };
const CAL = { saturdayMorning: false, cutoff: '15:00', overrides: [] } as never;

describe('defect 2: form 04 extension is a command on the dossier, and form 04 prints what it holds', () => {
  const d = sampleDossier({ status: 'processing' });
  const now = d.appointmentAt - 3600_000;
  it('refuses a new date in the past or not after the current appointment', () => {
    expect(() => applyExtension(d, { newAppointment: now - 60_000, reason: 'Chờ xác minh' }, now)).toThrow(ExtensionError);
    expect(() => applyExtension(d, { newAppointment: now - 60_000, reason: 'Chờ xác minh' }, now)).toThrow(/phải sau thời điểm hiện tại/);
    expect(() => applyExtension(d, { newAppointment: d.appointmentAt, reason: 'Chờ xác minh' }, now)).toThrow(/phải sau ngày hẹn trả hiện tại/);
    expect(() => applyExtension(d, { newAppointment: '31/02/2026', reason: 'Chờ xác minh' }, now)).toThrow(/không hợp lệ/);
  });
  it('sets the appointment, keeps the history and puts NgayHenTraTruoc/NgayHenTraMoi on the wire', async () => {
    const r = applyExtension(d, { newAppointment: '16:30 04/12/2026', reason: 'Chờ xác minh của công an xã' }, now);
    expect(r.dossier.appointmentAt).toBe(vnTime(2026, 12, 4, 16, 30));
    expect(r.dossier.extensions).toHaveLength(1);
    const wire = hoSoSchema.parse(toHoSo(r.dossier));
    expect(wire.NgayHenTra).toBe('20261204163000');
    expect(wire.DanhSachHoSoBoSung).toEqual([{ NgayHenTraTruoc: '20261126163000', NgayHenTraMoi: '20261204163000', LyDo: 'Chờ xác minh của công an xã' }]);
    const input = form04Input(r.dossier, common)!;
    const { layout } = await layoutForm('04', input, fonts);
    const text = all(layout);
    expect(text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(text).toContain('16 giờ 30 phút, ngày 04/12/2026');
    expect(text).toContain('16 giờ 30 phút, ngày 26/11/2026');
    expect(text).toContain('Chờ xác minh của công an xã');
    expect(form04Input(d, common)).toBeNull();
  });
});

describe('defect 3: the transition note is shown in the history and on form 06', () => {
  it('adds the note to the history summary and to the form 06 step', async () => {
    const d = sampleDossier({ status: 'received' });
    const r = applyTransition(d, 'hand_over', { note: 'Giao kèm bản gốc giấy chứng sinh' }, d.receivedAt + 3600_000, CAL);
    expect(r.summary).toContain('Ghi chú: Giao kèm bản gốc giấy chứng sinh');
    const history: HistoryEntry[] = [
      { action: 'received', at: d.receivedAt, actor: 'Lò Thị Hương', detail: {} },
      { action: 'hand_over', at: d.receivedAt + 3600_000, actor: 'Lò Thị Hương', detail: r.detail },
    ];
    const { layout } = await layoutForm('06', form06Input(r.dossier, history, common), fonts);
    expect(cellTexts(layout).join(' | ')).toContain('Giao kèm bản gốc giấy chứng sinh');
  });
});

describe('defect 6: form 02 prints the quantities the officer entered, nothing invented', () => {
  it('reads quantities written on each line and leaves the others blank', () => {
    expect(supplementItems('Tờ khai đăng ký khai sinh\nGiấy chứng sinh: 1 bản chính; Sổ hộ khẩu: 2 bản sao chứng thực')).toEqual([
      { name: 'Tờ khai đăng ký khai sinh', originals: null, certifiedCopies: null, photocopies: null },
      { name: 'Giấy chứng sinh', originals: 1, certifiedCopies: null, photocopies: null },
      { name: 'Sổ hộ khẩu', originals: null, certifiedCopies: 2, photocopies: null },
    ]);
  });
  it('prints no 0 or 1 nobody entered', async () => {
    const d = sampleDossier({ status: 'supplement_requested' });
    const history: HistoryEntry[] = [{ action: 'request_supplement', at: d.receivedAt + 1000, actor: 'Lò Thị Hương', detail: { reason: 'Tờ khai đăng ký khai sinh' } }];
    const { layout } = await layoutForm('02', form02Input(d, history, common), fonts);
    const cells = layout.boxes.filter((b) => b.kind === 'text' && b.role === 'table-cell').map((b) => b.text);
    expect(cells).toEqual(['1', 'Tờ khai đăng ký khai sinh']);
  });
});

describe('defect 7: form 07 shows the outcome, the number of sets, and compact rows', () => {
  it('shows refused, withdrawn and stopped dossiers as such, with Số lượng hồ sơ (bộ)', async () => {
    const rows = (['refused', 'withdrawn', 'stopped', 'processing'] as const).map((status, i) => trackingRowFromDossier(sampleDossier({ status, code: `000.17.22.H56-261121-000${i + 1}`, sets: 2, returnedAt: null })));
    const { layout } = await layoutForm('07', { office, from: '2026-11-21', to: '2026-11-21', rows, issuedAt: NOW }, fonts);
    const text = cellTexts(layout).join(' | ');
    expect(text).toContain('Không được tiếp nhận');
    expect(text).toContain('Công dân rút hồ sơ');
    expect(text).toContain('Dừng xử lý');
    const headers = layout.boxes.filter((b) => b.role === 'table-header').map((b) => b.text).join(' ');
    expect(headers).toContain('Số lượng hồ sơ');
    expect(headers).toContain('(bộ)');
  });
  it('40 typical dossiers take at most 5 A4 landscape pages (the issue counted 9), rows as tall as their text', async () => {
    const rows = sampleTrackingRows(40);
    const { layout } = await layoutForm('07', { office, from: '2026-11-01', to: '2026-11-30', rows, issuedAt: NOW }, fonts);
    expect(layout.pages.length).toBeLessThanOrEqual(5);
    const heights = layout.boxes.filter((b) => b.kind === 'cell' && b.role === 'table-cell').map((b) => b.height);
    const median = [...heights].sort((a, b) => a - b)[Math.floor(heights.length / 2)];
    expect(median).toBeLessThan(40); // three lines of 9 pt text and the padding
  });
});

describe('legal texts', () => {
  it('forms 02–05 use the unit name from settings, never "Bộ phận tiếp nhận và trả kết quả"', async () => {
    expect(unitSentenceName('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ MƯỜNG ẢNG')).toBe('Trung tâm phục vụ hành chính công xã mường ảng');
    expect(unitSentenceName('Bộ phận Một cửa')).toBe('Bộ phận Một cửa');
    const d = sampleDossier({ status: 'stopped' });
    const ext = applyExtension(sampleDossier({ status: 'processing' }), { newAppointment: d.appointmentAt + 86_400_000, reason: 'Chờ xác minh' }, d.receivedAt);
    const history: HistoryEntry[] = [
      { action: 'request_supplement', at: d.receivedAt + 1, actor: 'A', detail: { reason: 'Tờ khai' } },
      { action: 'refuse', at: d.receivedAt + 2, actor: 'A', detail: { reason: 'Không thuộc thẩm quyền' } },
      { action: 'stop', at: d.receivedAt + 3, actor: 'A', detail: { reason: 'Công dân không bổ sung' } },
    ];
    const officeUnit = { ...common, office: { ...office, agencyName: 'Bộ phận Một cửa' } };
    const { form03Input, form05Input } = await import('./fromDossier');
    for (const [kind, input] of [
      ['02', form02Input(d, history, officeUnit)],
      ['03', form03Input(d, history, officeUnit)],
      ['04', form04Input(ext.dossier, officeUnit)!],
      ['05', form05Input(d, history, officeUnit)],
    ] as const) {
      const text = all((await layoutForm(kind, input as never, fonts)).layout).replace(/\s+/g, ' ');
      expect(text, kind).not.toContain('Bộ phận tiếp nhận và trả kết quả');
      expect(text, kind).toContain('Bộ phận Một cửa');
    }
  });
  it('form 01 carries the copy marks and a fee line where a fee applies', async () => {
    const { form01Input } = await import('./fromDossier');
    const paid = all((await layoutForm('01', form01Input(sampleDossier({ fee: 6000 }), common, true), fonts)).layout);
    expect(paid).toContain('Liên 1: Lưu');
    expect(paid).toContain('Liên 2: Giao người nộp');
    expect(paid).toContain('Phí, lệ phí: 6.000 đ');
    const free = all((await layoutForm('01', form01Input(sampleDossier({ fee: 0 }), common, true), fonts)).layout);
    expect(free).not.toContain('Phí, lệ phí');
  });
  it('form 06 follows the official layout: Giao/Nhận, "…giờ…phút, ngày…", result, note, Người giao / Người nhận', async () => {
    const d = sampleDossier({ status: 'processing' });
    const history: HistoryEntry[] = [
      { action: 'received', at: d.receivedAt, actor: 'Lò Thị Hương', detail: {} },
      { action: 'hand_over', at: d.receivedAt + 3600_000, actor: 'Lò Thị Hương', detail: {} },
    ];
    const { layout } = await layoutForm('06', form06Input(d, history, common), fonts);
    const headers = layout.boxes.filter((b) => b.role === 'table-header').map((b) => b.text).join(' ');
    for (const h of ['TÊN CƠ QUAN', 'THỜI GIAN GIAO, NHẬN', 'KẾT QUẢ GIẢI QUYẾT', 'GHI CHÚ']) expect(headers).toContain(h);
    const text = cellTexts(layout).join(' | ');
    expect(text).toContain('1. Giao: Người nộp hồ sơ');
    expect(text).toContain('2. Giao:');
    expect(text).toMatch(/\d\d giờ \d\d phút, ngày \d\d\/\d\d\/\d{4}/);
    expect(text).toContain('Người giao');
    expect(text).toContain('Người nhận');
    expect(text).toContain('Đúng hạn');
  });
});

describe('defect 12: a reprint reproduces what was printed', () => {
  it('takes the office of the first print of that form, unless a corrected version is asked for', async () => {
    const { officeForPrint } = await import('./fromDossier');
    const printedWith = { ...office, agencyName: 'BỘ PHẬN MỘT CỬA XÃ MƯỜNG ẢNG' };
    const enrolled = { ...office, agencyName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH' };
    const history: HistoryEntry[] = [
      { action: 'received', at: 1, actor: 'A', detail: {} },
      { action: 'printed', at: 2, actor: 'A', detail: { form: '01', office: JSON.stringify(printedWith) } },
    ];
    expect(officeForPrint(history, '01', enrolled).agencyName).toBe('BỘ PHẬN MỘT CỬA XÃ MƯỜNG ẢNG');
    expect(officeForPrint(history, '01', enrolled, true).agencyName).toBe('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH');
    expect(officeForPrint(history, '06', enrolled).agencyName).toBe('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH');
  });
});
