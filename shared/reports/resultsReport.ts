// The periodic report of results (báo cáo kết quả giải quyết TTHC). The official layout is UNVERIFIED
// (DOMAIN.md): it is kept here as data, a template the province can replace, and the sheet says so.
import { formatDateKey, type DateKey } from '../calendar/vnTime';
import type { OfficeSettings } from '../domain/settings';
import type { Figures, FiguresReport } from './figures';
import { addGroupedSheet, newWorkbook, workbookBytes } from './xlsx';

/** The values a template column may show, each from the figures. */
export const FIGURE_VALUES = {
  receivedTotal: (f: Figures) => f.received + f.carriedOver,
  receivedOnline: (f: Figures) => f.receivedOnline,
  receivedDeskAndPost: (f: Figures) => f.receivedDesk + f.receivedPost,
  carriedOver: (f: Figures) => f.carriedOver,
  resolvedTotal: (f: Figures) => f.resolved,
  early: (f: Figures) => f.early,
  onTime: (f: Figures) => f.onTime,
  late: (f: Figures) => f.late,
  inProgressTotal: (f: Figures) => f.inProgress,
  within: (f: Figures) => f.within,
  overdue: (f: Figures) => f.overdue,
  ended: (f: Figures) => f.ended,
} satisfies Record<string, (f: Figures) => number>;
export type FigureValue = keyof typeof FIGURE_VALUES;

export interface ReportTemplate {
  id: string;
  /** False until someone has compared the layout with the province's official form. */
  verified: boolean;
  title: string;
  remark: string;
  rowHeaders: { no: string; label: string };
  groups: { title: string; columns: { header: string; value: FigureValue; width?: number }[] }[];
  totalLabel: string;
}

export const RESULTS_REPORT_TEMPLATE: ReportTemplate = {
  id: 'ket-qua-giai-quyet-tthc/2025-draft',
  verified: false,
  title: 'BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
  remark: 'Mẫu trình bày chưa được đối chiếu với biểu mẫu chính thức của tỉnh (chưa xác minh).',
  rowHeaders: { no: 'STT', label: 'Lĩnh vực giải quyết' },
  groups: [
    {
      title: 'Số hồ sơ nhận giải quyết',
      columns: [
        { header: 'Tổng số', value: 'receivedTotal' },
        { header: 'Trực tuyến', value: 'receivedOnline' },
        { header: 'Trực tiếp và qua dịch vụ bưu chính', value: 'receivedDeskAndPost', width: 16 },
        { header: 'Từ kỳ trước chuyển qua', value: 'carriedOver' },
      ],
    },
    {
      title: 'Số hồ sơ đã giải quyết',
      columns: [
        { header: 'Tổng số', value: 'resolvedTotal' },
        { header: 'Trước hạn', value: 'early' },
        { header: 'Đúng hạn', value: 'onTime' },
        { header: 'Quá hạn', value: 'late' },
      ],
    },
    {
      title: 'Số hồ sơ đang giải quyết',
      columns: [
        { header: 'Tổng số', value: 'inProgressTotal' },
        { header: 'Trong hạn', value: 'within' },
        { header: 'Quá hạn', value: 'overdue' },
      ],
    },
    { title: 'Rút, dừng', columns: [{ header: 'Công dân rút hồ sơ, dừng xử lý', value: 'ended', width: 14 }] },
  ],
  totalLabel: 'Tổng cộng',
};

export async function resultsReportXlsx(report: FiguresReport, range: { from: DateKey; to: DateKey }, office: OfficeSettings, template: ReportTemplate = RESULTS_REPORT_TEMPLATE): Promise<Uint8Array> {
  const wb = newWorkbook();
  const values = (f: Figures) => template.groups.flatMap((g) => g.columns.map((c) => FIGURE_VALUES[c.value](f)));
  addGroupedSheet(wb, 'Kết quả giải quyết', {
    office,
    title: template.title,
    subtitle: `Kỳ báo cáo: từ ngày ${formatDateKey(range.from)} đến ngày ${formatDateKey(range.to)}`,
    remark: template.verified ? undefined : template.remark,
  }, {
    rowHeaders: [{ header: template.rowHeaders.no, width: 6 }, { header: template.rowHeaders.label, width: 34 }],
    groups: template.groups.map((g) => ({ title: g.title, columns: g.columns.map((c) => ({ header: c.header, width: c.width ?? 11 })) })),
    rows: report.byField.map((r, i) => [i + 1, r.label, ...values(r.figures)]),
    totalRow: ['', template.totalLabel, ...values(report.total)],
  });
  return workbookBytes(wb);
}
