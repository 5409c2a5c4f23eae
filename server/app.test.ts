import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import Database from 'better-sqlite3';
import { DEFAULT_CALENDAR_CONFIG } from '../shared/calendar/types';
import { SEED_CATALOG } from '../shared/domain/catalog';
import { buildDossier } from '../shared/domain/reception';
import { errorResponseSchema, pushResponseSchema } from '../shared/sync/contract';
import { toPushItem } from '../shared/sync/mapping';
import { buildApp } from './app';
import { MIGRATIONS, PG_MIGRATIONS, migrate, openServerDb, type DbTarget } from './db';
import { Province } from './store';
import { TEST_DB, dropTarget, freshTarget } from '../test/sync/testDb';

const AGENCY = '000.17.22.H56';
let dir: string;
let target: DbTarget;
let province: Province;
let app: FastifyInstance;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'server-test-'));
  target = await freshTarget(dir);
  province = await Province.open(target);
  await province.createAgency({ agencyCode: AGENCY, parentAgencyName: 'UBND', agencyName: 'BP', communeName: 'Xã', districtName: '', provinceName: 'Tỉnh' }, 2);
  app = await buildApp(province, { deviceRate: { burst: 5, perSecond: 0.001 }, bodyLimit: 64 * 1024 });
});
afterEach(async () => {
  await app.close();
  await province.close();
  await dropTarget(target);
  rmSync(dir, { recursive: true, force: true });
});

async function enrol(deskNo = 1) {
  const res = await app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: await province.issueEnrolmentCode(AGENCY, deskNo), deviceId: crypto.randomUUID(), deviceName: 'Quầy' } });
  expect(res.statusCode).toBe(200);
  return res.json() as { token: string; deviceId: string };
}

function entry(seq: number, code?: string) {
  const procedure = SEED_CATALOG[0];
  const { dossier } = buildDossier(
    { procedureCode: procedure.code, applicant: { fullName: 'Nguyễn Văn An', idNumber: '001090012345', dateOfBirth: '1990-03-15', gender: 'male', address: 'Thôn Đông', phone: '', email: '' }, components: [], sets: 1, resultDelivery: 'desk', feeCopies: 1, feePages: 1, note: '', documents: [], online: false },
    { id: crypto.randomUUID(), now: Date.now(), procedure: { ...procedure, components: [] }, office: { parentAgencyName: 'U', agencyName: 'B', agencyCode: AGENCY, communeName: 'X', districtName: '', provinceName: 'T' }, desk: { deskNo: 1, desksInAgency: 2, officerName: 'B' }, codePattern: '{AGENCY}-{YYMMDD}-{SEQ:4}', calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: seq - 1 },
  );
  const d = code ? { ...dossier, code } : dossier;
  return toPushItem({ id: crypto.randomUUID(), dossierId: d.id, kind: 'dossier.received', dossier: d, createdAt: d.receivedAt });
}

const push = (token: string, items: unknown[]) => app.inject({ method: 'POST', url: '/v1/changes', headers: { authorization: `Bearer ${token}` }, payload: { items } });

describe('the reference server', () => {
  it(`runs its migrations once (${TEST_DB})`, async () => {
    const db = await openServerDb(target);
    expect(await migrate(db)).toBe(0);
    const versions = (await db.k.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => r.version);
    expect(versions).toEqual((TEST_DB === 'postgres' ? PG_MIGRATIONS : MIGRATIONS).map((m) => m.version));
    await db.close();
  });

  it.skipIf(TEST_DB !== 'sqlite')('upgrades a store made by the released migrations 1–2 to the latest, keeping its rows', async () => {
    const old = mkdtempSync(join(tmpdir(), 'server-upgrade-'));
    const raw = new Database(join(old, 'province.sqlite'));
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.slice(0, 2)) {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 1);
    }
    raw.prepare("INSERT INTO agencies VALUES ('000.00.00.X01', 2, 1)").run();
    raw.prepare("INSERT INTO store_identity (id, epoch, floor, created_at) VALUES (1, 'epoch-before-upgrade', 0, 1)").run();
    raw.close();
    const db = await openServerDb({ dataDir: old });
    expect((await db.k.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version).sort()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await db.k.selectFrom('agencies').selectAll().execute()).toEqual([{ code: '000.00.00.X01', desks_in_agency: 2, created_at: 1 }]);
    expect((await db.k.selectFrom('store_identity').select('epoch').executeTakeFirstOrThrow()).epoch).toBe('epoch-before-upgrade');
    expect(await db.k.selectFrom('security_events').selectAll().execute()).toEqual([]);
    await db.close();
    rmSync(old, { recursive: true, force: true });
  });

  it.skipIf(TEST_DB !== 'sqlite')('syncs what it confirms before answering (one FULL commit per push, issue 8 item 1; SQLite: PostgreSQL flushes every commit)', async () => {
    const { token } = await enrol();
    const commits = async () => (await province.db.k.selectFrom('store_identity').select('durable_commits').executeTakeFirstOrThrow()).durable_commits;
    const before = await commits();
    await push(token, [entry(7), entry(8)]);
    expect(await commits()).toBe(before + 1);
    const mode = await province.db.k.connection().execute(async (c) => (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(c)).rows[0].synchronous);
    expect(mode).toBe(1); // NORMAL between those syncs
  });

  it('answers a replayed change with its first answer, and a taken code with a conflict', async () => {
    const { token } = await enrol();
    const a = entry(1);
    const first = pushResponseSchema.parse((await push(token, [a])).json());
    expect(first.results).toEqual([{ changeId: a.changeId, result: 'accepted' }]);
    expect(typeof first.serverTime).toBe('number');
    const again = pushResponseSchema.parse((await push(token, [a, a])).json());
    expect(again.results).toEqual([{ changeId: a.changeId, result: 'accepted' }]);
    expect((await province.stats())).toMatchObject({ dossiers: 1, replays: 1 });
    const clash = entry(1);
    const answer = pushResponseSchema.parse((await push(token, [clash])).json());
    expect(answer.results[0]).toMatchObject({ result: 'conflict', conflict: { kind: 'code_taken', MaHoSo: a.HoSo.MaHoSo } });
    expect((await province.listDossiers()).map((d) => d.id)).toEqual([a.dossierId]);
  });

  it('rejects one malformed item on its own, and a malformed request as a whole', async () => {
    const { token } = await enrol();
    const good = entry(1);
    const bad = { ...entry(2), HoSo: { ...entry(2).HoSo, NgayTiepNhan: 'hôm qua' } };
    const res = pushResponseSchema.parse((await push(token, [bad, good])).json());
    expect(res.results.map((r) => r.result)).toEqual(['rejected', 'accepted']);
    expect(res.results[0]).toMatchObject({ reason: expect.stringMatching(/HoSo.NgayTiepNhan/) });
    expect(JSON.stringify(res.results[0])).not.toContain('Nguyễn'); // reasons never repeat personal data
    const broken = await push(token, [{ nope: true }]);
    expect(broken.statusCode).toBe(400);
    expect(errorResponseSchema.parse(broken.json()).error.code).toBe('bad_request');
  });

  it('authenticates devices, refuses expired credentials and unknown tokens', async () => {
    const { token, deviceId } = await enrol();
    expect((await app.inject({ method: 'GET', url: '/v1/province-changes' })).json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await app.inject({ method: 'GET', url: '/v1/province-changes', headers: { authorization: 'Bearer ' + 'x'.repeat(43) } })).statusCode).toBe(401);
    await province.expireCredentials({ deviceId });
    const res = await app.inject({ method: 'GET', url: '/v1/province-changes', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'credential_expired' } });
    expect(res.headers['x-server-time']).toMatch(/^\d+$/);
  });

  it('answers a push beyond its concurrent pushes with 429 and Retry-After, before reading it (reconnection storm)', async () => {
    const busy = await buildApp(province, { maxConcurrentPushes: 0 });
    const { token } = await enrol();
    const res = await busy.inject({ method: 'POST', url: '/v1/changes', headers: { authorization: `Bearer ${token}` }, payload: { items: [entry(1)] } });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/tự gửi lại sau \d giây/) } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await province.stats()).dossiers).toBe(0);
    await busy.close();
  });

  it('limits the body size and the rate per device', async () => {
    const { token } = await enrol();
    const big = await app.inject({ method: 'POST', url: '/v1/changes', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ items: [{ changeId: crypto.randomUUID(), pad: 'x'.repeat(70_000) }] }) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await app.inject({ method: 'GET', url: '/v1/province-changes', headers: { authorization: `Bearer ${token}` } })).statusCode);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    const limited = await app.inject({ method: 'GET', url: '/v1/province-changes', headers: { authorization: `Bearer ${token}` } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another desk is not affected.
    const other = await enrol(2);
    expect((await app.inject({ method: 'GET', url: '/v1/province-changes', headers: { authorization: `Bearer ${other.token}` } })).statusCode).toBe(200);
  });

  it('pages province changes for the device since a cursor', async () => {
    const { token } = await enrol();
    const items = [entry(1), entry(2), entry(3)];
    await push(token, items);
    for (const i of items) await province.setStatus({ agencyCode: AGENCY, code: i.HoSo.MaHoSo }, 'processing');
    const get = async (cursor: number) => (await app.inject({ method: 'GET', url: `/v1/province-changes?cursor=${cursor}&limit=2`, headers: { authorization: `Bearer ${token}` } })).json();
    const p1 = await get(0);
    expect(p1).toMatchObject({ hasMore: true });
    expect(p1.changes).toHaveLength(2);
    const p2 = await get(p1.nextCursor);
    expect(p2).toMatchObject({ hasMore: false });
    expect(p2.changes.map((c: { MaHoSo: string }) => c.MaHoSo)).toEqual([items[2].HoSo.MaHoSo]);
  });

  it('serves reference data by version, OpenAPI, and CORS for the desk origins only', async () => {
    const { token } = await enrol();
    const ref = (await app.inject({ method: 'GET', url: '/v1/reference', headers: { authorization: `Bearer ${token}` } })).json();
    expect(ref.catalog.version).toBe(1);
    expect(ref.office).toMatchObject({ desksInAgency: 2, office: { agencyCode: AGENCY } });
    const same = (await app.inject({ method: 'GET', url: '/v1/reference?catalog=1&calendar=1&office=1', headers: { authorization: `Bearer ${token}` } })).json();
    expect(same).toMatchObject({ catalog: null, calendar: null, office: null });
    await province.publish(AGENCY, 'calendar', { base: { saturdayMorning: true, hours: DEFAULT_CALENDAR_CONFIG.hours, sameDayCutoff: '15:00' }, overrides: [{ date: '2027-02-08', kind: 'off', note: 'Nghỉ Tết' }] });
    const newer = (await app.inject({ method: 'GET', url: '/v1/reference?catalog=1&calendar=1&office=1', headers: { authorization: `Bearer ${token}` } })).json();
    expect(newer.calendar).toMatchObject({ version: 2, overrides: [{ date: '2027-02-08' }] });
    const doc = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(doc.json()).toMatchObject({ openapi: '3.1.0' });
    const allowed = await app.inject({ method: 'OPTIONS', url: '/v1/changes', headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:4173');
    const denied = await app.inject({ method: 'GET', url: '/v1/health', headers: { origin: 'https://evil.example' } });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });
});
