// Sync benchmarks against the local reference server: 10,000 queued dossiers pushed, 10,000 province
// changes pulled and applied, and the longest main-thread task meanwhile. The desk runs in Debian's
// Chromium on real IndexedDB (its page is bundled here with esbuild); the server is the real process.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Province } from '../../server/store';
import { ROOT, startServer } from '../sync/serverProcess';
import { FaultProxy } from '../sync/faultProxy';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AGENCY = '000.17.22.H56';

export async function runSyncBenchmarks(n = Number(process.env.BENCH_SYNC_DOSSIERS ?? 10_000)): Promise<{ name: string; value: number; unit: string }[]> {
  const out = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  await build({
    entryPoints: [join(ROOT, 'test/bench/page/syncBench.ts')],
    bundle: true,
    format: 'esm',
    outfile: join(out, 'bench.js'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    define: { 'import.meta.env.VITE_APP_VERSION': '"bench"' },
    logLevel: 'error',
  });
  const page = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(out, 'bench.js')));
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>');
  });
  await new Promise<void>((ok) => page.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;

  const server = await startServer({ args: ['--quiet', '--rate-burst', '1000', '--rate-per-second', '200'] });
  const province = await Province.open(server.target);
  await province.createAgency({ agencyCode: AGENCY, parentAgencyName: 'ỦY BAN NHÂN DÂN XÃ AN BÌNH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã An Bình', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 1);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const tab = await (await browser.newContext({ timezoneId: 'Asia/Ho_Chi_Minh' })).newPage();
    await tab.goto(origin);
    await tab.waitForFunction(() => document.title === 'ready');
    type Bench = {
      setup(url: string, code: string, n: number): Promise<{ dossiers: number }>;
      ids(): Promise<string[]>;
      push(): Promise<{ seconds: number; sent: number }>;
      pull(n: number): Promise<{ seconds: number; processing: number }>;
      measures(): { longest: number; longTasks: number; maxGap: number };
      goOffline(proxyUrl: string, n: number): Promise<{ failures: number; changed: number; codes: string[] }>;
      converged(expected: number): Promise<unknown>;
    };
    const code = await province.issueEnrolmentCode(AGENCY, 1);
    await tab.evaluate(([url, c, count]) => (window as unknown as { syncBench: Bench }).syncBench.setup(url as string, c as string, count as number), [server.url, code, n] as const);
    await tab.evaluate(() => (window as unknown as { syncBench: Bench }).syncBench.measures()); // settle
    const push = await tab.evaluate(() => (window as unknown as { syncBench: Bench }).syncBench.push());
    if (push.sent < n || (await province.stats()).dossiers !== n) throw new Error(`push incomplete: ${push.sent} sent, ${(await province.stats()).dossiers} at the province`);

    // The processing department takes every dossier in hand.
    for (const c of await tab.evaluate(() => (window as unknown as { syncBench: Bench }).syncBench.ids())) await province.setStatus({ agencyCode: AGENCY, code: c }, 'processing', { note: 'Đã nhận hồ sơ giấy' });
    const pull = await tab.evaluate((count) => (window as unknown as { syncBench: Bench }).syncBench.pull(count), n);
    if (pull.processing !== n) throw new Error(`pull incomplete: ${pull.processing} of ${n}`);
    const m = await tab.evaluate(() => (window as unknown as { syncBench: Bench }).syncBench.measures());

    // Reconnection: offline with 50 changes queued (and province decisions waiting), then the network returns.
    const proxy = await new FaultProxy(server.url).start();
    proxy.down = true;
    const offline = await tab.evaluate(([url, count]) => (window as unknown as { syncBench: Bench }).syncBench.goOffline(url as string, count as number), [proxy.url, 50] as const);
    if (offline.changed !== 50) throw new Error(`reconnect bench: ${offline.changed} changes queued`);
    for (const c of offline.codes) await province.setStatus({ agencyCode: AGENCY, code: c }, 'supplement_requested', { note: 'Thiếu giấy tờ' });
    // Some real time offline, so the loop is somewhere in its probe period when the network returns.
    await new Promise((r) => setTimeout(r, 12_000 + Math.random() * 10_000));
    proxy.down = false;
    const back = Date.now();
    await tab.evaluate((count) => (window as unknown as { syncBench: Bench }).syncBench.converged(count), offline.codes.length);
    const reconnect = (Date.now() - back) / 1000;
    await proxy.close();
    const round = (x: number) => Math.round(x * 10) / 10;
    return [
      { name: 'push_10k_s', value: round(push.seconds), unit: 's' },
      { name: 'pull_10k_s', value: round(pull.seconds), unit: 's' },
      // Long tasks are reported from 50 ms; below that the heartbeat gap is the bound.
      { name: 'sync_longest_task_ms', value: Math.round(m.longTasks ? m.longest : m.maxGap), unit: 'ms' },
      // From the network's return until the 50 queued changes are confirmed and the province's decisions applied.
      { name: 'reconnect_converge_s', value: round(reconnect), unit: 's' },
    ];
  } finally {
    await browser.close();
    await province.close();
    await server.stop();
    page.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

// `npx tsx test/bench/sync.ts` runs these alone.
if (process.argv[1] && process.argv[1].endsWith('sync.ts')) {
  console.table(await runSyncBenchmarks());
}
