// The exports as a spreadsheet program opens them: LibreOffice headless reads the .csv (UTF-8 with its
// BOM) and the .xlsx, and writes them back as CSV; the cells must be the
// ones the desk wrote, Vietnamese intact. Skipped where LibreOffice is not installed (vitest lists it as skipped).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logCsv, logRows, matchesLog } from '../../shared/reports/log';
import { logXlsx } from '../../shared/reports/logXlsx';
import { SAMPLE_OFFICE } from '../fixtures/dossiers';
import { sampleReportDossiers } from '../fixtures/reports/samples';

const SOFFICE = '/usr/bin/soffice';
const dir = mkdtempSync(join(tmpdir(), 'lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Minimal RFC 4180 reader for LibreOffice's output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const convert = (file: string, filter: string, outDir: string, infilter?: string) =>
  execFileSync(SOFFICE, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', filter, '--outdir', outDir, file], { stdio: 'pipe', timeout: 120_000 });

describe.skipIf(!existsSync(SOFFICE))('LibreOffice opens the exports', () => {
  const dossiers = sampleReportDossiers({ from: '2026-11-02', days: 5, perStatus: 3 });
  const filter = { from: '2026-11-01', to: '2026-11-30' };
  const rows = logRows(dossiers.filter((d) => matchesLog(d, filter)));

  it('the .csv: one row per dossier, every cell as written, Vietnamese intact', { timeout: 150_000 }, () => {
    const csv = logCsv(rows);
    writeFileSync(join(dir, 'book.csv'), csv);
    mkdirOut('csv-out');
    // Headless LibreOffice does not take the BOM as a hint (it reads the file in the system's legacy
    // charset unless told), so the import is told UTF-8 (76), comma, double quotes, as a user picks in the
    // import dialog; Excel, the desks' usual program, goes by the BOM.
    const CSV = 'Text - txt - csv (StarCalc):44,34,76';
    convert(join(dir, 'book.csv'), `csv:${CSV}`, join(dir, 'csv-out'), CSV);
    const back = parseCsv(readFileSync(join(dir, 'csv-out', 'book.csv'), 'utf8').replace(/^\uFEFF/, ''));
    const mine = parseCsv(csv.slice(1));
    expect(back).toHaveLength(rows.length + 1);
    expect(back[0]).toEqual(mine[0]);
    // Text cells come back as written (numbers and dates as LibreOffice formats them).
    for (let i = 1; i < back.length; i++) for (const c of [1, 2, 3, 4, 12, 13, 14, 15]) expect(back[i][c]).toBe(mine[i][c]);
    expect(back.flat().join(' ')).toContain('Hộ tịch');
  });

  it('the .xlsx: dates and amounts are values LibreOffice formats, the header row where it should be', { timeout: 150_000 }, async () => {
    writeFileSync(join(dir, 'book.xlsx'), await logXlsx(rows, filter, SAMPLE_OFFICE, true));
    mkdirOut('xlsx-out');
    convert(join(dir, 'book.xlsx'), 'csv:Text - txt - csv (StarCalc):44,34,76', join(dir, 'xlsx-out'));
    const back = parseCsv(readFileSync(join(dir, 'xlsx-out', 'book.csv'), 'utf8'));
    expect(back[0][0]).toBe('UBND XÃ AN BÌNH');
    expect(back[7][0]).toBe('TT');
    const first = back[8];
    expect(first[1]).toBe(rows[0].code);
    // The date cell shown dd/mm/yyyy hh:mm, Vietnam time.
    expect(first[6]).toMatch(/^02\/11\/2026 \d{2}:\d{2}$/);
    expect(first[13]).toBe(rows[0].idNumber);
    expect(back).toHaveLength(8 + rows.length);
  });
});

function mkdirOut(name: string) {
  mkdirSync(join(dir, name), { recursive: true });
}
