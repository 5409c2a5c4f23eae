// The daily fee report as .xlsx.
import { formatDateKey } from '../calendar/vnTime';
import type { OfficeSettings } from '../domain/settings';
import { FEE_COLUMNS, numberedFeeRows, type FeeReport } from './fees';
import { addTableSheet, newWorkbook, workbookBytes } from './xlsx';

export async function feeReportXlsx(r: FeeReport, office: OfficeSettings): Promise<Uint8Array> {
  const wb = newWorkbook();
  const rows = numberedFeeRows(r);
  const ws = addTableSheet(wb, 'Phí, lệ phí', { office, title: 'BÁO CÁO THU PHÍ, LỆ PHÍ TRONG NGÀY', subtitle: `Ngày ${formatDateKey(r.day)}` }, FEE_COLUMNS, rows);
  ws.lastRow!.font = { name: 'Times New Roman', size: 11, bold: true };
  ws.lastRow!.eachCell((c) => { c.font = { name: 'Times New Roman', size: 11, bold: true }; });
  return workbookBytes(wb);
}
