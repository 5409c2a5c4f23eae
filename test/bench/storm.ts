// The reconnection storm (issue 13): N desks of many agencies, each back from one offline day (40 dossiers
// received, 120 transitions), all reconnecting at once against the real server process, each running the
// engine's cycle over the real sync client (reference, push in batches of the engine's size, pull to the
// end) through undici on loopback with a bounded number of connections. Then the database is read back:
// nothing lost, nothing doubled, every field of every dossier equal to the desk's.
// `STORM_DB=sqlite|postgres|both` (default both when SYNC_TEST_PG_URL is set), `STORM_DESKS` (500).
import { Agent, fetch as undiciFetch } from 'undici';
import { sql, type Kysely } from 'kysely';
import { MAX_PUSH_ITEMS, type HoSo } from '../../shared/sync/contract';
import { toHoSo } from '../../shared/sync/mapping';
import { createSyncClient, type SyncRequestError } from '../../renderer/src/sync/client';
import { Province } from '../../server/store';
import type { Schema } from '../../server/db';
import { startServer } from '../sync/serverProcess';
import { cleanup } from '../sync/harness';
import { deskDay, type DeskDay } from '../sync/wire';
import { createPgDatabase } from '../sync/testDb';
import { vnParts, vnTime } from '../../shared/calendar/vnTime';

type Result = { name: string; value: number; unit: string };

const DESKS_PER_AGENCY = 5;

function percentile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export async function runStorm(kind: 'sqlite' | 'postgres', desks = Number(process.env.STORM_DESKS ?? 500)): Promise<Result[]> {
  const suffix = kind === 'postgres' ? '_pg' : '';
  const target = kind === 'postgres' ? { url: await createPgDatabase() } : undefined;
  const server = await startServer({ target, args: ['--quiet', '--rate-burst', '1000', '--rate-per-second', '200'] });
  const province = await Province.open(server.target);
  const agencies = Math.ceil(desks / DESKS_PER_AGENCY);
  const p = vnParts(Date.now() - 7 * 86_400_000);
  const dayStart = vnTime(p.year, p.month, p.day - ((p.weekday + 6) % 7), 8, 0);
  try {
    // The province: agencies and enrolled desks (in-process: enrolment is not what is measured).
    const plans: { token: string; deviceId: string; day: DeskDay }[] = [];
    for (let a = 0; a < agencies; a++) {
      const agencyCode = `000.${String(10 + (a % 90)).padStart(2, '0')}.${String(10 + Math.floor(a / 90)).padStart(2, '0')}.H${String(a).padStart(2, '0')}`.slice(0, 20);
      await province.createAgency({ agencyCode, parentAgencyName: `ỦY BAN NHÂN DÂN XÃ ${a}`, agencyName: 'BỘ PHẬN MỘT CỬA', communeName: `Xã ${a}`, districtName: '', provinceName: 'Tỉnh Hưng Yên' }, DESKS_PER_AGENCY);
      for (let d = 1; d <= DESKS_PER_AGENCY && plans.length < desks; d++) {
        const code = await province.issueEnrolmentCode(agencyCode, d);
        const e = await province.enrol(code, crypto.randomUUID(), `Quầy ${d}`);
        plans.push({ token: e.token, deviceId: e.deviceId, day: deskDay({ agencyCode, deskNo: d, desksInAgency: DESKS_PER_AGENCY, start: dayStart, dossiers: 40, transitions: 120, seed: a * 100 + d }) });
      }
    }
    const totalChanges = plans.reduce((n, x) => n + x.day.items.length, 0);
    const raw = await rawInsertRate(province);

    // The storm: every desk at once, through a bounded pool of loopback connections.
    const dispatcher = new Agent({ connections: 64, pipelining: 1 });
    const doFetch = ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
    // The engine's timeout (20 s); a failed request is sent again after the server's Retry-After, or the
    // engine's backoff (1 s doubling to 30 s), as the desk would.
    const api = createSyncClient({ baseUrl: server.url, fetch: doFetch, timeoutMs: 20_000 });
    const batchMs: number[] = [];
    let errors = 0;
    let retries = 0;
    let refusedBusy = 0;
    async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn();
        } catch (e) {
          const err = e as SyncRequestError;
          // "Later" from the server's admission is waited out as the engine does, however often; other failures 30 times.
          if (attempt >= 30 && err.kind !== 'rate_limited') throw e;
          if (err.kind === 'rate_limited') refusedBusy++;
          else retries++;
          const wait = err.detail?.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    }
    const t0 = performance.now();
    await Promise.all(
      plans.map(async (desk) => {
        try {
          await withRetry(() => api.reference(desk.token, { catalog: 0, calendar: 0, office: 0 }));
          for (let i = 0; i < desk.day.items.length; i += MAX_PUSH_ITEMS) {
            const batch = desk.day.items.slice(i, i + MAX_PUSH_ITEMS);
            const answer = await withRetry(async () => {
              const started = performance.now();
              const a = await api.push(desk.token, batch);
              batchMs.push(performance.now() - started);
              return a;
            });
            errors += answer.results.filter((r) => r.result !== 'accepted').length + Math.abs(answer.results.length - batch.length);
          }
          let cursor = 0;
          for (;;) {
            const page = await withRetry(() => api.pull(desk.token, cursor, 500));
            cursor = page.nextCursor;
            if (!page.hasMore) break;
          }
        } catch (e) {
          errors++;
          if (errors < 5) console.error(`storm desk failed: ${(e as Error).message}`);
        }
      }),
    );
    const drain = (performance.now() - t0) / 1000;
    await dispatcher.close();

    // Read back from the database: nothing lost, nothing doubled, every field equal.
    const stats = await province.stats();
    const expectedDossiers = plans.reduce((n, x) => n + x.day.dossiers.length, 0);
    const lost = Math.max(0, expectedDossiers - stats.dossiers) + Math.max(0, totalChanges - stats.accepted);
    // Replays (a batch sent again after a lost answer) are answered from the idempotency record: not doubles.
    const doubled = Math.max(0, stats.dossiers - expectedDossiers) + Math.max(0, stats.changes - totalChanges);
    const held = new Map((await province.listDossiers()).map((d) => [d.id, d]));
    let unequal = 0;
    for (const desk of plans) {
      for (const d of desk.day.dossiers) {
        const s = held.get(d.id);
        const mine = toHoSo(d);
        if (!s || s.deviceId !== desk.deviceId || s.deskRev !== d.rev) {
          unequal++;
          continue;
        }
        for (const f of Object.keys(mine) as (keyof HoSo)[]) if (JSON.stringify(s.record[f]) !== JSON.stringify(mine[f])) unequal++;
      }
    }
    console.error(`storm (${kind}): ${totalChanges} changes; errors ${errors}, lost ${lost}, doubled ${doubled}, unequal fields ${unequal}; busy answers ${refusedBusy}, other retries ${retries}, replays ${stats.replays}`);
    return [
      { name: `storm_desks${suffix}`, value: desks, unit: 'desks' },
      { name: `storm_drain_s${suffix}`, value: Math.round(drain * 10) / 10, unit: 's' },
      { name: `storm_changes_per_s${suffix}`, value: Math.round(totalChanges / drain), unit: '/s' },
      { name: `storm_p99_ms${suffix}`, value: Math.round(percentile(batchMs, 99)), unit: 'ms' },
      { name: `storm_errors${suffix}`, value: errors + lost + doubled + unequal, unit: 'count' },
      { name: `raw_insert_per_s${suffix}`, value: raw, unit: '/s' },
    ];
  } finally {
    await province.close();
    await server.stop();
    await cleanup(server);
  }
}

/**
 * The same database's raw insert rate, for the ratio: single-row inserts of a dossier-sized record, each
 * committed on its own as the sync path commits each change, one after another, through the same layer.
 */
async function rawInsertRate(province: Province, n = 5_000): Promise<number> {
  const k = province.db.k as unknown as Kysely<Schema & { bench_raw: { id: string; record: string } }>;
  await sql`CREATE TABLE bench_raw (id TEXT PRIMARY KEY, record TEXT NOT NULL)`.execute(k);
  const record = 'x'.repeat(1800);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await province.db.write((tx) => (tx as unknown as typeof k).insertInto('bench_raw').values({ id: crypto.randomUUID(), record }).execute());
  const rate = Math.round(n / ((performance.now() - t0) / 1000));
  await sql`DROP TABLE bench_raw`.execute(k);
  return rate;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.env.STORM_DB ?? (process.env.SYNC_TEST_PG_URL ? 'both' : 'sqlite');
  const out: Result[] = [];
  if (which !== 'postgres') out.push(...(await runStorm('sqlite')));
  if (which !== 'sqlite') out.push(...(await runStorm('postgres')));
  console.table(out);
}
