// Migration 6 (issue 14) on a store that already holds dossiers (SQLite, and PostgreSQL in node-pg): every
// dossier gets its place in the agency's feed, so a desk enrolled after the upgrade finds the dossiers the
// other desks received before it; an older desk's pull (version 1) is unchanged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrate, type DbTarget } from './db';
import { Province } from './store';
import { dropTarget, freshTarget } from '../test/sync/testDb';
import { deskDay } from '../test/sync/wire';

const AGENCY = '000.17.22.H56';
let dir: string;
let target: DbTarget;
let province: Province;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'feed-test-'));
  target = await freshTarget(dir);
  province = await Province.open(target);
  await province.createAgency({ agencyCode: AGENCY, parentAgencyName: 'UBND', agencyName: 'BP', communeName: 'Xã', districtName: '', provinceName: 'Tỉnh' }, 2);
});
afterEach(async () => {
  await province.close();
  await dropTarget(target);
  rmSync(dir, { recursive: true, force: true });
});

async function enrolled(deskNo: number) {
  const id = crypto.randomUUID();
  await province.enrol(await province.issueEnrolmentCode(AGENCY, deskNo), id, `Quầy ${deskNo}`);
  return { id, agencyCode: AGENCY, deskNo, tokenExpiresAt: Date.now() + 86_400_000 };
}

describe('migration 6: the agency feed over dossiers received before it', () => {
  it('gives every existing dossier a place in the feed; a desk enrolled later pulls them (version 2), an older desk sees what it saw', async () => {
    const desk1 = await enrolled(1);
    const plan = deskDay({ agencyCode: AGENCY, deskNo: 1, desksInAgency: 2, start: Date.now() - 3 * 86_400_000, dossiers: 4, transitions: 0, seed: 3 });
    await province.applyBatch(desk1, plan.items);
    await province.setStatus({ agencyCode: AGENCY, code: plan.items[0].HoSo.MaHoSo }, 'processing', { note: 'Đã nhận hồ sơ giấy' });
    // Back to the store as version 5 left it: no feed rows, no feed columns, migration 6 not applied.
    const k = province.db.k;
    await sql`DELETE FROM province_changes WHERE peer = 1`.execute(k);
    await sql`DROP INDEX dossiers_agency_feed`.execute(k);
    for (const col of ['agency_seq', 'status_by', 'status_by_desk', 'device_revs']) await sql.raw(`ALTER TABLE dossiers DROP COLUMN ${col}`).execute(k);
    await sql`ALTER TABLE province_changes DROP COLUMN peer`.execute(k);
    await sql`ALTER TABLE province_changes DROP COLUMN echo_of`.execute(k);
    await sql`DELETE FROM schema_migrations WHERE version = 6`.execute(k);

    expect(await migrate(province.db)).toBe(1);
    const desk2 = await enrolled(2);
    const feed = await province.provinceChanges(desk2.id, 0, 100, AGENCY, { version: 2 });
    expect(feed.changes.map((c) => c.kind)).toEqual(['peer', 'peer', 'peer', 'peer']);
    expect(new Set(feed.changes.map((c) => c.dossierId))).toEqual(new Set(plan.items.map((i) => i.dossierId)));
    const decided = feed.changes.find((c) => c.dossierId === plan.items[0].dossierId)!;
    expect(decided).toMatchObject({ TrangThai: 4, NoiDungXuLy: 'Đã nhận hồ sơ giấy', peer: { owner: 'desk', ownerDeskNo: 1, byDesk: null } });
    expect(feed.changes.filter((c) => c !== decided).every((c) => c.peer!.owner === 'desk' && c.HoSo!.TrangThaiHoSo === 2)).toBe(true);
    // Desk 1 as an older desk: only the province's decision on its own dossier, as before the upgrade.
    const old = await province.provinceChanges(desk1.id, 0, 100, AGENCY);
    expect(old.changes.map((c) => [c.kind, c.dossierId])).toEqual([['status', plan.items[0].dossierId]]);
    expect(Object.keys(old.changes[0])).not.toContain('peer');
  });
});
