import { describe, expect, it } from 'vitest';
import { vnTime } from '../calendar/vnTime';
import type { Dossier } from '../domain/dossier';
import { handoverSteps, printableForms, supplementItems, FORM_TITLE_VI, type HistoryEntry } from './fromDossier';

const dossier = (status: Dossier['status']): Dossier =>
  ({
    status,
    appointmentAt: vnTime(2026, 11, 26, 17, 0),
    resultAgency: 'Ủy ban nhân dân cấp xã',
    applicant: { fullName: 'Nguyễn Văn An' },
  }) as Dossier;

const h = (action: string, at: number, detail: Record<string, unknown> = {}): HistoryEntry => ({ action, at, actor: 'Trần Thị Bình', detail });

describe('printable forms', () => {
  it('offers the slip and the control slip always, the others when their event happened', () => {
    expect(printableForms(dossier('received'), [h('received', 0)])).toEqual(['01', '04', '06']);
    expect(printableForms(dossier('supplement_requested'), [h('received', 0), h('request_supplement', 1)])).toEqual(['01', '02', '04', '06']);
    expect(printableForms(dossier('refused'), [h('received', 0), h('refuse', 1)])).toEqual(['01', '03', '06']);
    expect(printableForms(dossier('stopped'), [h('received', 0), h('stop', 1)])).toEqual(['01', '05', '06']);
    expect(printableForms(dossier('returned'), [])).toEqual(['01', '06']);
  });
  it('names each form by its official title', () => {
    expect(FORM_TITLE_VI['01']).toBe('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(FORM_TITLE_VI['02']).toBe('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  });
});

describe('form 02 items', () => {
  it('turns each line or semicolon-separated part of the request into one document', () => {
    expect(supplementItems('- Bản sao giấy chứng nhận kết hôn\n• Giấy chứng sinh; Sổ hộ khẩu').map((i) => i.name)).toEqual([
      'Bản sao giấy chứng nhận kết hôn', 'Giấy chứng sinh', 'Sổ hộ khẩu',
    ]);
  });
});

describe('form 06 steps', () => {
  it('reads the hand-overs from the history and judges each against the appointment', () => {
    const steps = handoverSteps(dossier('returned'), [
      h('received', vnTime(2026, 11, 23, 9, 0)),
      h('printed', vnTime(2026, 11, 23, 9, 1)),
      h('hand_over', vnTime(2026, 11, 23, 10, 0)),
      h('mark_processed', vnTime(2026, 11, 26, 16, 0)),
      h('return_result', vnTime(2026, 11, 27, 8, 0), { collectedBy: 'Nguyễn Văn An' }),
    ], 'BỘ PHẬN MỘT CỬA');
    expect(steps.map((s) => [s.from, s.to, s.result])).toEqual([
      ['Người nộp hồ sơ', 'BỘ PHẬN MỘT CỬA', 'Trước hạn'],
      ['BỘ PHẬN MỘT CỬA', 'Ủy ban nhân dân cấp xã', 'Trước hạn'],
      ['Ủy ban nhân dân cấp xã', 'BỘ PHẬN MỘT CỬA', 'Đúng hạn'],
      ['BỘ PHẬN MỘT CỬA', 'Người nộp hồ sơ', 'Quá hạn'],
    ]);
    expect(steps[3].toPerson).toBe('Nguyễn Văn An');
  });
});
