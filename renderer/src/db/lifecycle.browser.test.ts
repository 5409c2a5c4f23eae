import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { vnTime } from '@shared/calendar/vnTime';
import { openDeskDb, SCHEMA_VERSIONS } from './db';
import { receiveDossier } from './dossiers';
import { watchDbLifecycle, type DbState } from './instance';
import { receiveData, setUpDesk, signInForTest } from './dossiers.cases';

describe('two windows on one database (real Chromium IndexedDB)', () => {
  it('never issues the same code twice when two windows receive at the same moment', async () => {
    const name = `two-windows-${crypto.randomUUID()}`;
    const windowA = openDeskDb(name);
    const windowB = openDeskDb(name);
    await setUpDesk(windowA);
    signInForTest(windowB);
    const at = vnTime(2026, 11, 23, 9, 0);
    const saves = [];
    for (let i = 0; i < 20; i++) {
      saves.push(receiveDossier(windowA, receiveData(), at + i));
      saves.push(receiveDossier(windowB, receiveData(), at + i));
    }
    const dossiers = await Promise.all(saves);
    const codes = new Set(dossiers.map((d) => d.code));
    expect(codes.size).toBe(40);
    expect(await windowA.dossiers.count()).toBe(40);
    expect(await windowB.outbox.count()).toBe(40);
    windowB.close();
    await windowA.delete();
  });

  it('closes an older window when a newer schema opens, and tells it to reload', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const older = openDeskDb(name);
    const states: DbState[] = [];
    watchDbLifecycle(older, (s) => states.push(s));
    await older.open();
    const latest = SCHEMA_VERSIONS.at(-1)!;
    const newer = new Dexie(name);
    newer.version(latest.version + 1).stores({ ...latest.stores, extra: 'id' });
    await newer.open(); // would hang if the older window kept its connection
    expect(states).toContain('closed_by_upgrade');
    expect(older.isOpen()).toBe(false);
    newer.close();
    await Dexie.delete(name);
  });

  it('reports a blocked upgrade while an older connection refuses to close', async () => {
    const name = `blocked-${crypto.randomUUID()}`;
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 10); // version 1 in Dexie's numbering (×10)
      req.onupgradeneeded = () => req.result.createObjectStore('x');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const newer = openDeskDb(name);
    const states: DbState[] = [];
    watchDbLifecycle(newer, (s) => states.push(s));
    const opening = newer.open();
    await new Promise((r) => setTimeout(r, 300));
    expect(states).toEqual(['upgrade_blocked']);
    raw.close();
    await opening;
    expect(states).toEqual(['upgrade_blocked', 'open']);
    newer.close();
    await Dexie.delete(name);
  });
});
