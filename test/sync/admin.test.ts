// Issue 13: the province's data folder is its own (0700, files 0600); the admin command line runs only as
// the folder's owner, records every action with who did it, and shows citizens' details only when asked.
import { statSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pushResponseSchema } from '../../shared/sync/contract';
import type { Province } from '../../server/store';
import { adminActor } from '../../server/admin';
import { AGENCY, DAY_START, adminCli, cleanup, createAgency, openProvince, startServer, type ServerProcess } from './harness';
import { TEST_DB } from './testDb';
import { deskDay } from './wire';

let server: ServerProcess;
let p: Province;
let name: string;

beforeAll(async () => {
  server = await startServer();
  p = await openProvince(server);
  await createAgency(p, 3);
  const code = await p.issueEnrolmentCode(AGENCY, 1);
  const enrol = await (await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: crypto.randomUUID(), deviceName: 'Quầy' }) })).json();
  const items = deskDay({ agencyCode: AGENCY, deskNo: 1, desksInAgency: 3, start: DAY_START, dossiers: 2, transitions: 0 }).items;
  name = items[0].HoSo.ChuHoSo;
  const res = await fetch(`${server.url}/v1/changes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${enrol.token}` }, body: JSON.stringify({ items }) });
  expect(pushResponseSchema.parse(await res.json()).results.map((r) => r.result)).toEqual(['accepted', 'accepted']);
});
afterAll(async () => {
  await p.close();
  await server.stop();
  await cleanup(server);
});

describe('the province’s data and its admin (issue 13)', () => {
  it.skipIf(TEST_DB !== 'sqlite')('keeps the data folder 0700 and every file in it 0600', () => {
    expect(statSync(server.dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(server.dataDir);
    expect(files).toContain('province.sqlite');
    // Folders in it (uploads/, the scanned files) are 0700 and their files 0600 too.
    const check = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const st = statSync(join(dir, f));
        expect(st.mode & 0o777, f).toBe(st.isDirectory() ? 0o700 : 0o600);
        if (st.isDirectory()) check(join(dir, f));
      }
    };
    check(server.dataDir);
  });

  it('keeps personal data out of list-dossiers unless --reveal, and records every action with who did it', async () => {
    const masked = await adminCli(server, ['list-dossiers', '--json', '--as', 'Phạm Thị Dung']);
    expect(masked).not.toContain(name);
    expect(masked).toMatch(/0010•{4}\d{4}/);
    const revealed = await adminCli(server, ['list-dossiers', '--json', '--reveal', '--as', 'Phạm Thị Dung']);
    expect(revealed).toContain(name);
    await adminCli(server, ['set-status', '--agency', AGENCY, '--code', JSON.parse(masked)[0].record.MaHoSo, '--status', 'processing', '--note', 'Nguyễn Văn Bí Mật']).catch(() => {});
    const log = JSON.parse(await adminCli(server, ['admin-log', '--json'])) as { actor: string; command: string; detail: string; outcome: string }[];
    expect(log.map((l) => l.command)).toEqual(['set-status', 'list-dossiers', 'list-dossiers']);
    expect(log[1]).toMatchObject({ actor: expect.stringMatching(/^os:\S+ (db:\S+ )?as:Phạm Thị Dung$/), detail: expect.stringContaining('--reveal'), outcome: 'ok' });
    expect(log[2].detail).not.toContain('--reveal');
    // Option values that may be personal (a note) are not repeated in the trail.
    expect(log[0].detail).toContain('--note');
    expect(JSON.stringify(log)).not.toContain('Bí Mật');
  });

  it('refuses to run as an account that does not own the data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'owner-'));
    const owner = statSync(dir).uid;
    const spy = vi.spyOn(process, 'getuid').mockReturnValue(owner + 4242);
    try {
      expect(() => adminActor(dir, undefined, null)).toThrow(/không phải chủ thư mục dữ liệu/);
    } finally {
      spy.mockRestore();
    }
    expect(adminActor(dir, 'Lê Văn Cường', null)).toMatch(/as:Lê Văn Cường$/);
  });
});
