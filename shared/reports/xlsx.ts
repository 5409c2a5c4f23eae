// Spreadsheets with exceljs: the tracking book, the periodic results report and the fee report. Real
// date cells (Vietnam wall time, shown dd/mm/yyyy hh:mm), amounts as numbers in đồng, Times New Roman,
// the office header above a frozen, filterable header row, A4 landscape with the header row repeated.
import ExcelJS from 'exceljs';
import { VN_OFFSET_MS } from '../calendar/vnTime';
import type { Column, SheetHeading } from './log';

const FONT = 'Times New Roman';
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const DATE_FORMAT = 'dd/mm/yyyy hh:mm';
export const MONEY_FORMAT = '#,##0';

/**
 * A spreadsheet date is a wall-clock time with no zone; exceljs writes a Date as its UTC fields. So the
 * Vietnamese wall time is the UTC time of (instant + 7 h): 09:00 in Hà Nội shows as 09:00.
 */
export const excelDate = (ms: number) => new Date(ms + VN_OFFSET_MS);
/** The instant back from a date cell read by exceljs. */
export const fromExcelDate = (d: Date) => d.getTime() - VN_OFFSET_MS;

/** The office header (left), national motto (right), title and subtitle; returns the next free row. */
function writeHeading(ws: ExcelJS.Worksheet, h: SheetHeading, width: number): number {
  const half = Math.max(2, Math.floor(width / 2));
  const put = (row: number, from: number, to: number, text: string, font: Partial<ExcelJS.Font>) => {
    if (to > from) ws.mergeCells(row, from, row, to);
    const cell = ws.getCell(row, from);
    cell.value = text;
    cell.font = { name: FONT, size: 12, ...font };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  put(1, 1, half - 1, h.office.parentAgencyName.toUpperCase(), {});
  put(2, 1, half - 1, h.office.agencyName.toUpperCase(), { bold: true });
  put(1, half, width, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  put(2, half, width, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 13, underline: true });
  put(4, 1, width, h.title, { bold: true, size: 14 });
  put(5, 1, width, h.subtitle, { italic: true });
  if (h.remark) {
    put(6, 1, width, h.remark, { italic: true, size: 10, color: { argb: 'FF7F1D1D' } });
    return 8;
  }
  return 7;
}

function setUpPage(ws: ExcelJS.Worksheet, headerFirst: number, headerLast: number, printColumns?: number) {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerFirst}:${headerLast}`,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    horizontalCentered: true,
    ...(printColumns ? { // exceljs puts a "$" before each part only: "A$1" makes the absolute "$A$1" LibreOffice and Excel expect.
      printArea: `A$1:${ws.getColumn(printColumns).letter}$${Math.max(ws.rowCount, headerLast)}` } : {}),
  };
  ws.headerFooter = { oddFooter: '&C&"Times New Roman"&10Trang &P/&N' };
}

function styleHeader(cell: ExcelJS.Cell) {
  cell.font = { name: FONT, size: 10, bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.border = BORDER;
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
}

/** One sheet of rows under the office header: the tracking book and the fee report. */
export function addTableSheet<R>(wb: ExcelJS.Workbook, name: string, heading: SheetHeading, columns: readonly Column<R>[], rows: readonly R[], totals?: Partial<Record<number, number | string>>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  const printed = columns.findIndex((c) => c.print === false);
  // The office header spans the printed columns, so the motto sits at the printed page's right.
  const headerRow = writeHeading(ws, heading, printed > 0 ? printed : columns.length);
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
    const cell = ws.getCell(headerRow, i + 1);
    cell.value = c.header;
    styleHeader(cell);
  });
  ws.getRow(headerRow).height = 40;
  // One style object per column, shared by its cells: exceljs then recognises the style by reference
  // when writing, instead of comparing 200,000 copies (10,000 rows in a few hundred ms, not seconds).
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) => ({
    font: { name: FONT, size: 10 },
    border: BORDER,
    alignment: { vertical: 'top', wrapText: c.kind === 'text', horizontal: c.kind === 'text' ? 'left' : 'center' },
    ...(c.kind === 'datetime' ? { numFmt: DATE_FORMAT } : c.kind === 'money' ? { numFmt: MONEY_FORMAT } : {}),
  }));
  const perLine = columns.map((c) => Math.max(1, Math.floor(c.width * 1.5)));
  let r = headerRow + 1;
  for (const row of rows) {
    const xr = ws.getRow(r++);
    // Row height from the wrapped text (neither exceljs nor LibreOffice fits rows on its own): about 1.5
    // characters of 10-point Times per unit of column width (measured on the LibreOffice rendering), 13 points a line.
    let lines = 1;
    columns.forEach((c, i) => {
      const v = c.value(row);
      const cell = xr.getCell(i + 1);
      if (c.kind === 'datetime') cell.value = v == null ? null : excelDate(v as number);
      else if (c.kind === 'money' || c.kind === 'int') cell.value = typeof v === 'number' ? v : null;
      else {
        const text = v == null ? '' : String(v);
        cell.value = text;
        lines = Math.max(lines, text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine[i])), 0));
      }
      cell.style = styles[i];
    });
    xr.height = Math.max(15, lines * 13);
  }
  if (totals) {
    const xr = ws.getRow(r);
    columns.forEach((c, i) => {
      const cell = xr.getCell(i + 1);
      const v = totals[i];
      cell.value = v ?? '';
      if (c.kind === 'money') cell.numFmt = MONEY_FORMAT;
      cell.font = { name: FONT, size: 11, bold: true };
      cell.border = BORDER;
    });
  }
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  setUpPage(ws, headerRow, headerRow, printed > 0 ? printed : undefined);
  return ws;
}

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một cửa – bộ phận tiếp nhận và trả kết quả';
  wb.created = new Date(0);
  return wb;
}

export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** A sheet with grouped, two-row headers (the results report). */
export interface GroupedTable {
  rowHeaders: { header: string; width: number }[];
  groups: { title: string; columns: { header: string; width: number }[] }[];
  rows: (string | number)[][];
  totalRow?: (string | number)[];
}

export function addGroupedSheet(wb: ExcelJS.Workbook, name: string, heading: SheetHeading, t: GroupedTable): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  const width = t.rowHeaders.length + t.groups.reduce((n, g) => n + g.columns.length, 0);
  const top = writeHeading(ws, heading, width);
  let col = 1;
  for (const h of t.rowHeaders) {
    ws.mergeCells(top, col, top + 1, col);
    ws.getCell(top, col).value = h.header;
    ws.getColumn(col).width = h.width;
    styleHeader(ws.getCell(top, col));
    styleHeader(ws.getCell(top + 1, col));
    col++;
  }
  for (const g of t.groups) {
    if (g.columns.length > 1) ws.mergeCells(top, col, top, col + g.columns.length - 1);
    ws.getCell(top, col).value = g.title;
    for (let i = 0; i < g.columns.length; i++) {
      styleHeader(ws.getCell(top, col + i));
      const c = ws.getCell(top + 1, col + i);
      c.value = g.columns[i].header;
      styleHeader(c);
      ws.getColumn(col + i).width = g.columns[i].width;
    }
    col += g.columns.length;
  }
  ws.getRow(top + 1).height = 45;
  let r = top + 2;
  const all = t.totalRow ? [...t.rows, t.totalRow] : t.rows;
  all.forEach((values, i) => {
    const bold = t.totalRow != null && i === all.length - 1;
    values.forEach((v, j) => {
      const cell = ws.getCell(r, j + 1);
      cell.value = v;
      cell.font = { name: FONT, size: 11, bold };
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', horizontal: typeof v === 'number' ? 'center' : 'left', wrapText: true };
    });
    r++;
  });
  ws.views = [{ state: 'frozen', xSplit: t.rowHeaders.length, ySplit: top + 1 }];
  setUpPage(ws, top, top + 1);
  return ws;
}
