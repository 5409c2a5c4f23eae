// npm run bench: measures the desk in Debian's Chromium on 100,000 seeded dossiers, and the PDF forms as
// the desk renders them there (test/bench/forms.ts measures the same forms in Node). Prints a table and writes bench-results.json ([{ name, value, unit }]).
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 100_000);
/** BENCH_ONLY=backup: seed, then only the audit check, backup and restore (while measuring those). */
const ONLY = process.env.BENCH_ONLY ?? '';

interface Result { name: string; value: number; unit: string }
const TARGETS: Record<string, string> = {
  search_p95_ms: '< 50', search_code_suffix_p95_ms: '< 20', search_name_tokens_p95_ms: '< 20', list_first_page_ms: '< 100', save_dossier_p95_ms: '< 30', cold_load_ms: '< 1500', heap_mb: '< 150',
  seed_per_s: 'report', slip_pdf_cold_ms: '< 600', slip_pdf_warm_p95_ms: '< 150', slip_pdf_bytes: '< 120000', tracking_book_500_ms: '< 3000',
  dashboard_100k_ms: '< 300', xlsx_10k_rows_ms: '< 5000', csv_10k_rows_ms: '< 1000',
  push_10k_s: '< 30', login_ms: '200–1000', audit_verify_100k_ms: '< 3000', pull_10k_s: '< 20', sync_longest_task_ms: '< 100', reconnect_converge_s: '< 60',
  backup_100k_s: '< 60', backup_100k_mb: 'report', restore_100k_s: '< 120',
  scan_pdf_20p_ms: '< 3000', scan_pdf_20p_mb: 'report',
  storm_desks: '≥ 500', storm_drain_s: '< 60', storm_changes_per_s: 'report', storm_p99_ms: 'report', storm_errors: '0', raw_insert_per_s: 'report',
  upload_50mb_with_drop_s: '< 30', upload_50mb_resent_kb: '≤ 1024 (one chunk)',
  relay_forward_10k_s: '< 30', office_visible_p95_ms: '< 5000',
  storm_desks_pg: '≥ 500', storm_drain_s_pg: '< 120', storm_changes_per_s_pg: 'report', storm_p99_ms_pg: 'report', storm_errors_pg: '0', raw_insert_per_s_pg: 'report',
};

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.ttf': 'font/ttf', '.map': 'application/json', '.woff2': 'font/woff2' };

function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = resolve(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    ok({ server, origin: `http://127.0.0.1:${address.port}` });
  }));
}

async function browserBenchmarks(): Promise<Result[]> {
  const { server, origin } = await serve(resolve('dist'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({ timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN', viewport: { width: 1366, height: 900 } });
  try {
    const bench = await context.newPage();
    await bench.goto(`${origin}/bench/index.html`);
    await bench.waitForFunction(() => document.title === 'ready');
    // BENCH_ONLY=scan: the scans' assembly alone (it needs no seeded dossiers).
    if (ONLY === 'scan') return await scanBenchmarks(bench);
    const seeded = await bench.evaluate((n) => (window as never as { bench: { seedDossiers(n: number): Promise<{ count: number; seconds: number }> } }).bench.seedDossiers(n), DOSSIERS);
    if (ONLY === 'backup') {
      const acc = await bench.evaluate(() => (window as never as { bench: { measureAccounts(): Promise<{ loginMs: number; verifyMs: number; checked: number; ok: boolean }> } }).bench.measureAccounts());
      const b = await bench.evaluate(() => (window as never as { bench: { measureBackup(): Promise<BackupFigures> } }).bench.measureBackup());
      checkBackup(b);
      return [{ name: 'login_ms', value: round(acc.loginMs), unit: 'ms' }, { name: 'audit_verify_100k_ms', value: round(acc.verifyMs), unit: 'ms' }, ...backupResults(b)];
    }
    const r = await bench.evaluate(() => (window as never as { bench: { measureReports(): Promise<{ readMs: number; unpackMs: number; computeMs: number; facts: number; received: number; dashboardMedian: number; dashboardMax: number; dashboardFirst: number; xlsxMs: number; csvMs: number; rows: number }> } }).bench.measureReports());
    if (r.facts !== DOSSIERS || r.rows !== Math.min(10_000, DOSSIERS)) throw new Error(`The reports benchmark saw ${r.facts} facts rows and ${r.rows} export rows.`);
    console.log(`dashboard (year, ${r.facts} dossiers, ${r.received} in the year): first ${round(r.dashboardFirst)} ms, median ${round(r.dashboardMedian)} ms, max ${round(r.dashboardMax)} ms of 5 (read ${round(r.readMs)} ms, unpack ${round(r.unpackMs)} ms, compute ${round(r.computeMs)} ms)`);
    const reports: Result[] = [
      { name: 'dashboard_100k_ms', value: round(r.dashboardMedian), unit: 'ms' },
      { name: 'xlsx_10k_rows_ms', value: round(r.xlsxMs), unit: 'ms' },
      { name: 'csv_10k_rows_ms', value: round(r.csvMs), unit: 'ms' },
    ];
    // BENCH_ONLY=reports: the seed and the supervisor's figures only (while measuring them).
    if (process.env.BENCH_ONLY === 'reports') return reports;
    const q = await bench.evaluate(() => (window as never as { bench: { measureQueries(): Promise<{ searchP95: number; found: number; listFirstPage: number; saveP95: number; suffixP95: number; tokensP95: number; suffixFound: number; tokensFound: number }> } }).bench.measureQueries());
    if (q.found === 0) throw new Error('The search benchmark found nothing: the seed or the index is broken.');
    if (q.suffixFound < 50 || q.tokensFound < 50) throw new Error(`Search by code tail found ${q.suffixFound}/50 and by name tokens ${q.tokensFound}/50.`);
    if (process.env.BENCH_ONLY === 'search') {
      // Measuring the search alone (BENCH_ONLY=search): the seed and the queries, nothing else.
      return [
        { name: 'search_p95_ms', value: round(q.searchP95), unit: 'ms' },
        { name: 'search_code_suffix_p95_ms', value: round(q.suffixP95), unit: 'ms' },
        { name: 'search_name_tokens_p95_ms', value: round(q.tokensP95), unit: 'ms' },
        { name: 'list_first_page_ms', value: round(q.listFirstPage), unit: 'ms' },
      ];
    }
    const f = await bench.evaluate(() => (window as never as { bench: { measureForms(): Promise<{ cold: number; warmP95: number; bytes: number; book: number; rows: number }> } }).bench.measureForms());
    if (f.rows !== 500) throw new Error(`The tracking book benchmark had ${f.rows} rows instead of 500.`);
    const acc = await bench.evaluate(() => (window as never as { bench: { measureAccounts(): Promise<{ loginMs: number; verifyMs: number; checked: number; ok: boolean }> } }).bench.measureAccounts());
    if (!acc.ok || acc.checked < DOSSIERS) throw new Error(`The audit chain benchmark checked ${acc.checked} events (ok: ${acc.ok}).`);
    const b = await bench.evaluate(() => (window as never as { bench: { measureBackup(): Promise<BackupFigures> } }).bench.measureBackup());
    checkBackup(b);
    const scans = await scanBenchmarks(bench);
    await bench.close();

    // Cold load: a fresh tab opens the app on that database; done when the list shows its rows.
    const app = await context.newPage();
    await app.addInitScript(() => {
      sessionStorage.setItem('list.scope', 'all');
      sessionStorage.setItem('desk.session', JSON.stringify({ accountId: 'bench', username: 'bench', displayName: 'Bench', role: 'admin', locked: false }));
    });
    const started = Date.now();
    await app.goto(`${origin}/renderer/index.html#/list`);
    await app.locator('a[data-row-link]').first().waitFor({ state: 'visible', timeout: 30_000 });
    const coldLoad = Date.now() - started;
    const cdp = await context.newCDPSession(app);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await app.screenshot({ path: 'test-results/screens/bench-list-100k.png' });
    return [
      { name: 'search_p95_ms', value: round(q.searchP95), unit: 'ms' },
      { name: 'search_code_suffix_p95_ms', value: round(q.suffixP95), unit: 'ms' },
      { name: 'search_name_tokens_p95_ms', value: round(q.tokensP95), unit: 'ms' },
      { name: 'list_first_page_ms', value: round(q.listFirstPage), unit: 'ms' },
      { name: 'save_dossier_p95_ms', value: round(q.saveP95), unit: 'ms' },
      { name: 'cold_load_ms', value: coldLoad, unit: 'ms' },
      { name: 'heap_mb', value: round(heap.usedSize / 1024 / 1024), unit: 'MB' },
      { name: 'seed_per_s', value: Math.round(seeded.count / seeded.seconds), unit: 'dossiers/s' },
      { name: 'slip_pdf_cold_ms', value: round(f.cold), unit: 'ms' },
      { name: 'slip_pdf_warm_p95_ms', value: round(f.warmP95), unit: 'ms' },
      { name: 'slip_pdf_bytes', value: f.bytes, unit: 'bytes' },
      { name: 'tracking_book_500_ms', value: round(f.book), unit: 'ms' },
      { name: 'login_ms', value: round(acc.loginMs), unit: 'ms' },
      { name: 'audit_verify_100k_ms', value: round(acc.verifyMs), unit: 'ms' },
      ...backupResults(b),
      ...reports,
      ...scans,
    ];
  } finally {
    await browser.close();
    server.close();
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

/** 20 A4 JPEG pages at 200 dpi into one PDF, five times: the median, the range printed. */
async function scanBenchmarks(bench: Page): Promise<Result[]> {
  const s = await bench.evaluate(() => (window as never as { bench: { measureScans(): Promise<{ ms: number[]; pdfBytes: number; inputBytes: number; pages: number }> } }).bench.measureScans());
  if (s.pages !== 20) throw new Error(`The scan benchmark assembled ${s.pages} pages.`);
  const sorted = [...s.ms].sort((a, b) => a - b);
  console.log(`scan_pdf_20p: ${sorted.map((x) => round(x)).join(', ')} ms (median ${round(sorted[Math.floor(sorted.length / 2)])}); 20 JPEG pages ${round(s.inputBytes / 1024 / 1024)} MB in, PDF ${round(s.pdfBytes / 1024 / 1024)} MB out`);
  return [
    { name: 'scan_pdf_20p_ms', value: round(sorted[Math.floor(sorted.length / 2)]), unit: 'ms' },
    { name: 'scan_pdf_20p_mb', value: round(s.pdfBytes / 1024 / 1024), unit: 'MB' },
  ];
}

interface BackupFigures { backupMs: number; restoreMs: number; bytes: number; dossiers: number; counted: number; restoredCount: number }
function checkBackup(b: BackupFigures) {
  if (b.counted < DOSSIERS || b.dossiers !== b.counted || b.restoredCount !== b.counted) throw new Error(`The backup benchmark backed up ${b.counted} dossiers and restored ${b.dossiers}.`);
}
const backupResults = (b: BackupFigures): Result[] => [
  { name: 'backup_100k_s', value: round(b.backupMs / 1000), unit: 's' },
  { name: 'backup_100k_mb', value: round(b.bytes / 1024 / 1024), unit: 'MB' },
  { name: 'restore_100k_s', value: round(b.restoreMs / 1000), unit: 's' },
];

/**
 * What `npm run bench` measures, in order. BENCH_ONLY=<section> runs one alone; the browser section also
 * takes search, reports, backup and scan (parts of it, see browserBenchmarks).
 */
const BROWSER_PARTS = ['search', 'reports', 'backup', 'scan'];
const SECTIONS: { name: string; run: () => Promise<Result[]> }[] = [
  { name: 'browser', run: browserBenchmarks },
  // The desk's push, pull and reconnection against a real server (issue 14 measured the pull's cost with it).
  { name: 'sync', run: async () => (await import('./sync')).runSyncBenchmarks() },
  // 50 MB uploaded with one dropped connection.
  { name: 'upload', run: async () => (await import('./upload')).runUploadBenchmark() },
  // The office relay: forwarding upstream, and a dossier seen at another desk.
  { name: 'relay', run: async () => (await import('./relay')).runRelayBenchmarks() },
  // The reconnection storm, on SQLite and, when SYNC_TEST_PG_URL is set, PostgreSQL.
  {
    name: 'storm',
    run: async () => {
      const { runStorm } = await import('./storm');
      if (!process.env.SYNC_TEST_PG_URL) console.log('storm on PostgreSQL skipped: set SYNC_TEST_PG_URL=postgres://… to measure it.');
      return [...(await runStorm('sqlite')), ...(process.env.SYNC_TEST_PG_URL ? await runStorm('postgres') : [])];
    },
  },
];
const only = ONLY && BROWSER_PARTS.includes(ONLY) ? 'browser' : ONLY;
if (only && !SECTIONS.some((x) => x.name === only)) throw new Error(`BENCH_ONLY=${ONLY}: not one of ${[...SECTIONS.map((x) => x.name), ...BROWSER_PARTS].join(', ')}.`);
const results: Result[] = [];
for (const section of SECTIONS) if (!only || section.name === only) results.push(...(await section.run()));
// A partial run (BENCH_ONLY) replaces only the figures it measured: the others stay as last measured.
const measured = new Set(results.map((r) => r.name));
const kept = existsSync('bench-results.json') ? (JSON.parse(readFileSync('bench-results.json', 'utf8')) as Result[]).filter((r) => !measured.has(r.name)) : [];
writeFileSync('bench-results.json', JSON.stringify([...kept, ...results], null, 2) + '\n');
console.log(`\nBenchmarks (${['scan', 'upload', 'relay', 'sync', 'storm'].includes(ONLY) ? 'no dossiers seeded' : `${DOSSIERS.toLocaleString('en')} dossiers seeded`})\n`);
console.table(results.map((r) => ({ name: r.name, value: r.value, unit: r.unit, target: TARGETS[r.name] ?? '' })));
