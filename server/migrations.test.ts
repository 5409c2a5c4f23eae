// A released server migration never changes (test/fixtures/schema/released.json), like the desk's schema.
// Both dialects are guarded: `server` records the SQLite migrations, `serverPostgres` the PostgreSQL ones
// (the same versions, each dialect's own SQL). A store of either kind upgrades by the new versions only.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, PG_MIGRATIONS, type Migration } from './db';

const SNAPSHOT = new URL('../test/fixtures/schema/released.json', import.meta.url);

interface ReleasedMigration {
  version: number;
  name: string;
  sqlSha256: string;
}

const describeMigration = (m: Migration): ReleasedMigration => ({
  version: m.version,
  name: m.name,
  sqlSha256: createHash('sha256').update(m.sql).digest('hex'),
});

type Snapshot = { dexie: unknown[]; server: ReleasedMigration[]; serverPostgres?: ReleasedMigration[] };

describe('released server migrations never change', () => {
  for (const [key, list] of [['server', MIGRATIONS], ['serverPostgres', PG_MIGRATIONS]] as const) {
    it(`${key}: every entry matches the committed snapshot; new entries are recorded with npm run schema:snapshot`, () => {
      const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;
      const released = snapshot[key] ?? [];
      const current = list.map(describeMigration);
      // Increasing, each once; a number reserved for another branch may be missing until it is merged (5 before 6).
      expect(current.map((m) => m.version), 'migration versions increase, each once').toEqual([...new Set(current.map((m) => m.version))].sort((a, b) => a - b));
      for (const r of released) {
        const now = current.find((c) => c.version === r.version);
        expect(now, `released ${key} migration ${r.version} was removed: add a new migration instead`).toBeDefined();
        expect(now, `released ${key} migration ${r.version} changed: never edit a released migration, add a new one`).toEqual(r);
      }
      const unrecorded = current.filter((c) => !released.some((r) => r.version === c.version));
      if (process.env.UPDATE_SCHEMA_SNAPSHOT) {
        const fresh = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;
        writeFileSync(SNAPSHOT, JSON.stringify({ ...fresh, [key]: [...(fresh[key] ?? []), ...unrecorded] }, null, 2) + '\n');
      } else {
        expect(unrecorded.map((u) => u.version), 'a new migration is not in the snapshot: run npm run schema:snapshot when it ships').toEqual([]);
      }
    });
  }

  it('both dialects have the same versions and names', () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });
});
