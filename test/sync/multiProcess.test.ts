// Several server processes behind a load balancer share one PostgreSQL database and nothing else: the
// same changes sent to two processes at once are applied exactly once, and two desks racing for one code
// through different processes get one acceptance and one conflict.
import { afterEach, describe, expect, it } from 'vitest';
import { pushResponseSchema, type PushItem } from '../../shared/sync/contract';
import type { Province } from '../../server/store';
import { AGENCY, DAY_START, cleanup, createAgency, openProvince, startServer, type ServerProcess } from './harness';
import { TEST_DB } from './testDb';
import { deskDay } from './wire';

const servers: ServerProcess[] = [];
let p: Province | null = null;

afterEach(async () => {
  await p?.close();
  p = null;
  const all = servers.splice(0);
  for (const s of all) await s.stop().catch(() => {});
  if (all[0]) await cleanup(all[0]); // one database for both
  for (const s of all.slice(1)) await cleanup(s.dataDir);
});

async function enrol(url: string, code: string) {
  const res = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: crypto.randomUUID(), deviceName: 'Quầy' }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; deviceId: string };
}

async function push(url: string, token: string, items: PushItem[]) {
  const res = await fetch(`${url}/v1/changes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ items }) });
  expect(res.status).toBe(200);
  return pushResponseSchema.parse(await res.json());
}

describe.skipIf(TEST_DB !== 'postgres')('two server processes on one PostgreSQL database', () => {
  it('apply the same changes, sent to both at once, exactly once', { timeout: 60_000 }, async () => {
    const a = await startServer({ args: ['--rate-burst', '1000'] });
    servers.push(a);
    const b = await startServer({ target: a.target, args: ['--rate-burst', '1000'] });
    servers.push(b);
    p = await openProvince(a);
    await createAgency(p, 3);
    const desk = await enrol(a.url, await p.issueEnrolmentCode(AGENCY, 1));
    const { items, dossiers } = deskDay({ agencyCode: AGENCY, deskNo: 1, desksInAgency: 3, start: DAY_START, dossiers: 20, transitions: 40 });
    // Batches of 20, each sent to both processes at the same moment.
    for (let i = 0; i < items.length; i += 20) {
      const batch = items.slice(i, i + 20);
      const [ra, rb] = await Promise.all([push(a.url, desk.token, batch), push(b.url, desk.token, batch)]);
      expect(ra.results.map((r) => r.result)).toEqual(batch.map(() => 'accepted'));
      expect(rb.results.map((r) => r.result)).toEqual(batch.map(() => 'accepted'));
      expect(ra.store).toEqual(rb.store);
    }
    const stats = await p.stats();
    expect(stats).toMatchObject({ dossiers: 20, changes: items.length, accepted: items.length, replays: items.length, rejected: 0, conflicts: 0 });
    const held = await p.listDossiers();
    for (const d of dossiers) expect(held.find((h) => h.id === d.id)!.deskRev).toBe(d.rev);
  });

  it('let one of two desks racing for one code through different processes win, the other gets a conflict', { timeout: 60_000 }, async () => {
    const a = await startServer();
    servers.push(a);
    const b = await startServer({ target: a.target });
    servers.push(b);
    p = await openProvince(a);
    await createAgency(p, 3);
    const one = await enrol(a.url, await p.issueEnrolmentCode(AGENCY, 1));
    const two = await enrol(b.url, await p.issueEnrolmentCode(AGENCY, 1));
    // Two devices enrolled as desk 1 (a re-installed desk), each receiving its "first" dossier of the day.
    const x = deskDay({ agencyCode: AGENCY, deskNo: 1, desksInAgency: 3, start: DAY_START, dossiers: 1, transitions: 0, seed: 1 }).items[0];
    const y = deskDay({ agencyCode: AGENCY, deskNo: 1, desksInAgency: 3, start: DAY_START, dossiers: 1, transitions: 0, seed: 2 }).items[0];
    expect(x.HoSo.MaHoSo).toBe(y.HoSo.MaHoSo);
    const [rx, ry] = await Promise.all([push(a.url, one.token, [x]), push(b.url, two.token, [y])]);
    expect([rx.results[0].result, ry.results[0].result].sort()).toEqual(['accepted', 'conflict']);
    expect(await p.listDossiers()).toHaveLength(1);
  });
});
