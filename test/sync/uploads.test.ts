// Issue 11: scanned files reach the province with tus, through the real server process (SQLite here, and
// PostgreSQL in the node-pg project): a plain upload, a connection dropped in the middle of a body, a server
// killed and restarted in the middle, a hash mismatch refused, uploads for someone else's dossier refused,
// a new version replacing the old. Every stored file is compared byte for byte (SHA-256 of the file on disk).
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreResponseSchema, UPLOAD_CHUNK_BYTES } from '../../shared/sync/contract';
import type { Province } from '../../server/store';
import type { ScanFile } from '../../renderer/src/db/db';
import { loadCredential } from '../../renderer/src/sync/credentials';
import { openDeskDb } from '../../renderer/src/db/db';
import { createSyncEngine } from '../../renderer/src/sync/engine';
import { inProcessLocks } from '../../renderer/src/sync/locks';
import { AGENCY, DAY_START, adminCli, cleanup, createAgency, makeDesk, openProvince, receiveMany, startServer, syncUntilClean, type ServerProcess, type TestDesk } from './harness';
import { FaultProxy } from './faultProxy';

let server: ServerProcess;
let p: Province;
const desks: TestDesk[] = [];
const proxies: FaultProxy[] = [];

beforeEach(async () => {
  server = await startServer({ args: ['--rate-burst', '1000', '--rate-per-second', '1000'] });
  p = await openProvince(server);
  await createAgency(p, 3);
});
afterEach(async () => {
  for (const d of desks.splice(0)) await d.close();
  for (const x of proxies.splice(0)) await x.close();
  await p.close();
  await server.stop();
  await cleanup(server);
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function deskWithDossier(url = server.url, deskNo = 1) {
  const desk = await makeDesk(deskNo, 3, { uploadRetryDelays: [0, 300, 1000, 2000, 3000] });
  desks.push(desk);
  await desk.engine.enrol(url, await p.issueEnrolmentCode(AGENCY, deskNo), `Quầy ${deskNo}`);
  const [dossier] = await receiveMany(desk.db, 1, DAY_START);
  return { desk, dossier };
}

/** A scanned component as the digitise screen stores it (its bytes are random: a hash of them is the proof). */
async function scan(desk: TestDesk, dossierId: string, slot: string, bytes: Uint8Array, id: string = crypto.randomUUID(), claimedSha?: string): Promise<ScanFile> {
  const file: ScanFile = { id, dossierId, slot, fileName: `HS_${slot.replace(':', '-')}.pdf`, pdf: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), bytes: bytes.length, sha256: claimedSha ?? sha(bytes), pageCount: 1, digitisedBy: 'acc', digitisedByName: 'Cán bộ', digitisedAt: DAY_START };
  await desk.db.scanFiles.put(file);
  return file;
}

async function storedFile(dossierId: string, slot: string) {
  const row = await p.db.k.selectFrom('dossier_files').selectAll().where('dossier_id', '=', dossierId).where('slot', '=', slot).executeTakeFirst();
  if (!row) return null;
  const path = join(server.dataDir, 'uploads', row.upload_id);
  return { row, path, sha256: existsSync(path) ? sha(readFileSync(path)) : null };
}

async function uploadUntilSettled(desk: TestDesk, tries = 15) {
  for (let i = 0; i < tries; i++) {
    await desk.engine.uploadFiles();
    const left = await desk.db.uploads.where('state').anyOf('pending', 'uploading', 'failed').count();
    if (!left) return;
    await new Promise((r) => setTimeout(r, 1200));
  }
  throw new Error('uploads did not settle');
}

async function token(desk: TestDesk) {
  return (await loadCredential(desk.secrets))!.token;
}

const component = (dossier: { components: { componentId: string }[] }) => `component:${dossier.components[0].componentId}`;

describe('scanned files to the province (tus)', () => {
  it('waits for the dossier, then uploads; the province holds the identical file and reports it in TaiLieuNop; a new version replaces the old', async () => {
    const { desk, dossier } = await deskWithDossier();
    const bytes = randomBytes(3 * 1024 * 1024 + 12345);
    const file = await scan(desk, dossier.id, component(dossier), bytes);
    // The dossier has not reached the province yet: the file waits.
    expect(await desk.engine.uploadFiles()).toEqual({ done: 0, failed: 0, refused: 0 });
    expect((await desk.db.uploads.toArray()).map((u) => u.state)).toEqual(['pending']);

    await syncUntilClean(desk);
    expect(await desk.engine.uploadFiles()).toEqual({ done: 1, failed: 0, refused: 0 });
    const row = (await desk.db.uploads.toArray())[0];
    expect(row).toMatchObject({ state: 'done', bytesSent: bytes.length, total: bytes.length, error: null, attempts: 1 });
    expect(row.receivedAt).toMatch(/^\d{14}$/);
    const stored = await storedFile(dossier.id, file.slot);
    expect(stored?.sha256).toBe(sha(bytes));
    expect(statSync(stored!.path).size).toBe(bytes.length);
    // The province's files are its own, as its database is (0600 in a 0700 folder).
    expect(statSync(stored!.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(server.dataDir, 'uploads')).mode & 0o777).toBe(0o700);

    // The province returns the dossier with the file on its component.
    const res = await fetch(`${server.url}/v1/restore`, { headers: { authorization: `Bearer ${await token(desk)}` } });
    const restored = restoreResponseSchema.parse(await res.json());
    const entry = restored.items[0].HoSo.TaiLieuNop.find((t) => `component:${t.MaThanhPhanHoSo}` === file.slot);
    expect(entry?.file).toEqual({ name: file.fileName, bytes: bytes.length, sha256: sha(bytes), receivedAt: row.receivedAt });

    // The processing department finds it with the admin command line.
    const listed = JSON.parse(await adminCli(server, ['list-files', '--agency', AGENCY, '--code', dossier.code, '--json'])) as { slot: string; sha256: string; bytes: number; path: string }[];
    expect(listed).toEqual([{ slot: file.slot, name: file.fileName, bytes: bytes.length, sha256: sha(bytes), receivedAt: row.receivedAt, path: stored!.path }]);

    // Re-edited: the new version replaces the row and the province's file; the old bytes go.
    const again = randomBytes(200_000);
    await scan(desk, dossier.id, file.slot, again, file.id);
    await uploadUntilSettled(desk);
    const rows = await desk.db.uploads.toArray();
    expect(rows.map((u) => [u.sha256, u.state])).toEqual([[sha(again), 'done']]);
    const now = await storedFile(dossier.id, file.slot);
    expect(now?.sha256).toBe(sha(again));
    expect(existsSync(stored!.path)).toBe(false);
    expect(await p.db.k.selectFrom('dossier_files').select('slot').execute()).toHaveLength(1);
  });

  it('a connection dropped in the middle of a body resumes from the server’s offset: no byte is sent twice beyond one chunk', async () => {
    const proxy = await new FaultProxy(server.url).start();
    proxies.push(proxy);
    proxy.streamPaths.push('/v1/files');
    const { desk, dossier } = await deskWithDossier(proxy.url);
    await syncUntilClean(desk);
    const bytes = randomBytes(5 * 1024 * 1024 + 777);
    const file = await scan(desk, dossier.id, component(dossier), bytes);
    const half = Math.floor(bytes.length / 2) + 4321; // inside a chunk, not at its edge
    proxy.dropWhenStreamed(half);
    await uploadUntilSettled(desk);
    expect(proxy.dropPending).toBe(false);
    expect(proxy.log.some((l) => l.fault === 'drop_mid_body')).toBe(true);
    expect((await desk.db.uploads.toArray())[0]).toMatchObject({ state: 'done', bytesSent: bytes.length });
    expect((await storedFile(dossier.id, file.slot))?.sha256).toBe(sha(bytes));
    // Resumed, not restarted: the bytes through the proxy are the file plus less than one chunk again.
    expect(proxy.streamedBytes).toBeGreaterThanOrEqual(bytes.length);
    expect(proxy.streamedBytes).toBeLessThanOrEqual(bytes.length + UPLOAD_CHUNK_BYTES);
  });

  it('a server killed (SIGKILL) in the middle of an upload and started again: the partial file is kept and the upload resumes', async () => {
    const proxy = await new FaultProxy(server.url).start();
    proxies.push(proxy);
    proxy.streamPaths.push('/v1/files');
    proxy.streamRate = 3 * 1024 * 1024; // slow enough to be killed in the middle
    const { desk, dossier } = await deskWithDossier(proxy.url);
    await syncUntilClean(desk);
    const bytes = randomBytes(6 * 1024 * 1024);
    const file = await scan(desk, dossier.id, component(dossier), bytes);
    const running = desk.engine.uploadFiles();
    const dir = join(server.dataDir, 'uploads');
    const partial = () => readdirSync(dir).filter((f) => !f.endsWith('.json')).map((f) => statSync(join(dir, f)).size)[0] ?? 0;
    for (let i = 0; i < 200 && partial() < 2.5 * 1024 * 1024; i++) await new Promise((r) => setTimeout(r, 25));
    const atKill = partial();
    expect(atKill).toBeGreaterThan(2 * 1024 * 1024);
    expect(atKill).toBeLessThan(bytes.length);
    await server.kill();
    const sentBeforeKill = proxy.streamedBytes;
    server = await server.restart(['--rate-burst', '1000', '--rate-per-second', '1000']);
    await running;
    await uploadUntilSettled(desk);
    expect((await desk.db.uploads.toArray())[0].state).toBe('done');
    expect((await storedFile(dossier.id, file.slot))?.sha256).toBe(sha(bytes));
    // What reached the file before the kill was not sent again.
    expect(proxy.streamedBytes - sentBeforeKill).toBeLessThanOrEqual(bytes.length - atKill + UPLOAD_CHUNK_BYTES);
  });

  it('a desk closed in the middle of an upload resumes it when it opens again, from the server’s offset', async () => {
    const proxy = await new FaultProxy(server.url).start();
    proxies.push(proxy);
    proxy.streamPaths.push('/v1/files');
    proxy.streamRate = 3 * 1024 * 1024;
    const { desk, dossier } = await deskWithDossier(proxy.url);
    await syncUntilClean(desk);
    const bytes = randomBytes(6 * 1024 * 1024);
    const file = await scan(desk, dossier.id, component(dossier), bytes);
    const closing = new AbortController();
    const running = desk.engine.uploadFiles(closing.signal);
    await expect.poll(async () => (await desk.db.uploads.toArray())[0]?.bytesSent ?? 0, { timeout: 10_000, interval: 50 }).toBeGreaterThan(2 * 1024 * 1024);
    closing.abort(); // the window closes
    await running;
    const left = (await desk.db.uploads.toArray())[0];
    expect(left.uploadUrl).toMatch(/\/v1\/files\/[0-9a-f]{32}$/);
    expect(left.state).not.toBe('done');
    desk.db.close();
    // The app opens again: a new database connection and a new engine over what the desk kept.
    const db = openDeskDb(desk.db.name);
    const engine = createSyncEngine({ db, secrets: desk.secrets, locks: inProcessLocks(), timeoutMs: 5_000, idleMs: 60_000 });
    const before = proxy.streamedBytes;
    const reopened = { ...desk, db, engine };
    await uploadUntilSettled(reopened);
    expect((await db.uploads.toArray())[0]).toMatchObject({ state: 'done', uploadUrl: left.uploadUrl });
    expect((await storedFile(dossier.id, file.slot))?.sha256).toBe(sha(bytes));
    expect(proxy.streamedBytes).toBeLessThanOrEqual(bytes.length + UPLOAD_CHUNK_BYTES);
    expect(proxy.streamedBytes - before).toBeLessThan(bytes.length - 2 * 1024 * 1024 + UPLOAD_CHUNK_BYTES);
    db.close();
    desk.db = openDeskDb(desk.db.name); // for the cleanup
  });

  it('a long upload does not hold back the dossiers: a cycle pushes while a file is on its way', async () => {
    const proxy = await new FaultProxy(server.url).start();
    proxies.push(proxy);
    proxy.streamPaths.push('/v1/files');
    proxy.streamRate = 2 * 1024 * 1024;
    const { desk, dossier } = await deskWithDossier(proxy.url);
    await syncUntilClean(desk);
    await scan(desk, dossier.id, component(dossier), randomBytes(4 * 1024 * 1024));
    const uploading = desk.engine.uploadFiles();
    await expect.poll(async () => (await desk.db.uploads.toArray())[0]?.state, { timeout: 10_000, interval: 50 }).toBe('uploading');
    await receiveMany(desk.db, 1, DAY_START + 3_600_000);
    const cycle = await desk.engine.runCycle({ wait: true });
    expect(cycle).toMatchObject({ ok: true, pushed: 1 });
    expect((await desk.db.uploads.toArray())[0].state).toBe('uploading');
    expect(await uploading).toEqual({ done: 1, failed: 0, refused: 0 });
  });

  it('a file whose bytes do not match its SHA-256 is refused with the reason, deleted at the province, and not retried', async () => {
    const { desk, dossier } = await deskWithDossier();
    await syncUntilClean(desk);
    const bytes = randomBytes(1_500_000);
    const file = await scan(desk, dossier.id, component(dossier), bytes, undefined, sha(Buffer.from('khác')));
    expect(await desk.engine.uploadFiles()).toEqual({ done: 0, failed: 0, refused: 1 });
    const row = (await desk.db.uploads.toArray())[0];
    expect(row.state).toBe('refused');
    expect(row.error).toMatch(/SHA-256/);
    expect(row.error).toMatch(/số hoá lại/);
    expect(await storedFile(dossier.id, file.slot)).toBeNull();
    expect(readdirSync(join(server.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'))).toEqual([]);
    expect(await desk.engine.uploadFiles()).toEqual({ done: 0, failed: 0, refused: 0 });
    expect((await desk.db.uploads.toArray())[0].attempts).toBe(1);
  });

  it('refuses uploads for a dossier the province does not hold, of another desk, or of another agency; and another device’s upload', async () => {
    const OTHER = '000.17.22.H99';
    await p.createAgency({ agencyCode: OTHER, parentAgencyName: 'UBND XÃ BÌNH MINH', agencyName: 'BỘ PHẬN MỘT CỬA', communeName: 'Xã Bình Minh', districtName: '', provinceName: 'Tỉnh Hưng Yên' }, 2);
    const { desk, dossier } = await deskWithDossier();
    await syncUntilClean(desk);
    const desk2 = await makeDesk(2, 3);
    desks.push(desk2);
    await desk2.engine.enrol(server.url, await p.issueEnrolmentCode(AGENCY, 2), 'Quầy 2');
    const foreign = await makeDesk(1, 2);
    desks.push(foreign);
    await foreign.engine.enrol(server.url, await p.issueEnrolmentCode(OTHER, 1), 'Quầy khác');

    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const create = async (who: TestDesk, dossierId: string, extra: Record<string, string> = {}) => {
      const meta = { fileId: crypto.randomUUID(), dossierId, slot: component(dossier), sha256: 'a'.repeat(64), fileName: 'x.pdf', size: '10', ...extra };
      const res = await fetch(`${server.url}/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token(who)}`, 'tus-resumable': '1.0.0', 'upload-length': meta.size, 'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${b64(v)}`).join(',') },
      });
      return { status: res.status, location: res.headers.get('location'), body: res.status >= 400 ? ((await res.json()) as { error: { code: string; message: string } }) : null };
    };
    const foreignRes = await create(foreign, dossier.id);
    expect(foreignRes).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/thuộc đơn vị khác/) } } });
    expect(await create(desk2, dossier.id)).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/quầy khác tiếp nhận/) } } });
    expect(await create(desk, crypto.randomUUID())).toMatchObject({ status: 404, body: { error: { message: expect.stringMatching(/chưa có hồ sơ/) } } });
    expect(await create(desk, dossier.id, { slot: 'component:khong-co' })).toMatchObject({ status: 422, body: { error: { message: expect.stringMatching(/không có thành phần/) } } });
    expect(await create(desk, dossier.id, { fileName: 'Nguyễn Văn A.pdf' })).toMatchObject({ status: 400 });
    expect(await create(desk, dossier.id, { size: String(300 * 1024 * 1024) })).toMatchObject({ status: 400 });
    const mine = await create(desk, dossier.id);
    expect(mine.status).toBe(201);
    expect(mine.location).toMatch(/^\/v1\/files\/[0-9a-f]{32}$/);
    // Another device cannot look at or write to this upload.
    const head = await fetch(`${server.url}${mine.location}`, { method: 'HEAD', headers: { authorization: `Bearer ${await token(foreign)}`, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
    const patch = await fetch(`${server.url}${mine.location}`, { method: 'PATCH', headers: { authorization: `Bearer ${await token(desk2)}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(10) });
    expect(patch.status).toBe(404);
    const anonymous = await fetch(`${server.url}${mine.location}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    expect(anonymous.status).toBe(401);
    const own = await fetch(`${server.url}${mine.location}`, { method: 'HEAD', headers: { authorization: `Bearer ${await token(desk)}`, 'tus-resumable': '1.0.0' } });
    expect(own.status).toBe(200);
    expect(own.headers.get('upload-offset')).toBe('0');
    // The attempts on someone else's dossier are in the security trail, without personal data.
    const events = await p.listSecurityEvents({ kind: 'isolation_refused' });
    expect(events.map((e) => [e.deviceId, e.reason])).toEqual([
      [(await loadCredential(desk2.secrets))!.deviceId, expect.stringMatching(/^tệp: .*quầy khác tiếp nhận/)],
      [(await loadCredential(foreign.secrets))!.deviceId, expect.stringMatching(/^tệp: .*thuộc đơn vị khác/)],
    ]);
  });
});
