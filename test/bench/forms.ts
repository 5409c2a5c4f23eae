// Benchmarks of the PDF forms in Node. Part of `npm run bench` (test/bench/run.ts imports
// runFormBenchmarks); also runnable alone: `tsx test/bench/forms.ts` prints a table.
import { pathToFileURL } from 'node:url';
import { typicalDossier, SAMPLE_OFFICE, OFFICER, sampleTrackingRows, NOW } from '../fixtures/forms/sample-data';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const TARGETS: Record<string, number> = {
  slip_pdf_cold_ms: 600,
  slip_pdf_warm_p95_ms: 150,
  slip_pdf_bytes: 120000,
  tracking_book_500_ms: 3000,
};

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

const round = (v: number) => Math.round(v * 10) / 10;

export async function runFormBenchmarks(): Promise<BenchResult[]> {
  // Loading the code (pdf-lib, fontkit, qrcode; transpiled by tsx here, bundled in the app) is reported
  // on its own. Cold: reading the four TTFs, parsing and embedding them, and the first slip.
  const importStart = performance.now();
  const forms = await import('../../shared/forms/index');
  const { readFormFontsNode } = await import('../../shared/forms/fonts.node.js');
  const importMs = performance.now() - importStart;
  const coldStart = performance.now();
  const fonts = await readFormFontsNode();
  const input = { office: SAMPLE_OFFICE, dossier: typicalDossier(), officerName: OFFICER, bookNo: '03/2026', sequenceNo: 1288 };
  const first = await forms.renderForm('01', input, fonts);
  const cold = performance.now() - coldStart;

  const times: number[] = [];
  let bytes = first.length;
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const pdf = await forms.renderForm('01', input, fonts);
    times.push(performance.now() - t);
    bytes = pdf.length;
  }

  const rows = sampleTrackingRows(500);
  const t = performance.now();
  await forms.renderForm('07', { office: SAMPLE_OFFICE, from: '2026-11-01', to: '2026-11-30', rows, bookNo: '03/2026', issuedAt: NOW }, fonts);
  const book = performance.now() - t;

  return [
    { name: 'forms_code_load_ms', value: round(importMs), unit: 'ms' },
    { name: 'slip_pdf_cold_ms', value: round(cold), unit: 'ms' },
    { name: 'slip_pdf_warm_p95_ms', value: round(p95(times)), unit: 'ms' },
    { name: 'slip_pdf_bytes', value: bytes, unit: 'bytes' },
    { name: 'tracking_book_500_ms', value: round(book), unit: 'ms' },
  ];
}

async function main(): Promise<void> {
  const results = await runFormBenchmarks();
  const lines = results.map((r) => {
    const target = TARGETS[r.name];
    const ok = target == null ? '' : r.value < target ? 'ok' : 'OVER';
    return `${r.name.padEnd(24)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} ${target == null ? '' : `< ${target}`.padEnd(10)} ${ok}`;
  });
  console.log(`${'name'.padEnd(24)} ${'value'.padStart(10)} ${'unit'.padEnd(6)} ${'target'.padEnd(10)}`);
  console.log(lines.join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
