// The tracking book as .xlsx.
import type { OfficeSettings } from '../domain/settings';
import { LOG_COLUMNS, describeLogFilter, type LogFilter, type LogRow } from './log';
import { addTableSheet, newWorkbook, workbookBytes } from './xlsx';

export async function logXlsx(rows: readonly LogRow[], filter: LogFilter, office: OfficeSettings, masked: boolean): Promise<Uint8Array> {
  const wb = newWorkbook();
  addTableSheet(wb, 'Sổ theo dõi hồ sơ', {
    office,
    title: 'SỔ THEO DÕI HỒ SƠ',
    subtitle: describeLogFilter(filter),
    remark: masked ? 'Số CCCD và số điện thoại đã được che một phần.' : undefined,
  }, LOG_COLUMNS, rows);
  return workbookBytes(wb);
}
