// The exports read back: exceljs for the .xlsx (types and values), the bytes for the .csv.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildFixtureDossiers, NOW } from '../../test/fixtures/reports/figures-fixture';
import { SAMPLE_OFFICE } from '../../test/fixtures/dossiers';
import { computeFigures, factsOf, periodOfDays } from './figures';
import { LOG_COLUMNS, logCsv, logRows, matchesLog } from './log';
import { logXlsx } from './logXlsx';
import { fromExcelDate } from './xlsx';
import { resultsReportXlsx } from './resultsReport';
import { feeReport, feeReportCsv } from './fees';
import { feeReportXlsx } from './feesXlsx';
import { vnTime } from '../calendar/vnTime';

const read = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return wb;
};

describe('tracking book exports', async () => {
  const dossiers = [...(await buildFixtureDossiers()).values()];
  const filter = { from: '2026-11-16', to: '2026-11-22' };
  const picked = dossiers.filter((d) => matchesLog(d, filter));
  const rows = logRows(picked);

  it('filters by range, status, field, procedure and officer', () => {
    expect(picked).toHaveLength(10); // A B C D E F G H I L
    expect(dossiers.filter((d) => matchesLog(d, { ...filter, statuses: ['processing'] }))).toHaveLength(2); // F G
    expect(dossiers.filter((d) => matchesLog(d, { ...filter, fieldName: 'Chứng thực' }))).toHaveLength(2);
    expect(dossiers.filter((d) => matchesLog(d, { ...filter, procedureCode: '2.001035' }))).toHaveLength(2);
    expect(dossiers.filter((d) => matchesLog(d, { ...filter, officerName: 'Ai đó khác' }))).toHaveLength(0);
  });

  it('masks CCCD and phone unless revealed', () => {
    expect(rows[0].idNumber).toBe('0010••••2345');
    expect(rows[0].phone).toBe('09••••5678');
    expect(logRows(picked, true)[0].idNumber).toBe('001090012345');
  });

  it('xlsx: date cells, numbers in đồng, Times New Roman, frozen filterable header, A4 landscape repeating the header', async () => {
    const wb = await read(await logXlsx(rows, filter, SAMPLE_OFFICE, true));
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Sổ theo dõi hồ sơ');
    expect(ws.getCell('A1').value).toBe('UBND XÃ AN BÌNH');
    expect(ws.getCell('A4').value).toBe('SỔ THEO DÕI HỒ SƠ');
    const header = 8; // masked: a remark line says so under the subtitle
    expect(String(ws.getCell('A6').value)).toContain('che một phần');
    expect(ws.getRow(header).getCell(1).value).toBe('TT');
    expect(ws.getRow(header).getCell(7).value).toBe('Nhận hồ sơ');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
    expect(ws.autoFilter).toBe(`A${header}:${String.fromCharCode(64 + LOG_COLUMNS.length)}${header}`); // A8:T8
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: `${header}:${header}` });
    const first = ws.getRow(header + 1);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toBe(rows[0].code);
    const received = first.getCell(7);
    expect(received.value).toBeInstanceOf(Date);
    expect(received.numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(fromExcelDate(received.value as Date)).toBe(rows[0].receivedAt);
    // 16/11/2026 08:00 in Hà Nội is 08:00 in the cell.
    expect((received.value as Date).toISOString()).toBe('2026-11-16T08:00:00.000Z');
    expect(first.getCell(14).value).toBe('0010••••2345');
    const fee = first.getCell(18);
    expect(typeof fee.value).toBe('number');
    expect(fee.numFmt).toBe('#,##0');
    expect(first.getCell(3).font.name).toBe('Times New Roman');
    expect(ws.getColumn(3).width).toBe(26);
    // Printed: form 07's columns (A–M); the supervisor's extra columns stay in the sheet.
    expect(ws.pageSetup.printArea).toBe(`A1:M${header + rows.length}`);
    expect(ws.rowCount).toBe(header + rows.length);
  });

  it('csv: UTF-8 with a BOM, a header and one line per dossier', () => {
    const csv = logCsv(rows);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0].split(',')[0]).toBe('TT');
    expect(lines[1]).toContain('16/11/2026 08:00');
    expect(lines[1]).toContain('0010••••2345');
  });

  it('results report xlsx: per field and total, the template marked unverified', async () => {
    const report = computeFigures(dossiers.map(factsOf), periodOfDays(filter.from, filter.to), NOW);
    const ws = (await read(await resultsReportXlsx(report, filter, SAMPLE_OFFICE))).worksheets[0];
    expect(String(ws.getCell('A6').value)).toContain('chưa xác minh');
    const header = 8;
    expect(ws.getCell(header, 3).value).toBe('Số hồ sơ nhận giải quyết');
    expect(ws.getCell(header + 1, 4).value).toBe('Trực tuyến');
    const rowOf = (label: string) => { for (let r = header + 2; r <= ws.rowCount; r++) if (ws.getCell(r, 2).value === label) return ws.getRow(r); throw new Error(label); };
    const values = (label: string) => (rowOf(label).values as unknown[]).slice(3);
    // Hand-worked (fixture): Hộ tịch received 7 + carried 1; online 2; desk+post 5; resolved 4 = 1/1/2; in progress 4 = 3/1; ended 0.
    expect(values('Hộ tịch')).toEqual([8, 2, 5, 1, 4, 1, 1, 2, 4, 3, 1, 0]);
    expect(values('Tổng cộng')).toEqual([10, 2, 7, 1, 4, 1, 1, 2, 5, 3, 2, 1]);
  });

  it('fee report per officer and procedure with the day total', async () => {
    const paid = dossiers.slice(0, 3).map((d, i) => ({ ...d, fee: 3000, payment: { amount: 3000, method: (['cash', 'qr', 'cash'] as const)[i], receiptNo: `BL${i}`, at: vnTime(2026, 11, 16, 10 + i), by: i === 1 ? 'Lê Văn Cường' : 'Trần Thị Bình', byId: null } }));
    const r = feeReport(paid, '2026-11-16');
    expect(r.total).toEqual({ count: 3, cash: 6000, transfer: 0, qr: 3000, total: 9000 });
    expect(r.rows.map((x) => [x.officer, x.count, x.total])).toEqual([['Lê Văn Cường', 1, 3000], ['Trần Thị Bình', 2, 6000]]);
    expect(feeReportCsv(r)).toContain('Tổng cộng trong ngày');
    const ws = (await read(await feeReportXlsx(r, SAMPLE_OFFICE))).worksheets[0];
    expect(ws.getRow(ws.rowCount).getCell(9).value).toBe(9000);
  });
});
