// `npm run server -- [--data-dir DIR | --database-url postgres://…] [--port 8787] [--host 127.0.0.1]
// [--desk-dir dist/renderer]`: the reference provincial server, on SQLite in the data directory (default)
// or on PostgreSQL, optionally also serving the built browser desk.
// Prints one JSON line {"event":"listening","url":…} when ready (tests and scripts wait for it).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildApp } from './app';
import { Province } from './store';
import { dbTarget } from './db';
import { startRelay } from './relay';
import { readRelayState } from './relayStore';

// Files this process creates (the database's WAL, the mark) are the province's alone.
process.umask(0o077);

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.SYNC_DATA_DIR ?? '.server-data' },
    'database-url': { type: 'string', default: process.env.SYNC_DATABASE_URL ?? '' },
    port: { type: 'string', default: process.env.SYNC_PORT ?? '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'cors-origin': { type: 'string', multiple: true, default: [] },
    'credential-days': { type: 'string', default: '90' },
    'rate-burst': { type: 'string', default: '120' },
    'rate-per-second': { type: 'string', default: '20' },
    'test-item-delay-ms': { type: 'string', default: '0' },
    'desk-dir': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    'tls-cert': { type: 'string', default: process.env.SYNC_TLS_CERT ?? '' },
    'tls-key': { type: 'string', default: process.env.SYNC_TLS_KEY ?? '' },
    'trust-proxy': { type: 'string', default: '' },
    'max-concurrent-pushes': { type: 'string', default: '8' },
    // The office relay (issue 14): serve the desks of one office and forward to the province.
    'relay-to': { type: 'string', default: process.env.SYNC_RELAY_TO ?? '' },
    'upstream-ca': { type: 'string', default: '' },
    'relay-idle-ms': { type: 'string', default: '5000' },
    'relay-retry-max-ms': { type: 'string', default: '10000' },
    'desk-poll-ms': { type: 'string', default: '' },
  },
});

const dataDir = resolve(values['data-dir']!);
const relayTo = values['relay-to'];
const province = await Province.open(dbTarget(dataDir, values['database-url']), { credentialTtlMs: Number(values['credential-days']) * 24 * 3600_000, forward: Boolean(relayTo) });
const enrolledUpstream = await readRelayState(province, 'upstream');
if (!relayTo && enrolledUpstream) {
  // Its desks' changes would be accepted and never forwarded.
  process.stderr.write(`Thư mục dữ liệu này là của máy chuyển tiếp (đơn vị ${enrolledUpstream.agencyCode}): hãy chạy với --relay-to ${enrolledUpstream.url}\n`);
  process.exit(2);
}
if (relayTo) {
  const up = enrolledUpstream;
  if (!up) {
    process.stderr.write(`Máy chuyển tiếp chưa đăng ký với tỉnh. Chạy trước: npm run server:admin -- relay-enrol --data-dir … --upstream ${relayTo} --code MÃ-DO-TỈNH-CẤP\n`);
    process.exit(2);
  }
}
if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
  process.stderr.write('Cần cả --tls-cert và --tls-key (tệp PEM) để phục vụ HTTPS.\n');
  process.exit(2);
}
const tls = values['tls-cert'] ? { cert: readFileSync(resolve(values['tls-cert'])), key: readFileSync(resolve(values['tls-key']!)) } : undefined;
if (!tls && values.host !== '127.0.0.1' && values.host !== '::1' && values.host !== 'localhost' && !values['trust-proxy']) {
  process.stderr.write('Cảnh báo: máy chủ nghe ngoài loopback bằng HTTP thường. Dùng --tls-cert/--tls-key, hoặc đặt sau reverse proxy HTTPS (--trust-proxy).\n');
}
let onPushed = () => {};
const app = await buildApp(province, {
  onPushed: () => onPushed(),
  relay: Boolean(relayTo),
  // Desks on the office LAN cycle every 2 s by default, so a dossier received at one is soon at the others.
  pollMs: values['desk-poll-ms'] ? Number(values['desk-poll-ms']) : relayTo ? 2000 : undefined,
  tls,
  maxConcurrentPushes: Number(values['max-concurrent-pushes']),
  trustProxy: values['trust-proxy'] === 'true' ? true : values['trust-proxy'] || undefined,
  corsOrigins: values['cors-origin'],
  deviceRate: { burst: Number(values['rate-burst']), perSecond: Number(values['rate-per-second']) },
  testItemDelayMs: Number(values['test-item-delay-ms']),
  deskDir: values['desk-dir'],
  // The scanned files (tus uploads, partial ones included) live in the data directory with PostgreSQL too.
  filesDir: dataDir,
  log: values.quiet ? undefined : (line) => process.stderr.write(JSON.stringify(line) + '\n'),
});

const address = await app.listen({ port: Number(values.port), host: values.host });
const relay = relayTo
  ? startRelay(province, relayTo, {
      ca: values['upstream-ca'] ? readFileSync(resolve(values['upstream-ca'])) : undefined,
      idleMs: Number(values['relay-idle-ms']),
      maxBackoffMs: Number(values['relay-retry-max-ms']),
      log: values.quiet ? undefined : (line) => process.stderr.write(JSON.stringify(line) + '\n'),
    })
  : null;
onPushed = () => relay?.nudge();
process.stdout.write(JSON.stringify({ event: 'listening', url: address, database: province.db.dialect, ...(province.db.dataDir ? { dataDir } : {}), ...(relay ? { relayTo } : {}) }) + '\n');

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await relay?.stop();
  await app.close();
  await province.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
