// One test per schema version: open the version before it with real rows, upgrade, check the rows.
// And the guard: a released SCHEMA_VERSIONS entry never changes (test/fixtures/schema/released.json).
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { vnTime } from '@shared/calendar/vnTime';
import { foldText, searchKey } from '@shared/text/fold';
import { SAMPLE_DESK, SAMPLE_OFFICE, sampleDossier } from '../../../test/fixtures/dossiers';
import { SCHEMA_VERSIONS, openDeskDb } from './db';
import { loadDeskConfig } from './settings';
import { factsOfDays } from './facts';
import { replaceProvinceCalendar } from './settings';
import { FREQUENCY_WINDOW_MS, procedureFrequencies } from './procedures';

const SNAPSHOT = new URL('../../../test/fixtures/schema/released.json', import.meta.url);

/** A database as a desk running an older release left it: only the versions up to `upTo`. */
function openAtVersion(name: string, upTo: number): Dexie {
  const db = new Dexie(name);
  for (const v of SCHEMA_VERSIONS.filter((x) => x.version <= upTo)) {
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  return db;
}

const NOW = vnTime(2026, 11, 23, 9, 0);

describe('schema upgrades, one per version, with real rows', () => {
  it('1 → 2: dossiers, outbox and audit survive; sync tables appear empty', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 1);
    const d = sampleDossier({ now: NOW });
    await old.table('dossiers').add(d);
    await old.table('outbox').add({ id: 'o1', dossierId: d.id, kind: 'dossier.received', dossier: d, createdAt: NOW, state: 'pending', attempts: 0, lastError: null });
    await old.table('audit').add({ id: 'a1', dossierId: d.id, at: NOW, actor: 'Trần Thị Bình', action: 'received', summary: 'Tiếp nhận', fromStatus: null, toStatus: 'received', detail: {} });
    old.close();

    const db = openAtVersion(name, 2);
    expect(await db.table('dossiers').get(d.id)).toEqual(d);
    expect(await db.table('outbox').count()).toBe(1);
    expect(await db.table('audit').count()).toBe(1);
    expect(await db.table('syncState').count()).toBe(0);
    expect(await db.table('conflicts').count()).toBe(0);
    db.close();
  });

  it('2 → 3 before enrolment: every calendar row was typed on the desk and becomes the desk’s own', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 2);
    await old.table('settings').bulkPut([{ key: 'office', value: SAMPLE_OFFICE }, { key: 'desk', value: SAMPLE_DESK }]);
    await old.table('calendarOverrides').bulkPut([
      { date: '2026-12-24', kind: 'off', note: 'Lễ hội địa phương' },
      { date: '2026-12-26', kind: 'work', note: 'Làm bù' },
    ]);
    const d = sampleDossier({ now: NOW });
    await old.table('outbox').add({ id: 'o1', dossierId: d.id, kind: 'dossier.received', dossier: d, createdAt: NOW, state: 'pending', attempts: 0, lastError: null });
    old.close();

    const db = openDeskDb(name);
    expect(await db.calendarOverrides.count()).toBe(0);
    expect((await db.deskCalendarDays.toArray()).map((r) => [r.date, r.kind, r.origin])).toEqual([
      ['2026-12-24', 'off', 'desk'],
      ['2026-12-26', 'work', 'desk'],
    ]);
    expect((await db.outbox.get({ id: 'o1' }))?.format).toBe(1);
    const config = await loadDeskConfig(db);
    expect(config.calendar.overrides.map((o) => o.date)).toEqual(['2026-12-24', '2026-12-26']);
    db.close();
  });

  it('2 → 3 after a province calendar: mixed rows are kept until the next province calendar tells them apart', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 2);
    await old.table('syncState').put({ key: 'reference', value: { catalog: 1, calendar: 4, office: 1, updatedAt: NOW } });
    // 01/05 came from the province; 24/12 the officer added after the province's calendar arrived.
    await old.table('calendarOverrides').bulkPut([
      { date: '2026-05-01', kind: 'off', note: 'Quốc tế lao động' },
      { date: '2026-12-24', kind: 'off', note: 'Lễ hội địa phương' },
    ]);
    old.close();

    const db = openDeskDb(name);
    expect(await db.calendarOverrides.count()).toBe(2);
    expect((await db.deskCalendarDays.toArray()).map((r) => r.origin)).toEqual(['unsure', 'unsure']);
    // The next province calendar still has 01/05: that copy was the province's and goes; 24/12 stays the desk's.
    await db.transaction('rw', [db.calendarOverrides, db.deskCalendarDays], () =>
      replaceProvinceCalendar(db, [{ date: '2026-05-01', kind: 'off', note: 'Quốc tế lao động' }]),
    );
    expect((await db.deskCalendarDays.toArray()).map((r) => [r.date, r.origin])).toEqual([['2026-12-24', 'desk']]);
    const config = await loadDeskConfig(db);
    expect(config.calendarEntries.map((e) => [e.date, e.source])).toEqual([
      ['2026-05-01', 'province'],
      ['2026-12-24', 'desk'],
    ]);
    db.close();
  });

  it('3 → 5: every dossier gets the search tokens of the code tail, name pairs and phone tail', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 3);
    const d = sampleDossier({ now: NOW });
    // A row as release 3 stored it: tokens of the whole code and the name runs only.
    const oldTokens = ['nguyen', 'nguyenvanan', 'van', 'vanan', 'an', searchKey(d.code)];
    await old.table('dossiers').add({ ...d, searchTokens: oldTokens });
    old.close();

    const db = openAtVersion(name, 5);
    const row = (await db.table('dossiers').get(d.id)) as typeof d;
    const seq = d.code.slice(-4);
    expect(row.searchTokens).toEqual(expect.arrayContaining(oldTokens.filter((t) => row.searchTokens.includes(t))));
    expect(row.searchTokens).toContain(seq);
    expect(await db.table('dossiers').where('searchTokens').equals(seq).count()).toBe(1);
    const family = foldText(d.applicant.fullName).split(' ');
    expect(await db.table('dossiers').where('searchTokens').equals(`${family[family.length - 1]}_${family[0]}`).count()).toBe(1);
    expect(await db.table('dossiers').where('searchTokens').equals(d.applicant.phone.slice(-4)).count()).toBe(1);
    expect({ ...row, searchTokens: [] }).toEqual({ ...d, searchTokens: [] });
    db.close();
  });

  it('5 → 6: accounts appear empty; the audit written before is chained in order (hashes computed by hand)', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 5);
    const d = sampleDossier({ now: NOW });
    await old.table('dossiers').add(d);
    await old.table('audit').add({ id: 'a1', dossierId: d.id, at: 1, actor: 'Bình', action: 'received', summary: 'Tiếp nhận', fromStatus: null, toStatus: 'received', detail: {} });
    await old.table('audit').add({ id: 'a2', dossierId: null, at: 2, actor: 'Bình', action: 'settings_changed', summary: 'Đổi', fromStatus: null, toStatus: null, detail: { keys: 'desk' } });
    old.close();

    const db = openDeskDb(name);
    expect(await db.accounts.count()).toBe(0);
    expect(await db.dossiers.get(d.id)).toEqual(d);
    const events = await db.audit.orderBy('seq').toArray();
    const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
    const zero = '0'.repeat(64);
    const h1 = sha(`{"action":"received","actor":"Bình","actorId":null,"at":1,"detail":{},"dossierId":"${d.id}","fromStatus":null,"id":"a1","prevHash":"${zero}","summary":"Tiếp nhận","toStatus":"received"}`);
    const h2 = sha(`{"action":"settings_changed","actor":"Bình","actorId":null,"at":2,"detail":{"keys":"desk"},"dossierId":null,"fromStatus":null,"id":"a2","prevHash":"${h1}","summary":"Đổi","toStatus":null}`);
    expect(events.map((e) => [e.id, e.prevHash, e.hash])).toEqual([
      ['a1', zero, h1],
      ['a2', h1, h2],
    ]);
    db.close();
  });

  it('6 → 7: dossiers are kept and counted per procedure on the new index; drafts appear empty', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 6);
    const a = sampleDossier({ now: NOW });
    const b = sampleDossier({ now: NOW + 60_000, lastSequence: 1 });
    const c = { ...sampleDossier({ now: NOW + 120_000, lastSequence: 2 }), procedureCode: '2.000815' };
    await old.table('dossiers').bulkAdd([a, b, c]);
    old.close();

    const db = openDeskDb(name);
    expect(await db.dossiers.get(a.id)).toEqual(a);
    expect(await db.drafts.count()).toBe(0);
    const counts = await procedureFrequencies(db, [a.procedureCode, '2.000815', '1.000894'], NOW + 86_400_000);
    expect([...counts]).toEqual([[a.procedureCode, 2], ['2.000815', 1], ['1.000894', 0]]);
    // Older than the window: not counted.
    expect((await procedureFrequencies(db, [a.procedureCode], NOW + FREQUENCY_WINDOW_MS + 3_600_000)).get(a.procedureCode)).toBe(0);
    db.close();
  });

  it('7 → 10: every dossier on the desk gets its facts row (figures, fees); later writes keep it', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 7);
    const paid = { ...sampleDossier({ now: NOW }), fee: 8000, payment: { amount: 8000, method: 'cash' as const, receiptNo: 'BL-1', at: NOW + 60_000, by: 'Trần Thị Bình', byId: null } };
    const unpaid = { ...sampleDossier({ now: NOW + 1000, lastSequence: 1 }), fee: 10000, status: 'processing' as const };
    const free = sampleDossier({ now: NOW + 2000, lastSequence: 2 });
    await old.table('dossiers').bulkAdd([paid, unpaid, free]);
    old.close();

    const db = openDeskDb(name);
    const facts = async () => new Map(factsOfDays(await db.dossierFacts.toArray()).map((f) => [f.id, f]));
    const rows = await facts();
    expect(rows.size).toBe(3);
    expect((await db.dossierFacts.toArray()).map((b) => b.day)).toEqual(['2026-11-23']); // one row per reception day
    expect(rows.get(paid.id)).toMatchObject({ receivedAt: NOW, paidAt: NOW + 60_000, unpaid: false, channel: 'desk', deadline: paid.appointmentAt, fieldName: 'Hộ tịch', status: 'received' });
    expect([...rows.values()].filter((f) => f.unpaid).map((f) => f.id)).toEqual([unpaid.id]);
    // A later write of a dossier, in a transaction that names only the dossiers, updates its facts too.
    await db.transaction('rw', [db.dossiers], () => db.dossiers.put({ ...unpaid, status: 'withdrawn', finishedAt: NOW + 5000 }));
    expect((await facts()).get(unpaid.id)).toMatchObject({ status: 'withdrawn', unpaid: false, finishedAt: NOW + 5000 });
    await db.dossiers.delete(free.id);
    expect((await facts()).has(free.id)).toBe(false);
    await db.dossiers.clear();
    expect(await db.dossierFacts.count()).toBe(0);
    db.close();
  });

  it('7 → 9: dossiers and their outbox survive; dossiers are found by waybill; handover batches appear empty', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 7);
    const d = sampleDossier({ now: NOW });
    await old.table('dossiers').add(d);
    await old.table('outbox').add({ id: 'o1', format: 1, dossierId: d.id, kind: 'dossier.received', dossier: d, createdAt: NOW, state: 'pending', attempts: 0, lastError: null });
    old.close();

    const db = openDeskDb(name);
    expect(await db.dossiers.get(d.id)).toEqual(d);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.postalBatches.count()).toBe(0);
    const collected = { ...sampleDossier({ now: NOW, lastSequence: 1 }), postal: { collectedAt: NOW, place: 'Bưu cục', inboundWaybill: 'RR473124829VN', postalFee: 0, collectorId: null, collectorName: 'Bưu' } };
    await db.dossiers.add(collected);
    expect((await db.dossiers.where('postal.inboundWaybill').equals('RR473124829VN').toArray()).map((x) => x.id)).toEqual([collected.id]);
    // A dossier received before postal work has no waybill and stays out of that index.
    expect(await db.dossiers.where('postal.inboundWaybill').above('').count()).toBe(1);
    db.close();
  });

  it('10 → 11: dossiers survive; scanned files appear empty, one per dossier and slot', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 10);
    const d = sampleDossier({ now: NOW });
    await old.table('dossiers').add(d);
    old.close();

    const db = openDeskDb(name);
    expect(await db.dossiers.get(d.id)).toEqual(d);
    expect(await db.scanFiles.count()).toBe(0);
    const file = { id: 'f1', dossierId: d.id, slot: 'component:c1', fileName: 'a.pdf', pdf: new Blob(['%PDF']), bytes: 4, sha256: 'x', pageCount: 1, digitisedBy: 'a', digitisedByName: 'A', digitisedAt: NOW };
    await db.scanFiles.add(file);
    await expect(db.scanFiles.add({ ...file, id: 'f2' })).rejects.toThrow();
    expect(await db.scanFiles.where('dossierId').equals(d.id).count()).toBe(1);
    db.close();
  });

  it('11 → 12: scanned files survive; their uploads appear empty, one row per file version', async () => {
    const name = `mig-${crypto.randomUUID()}`;
    const old = openAtVersion(name, 11);
    const d = sampleDossier({ now: NOW });
    await old.table('dossiers').add(d);
    const file = { id: 'f1', dossierId: d.id, slot: 'component:c1', fileName: 'a.pdf', pdf: new Blob(['%PDF']), bytes: 4, sha256: 'a'.repeat(64), pageCount: 1, digitisedBy: 'a', digitisedByName: 'A', digitisedAt: NOW };
    await old.table('scanFiles').add(file);
    old.close();

    const db = openDeskDb(name);
    expect(await db.dossiers.get(d.id)).toEqual(d);
    const kept = await db.scanFiles.get('f1');
    expect(kept?.sha256).toBe(file.sha256);
    expect(await db.uploads.count()).toBe(0);
    const row = { id: `f1:${file.sha256}`, fileId: 'f1', dossierId: d.id, slot: file.slot, sha256: file.sha256, state: 'pending' as const, bytesSent: 0, total: 4, uploadUrl: null, error: null, attempts: 0, createdAt: NOW, updatedAt: NOW, receivedAt: null };
    await db.uploads.add(row);
    expect(await db.uploads.where('state').equals('pending').count()).toBe(1);
    expect(await db.uploads.where('fileId').equals('f1').count()).toBe(1);
    db.close();
  });

  it('has a test above for every version after the first', () => {
    // Adding a schema version without its upgrade test fails here.
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual([1, 2, 3, 5, 6, 7, 9, 10, 11, 12]);
  });
});

interface ReleasedDexieVersion {
  version: number;
  stores: Record<string, string>;
  upgradeSha256: string | null;
}

const describeVersion = (v: (typeof SCHEMA_VERSIONS)[number]): ReleasedDexieVersion => ({
  version: v.version,
  stores: v.stores,
  upgradeSha256: v.upgrade ? createHash('sha256').update(v.upgrade.toString().replace(/\s+/g, ' ')).digest('hex') : null,
});

describe('released Dexie schema versions never change', () => {
  it('every entry matches the committed snapshot; new entries are recorded with npm run schema:snapshot', () => {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { dexie: ReleasedDexieVersion[]; server: unknown[] };
    const current = SCHEMA_VERSIONS.map(describeVersion);
    for (const released of snapshot.dexie) {
      const now = current.find((c) => c.version === released.version);
      expect(now, `released Dexie version ${released.version} was removed: add a new version instead`).toBeDefined();
      expect(now, `released Dexie version ${released.version} changed: never edit a released entry, add a new version`).toEqual(released);
    }
    const unrecorded = current.filter((c) => !snapshot.dexie.some((r) => r.version === c.version));
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) {
      writeFileSync(SNAPSHOT, JSON.stringify({ ...snapshot, dexie: [...snapshot.dexie, ...unrecorded] }, null, 2) + '\n');
    } else {
      expect(unrecorded.map((u) => u.version), 'a new Dexie version is not in the snapshot: run npm run schema:snapshot when it ships').toEqual([]);
    }
  });
});
