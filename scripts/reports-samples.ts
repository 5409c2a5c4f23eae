// Writes the supervisor's exports from realistic sample data (at least 40 dossiers in every status), for
// review:   tsx scripts/reports-samples.ts <dir>      (npm run reports:samples -- <dir>)
//   tracking-book.xlsx, tracking-book.csv, tracking-book.pdf (form 07), results-report.xlsx, fee-report.xlsx, fee-report.pdf
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { layoutFeeReport, renderForm } from '../shared/forms/index';
import { loadFormFontsNode } from '../shared/forms/fonts.node.js';
import { computeFigures, factsOf, periodOfDays } from '../shared/reports/figures';
import { logCsv, logRows, matchesLog, trackingRowsForPdf, type LogFilter } from '../shared/reports/log';
import { logXlsx } from '../shared/reports/logXlsx';
import { resultsReportXlsx } from '../shared/reports/resultsReport';
import { feeReport } from '../shared/reports/fees';
import { feeReportXlsx } from '../shared/reports/feesXlsx';
import { vnTime } from '../shared/calendar/vnTime';
import { SAMPLE_OFFICE } from '../test/fixtures/dossiers';
import { sampleReportDossiers } from '../test/fixtures/reports/samples';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('Cách dùng: tsx scripts/reports-samples.ts <thư mục>');
    process.exit(2);
  }
  await mkdir(dir, { recursive: true });
  const dossiers = sampleReportDossiers({ from: '2026-11-02', days: 26, perStatus: 40 });
  const filter: LogFilter = { from: '2026-11-01', to: '2026-11-30' };
  const picked = dossiers.filter((d) => matchesLog(d, filter));
  const rows = logRows(picked);
  const write = async (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    console.log(`${file}  ${((typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length) / 1024).toFixed(1)} KB`);
  };
  await write('tracking-book.xlsx', await logXlsx(rows, filter, SAMPLE_OFFICE, true));
  await write('tracking-book.csv', logCsv(rows));
  const fonts = await loadFormFontsNode();
  await write('tracking-book.pdf', await renderForm('07', { office: SAMPLE_OFFICE, from: filter.from, to: filter.to, rows: trackingRowsForPdf(picked), issuedAt: vnTime(2026, 12, 1, 8) }, fonts));
  const report = computeFigures(dossiers.map(factsOf), periodOfDays(filter.from, filter.to), vnTime(2026, 12, 1, 8));
  await write('results-report.xlsx', await resultsReportXlsx(report, filter, SAMPLE_OFFICE));
  const fees = feeReport(dossiers, '2026-11-16');
  await write('fee-report.xlsx', await feeReportXlsx(fees, SAMPLE_OFFICE));
  await write('fee-report.pdf', (await layoutFeeReport({ office: SAMPLE_OFFICE, day: fees.day, rows: fees.rows, total: fees.total, preparedBy: 'Trần Thị Bình', issuedAt: vnTime(2026, 11, 16, 17) }, fonts)).bytes);
  const byStatus = new Map<string, number>();
  for (const d of dossiers) byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
  console.log(`${dossiers.length} hồ sơ: ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
