// upload_50mb_with_drop_s (issue 11): a 50 MB scanned file from a desk (the real engine and uploader over
// fake-indexeddb) to the real server process on loopback, through the fault proxy, which drops the
// connection once in the middle of a body at half the file. The upload resumes from the server's offset:
// upload_50mb_resent_kb is what went through the proxy beyond the file's 50 MB (≤ one chunk, 1024 KB),
// and the stored file's SHA-256 must equal the desk's.
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { UPLOAD_CHUNK_BYTES } from '../../shared/sync/contract';
import { FaultProxy } from '../sync/faultProxy';
import { AGENCY, DAY_START, cleanup, createAgency, makeDesk, openProvince, receiveMany, startServer, syncUntilClean } from '../sync/harness';

// Dexie took its IndexedDB when run.ts first imported it (before fake-indexeddb was installed).
Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

type Result = { name: string; value: number; unit: string };
const SIZE = 50 * 1024 * 1024;

export async function runUploadBenchmark(): Promise<Result[]> {
  // The server as it ships (its default per-device rate limit included).
  const server = await startServer({ args: ['--quiet'] });
  const p = await openProvince(server);
  const proxy = await new FaultProxy(server.url).start();
  proxy.streamPaths.push('/v1/files');
  const desk = await makeDesk(1, 3, { uploadRetryDelays: [0, 500, 1000, 2000, 4000] });
  try {
    await createAgency(p, 3);
    await desk.engine.enrol(proxy.url, await p.issueEnrolmentCode(AGENCY, 1), 'Quầy 1');
    const [dossier] = await receiveMany(desk.db, 1, DAY_START);
    await syncUntilClean(desk);
    const bytes = randomBytes(SIZE);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const slot = `component:${dossier.components[0].componentId}`;
    await desk.db.scanFiles.put({ id: crypto.randomUUID(), dossierId: dossier.id, slot, fileName: 'bench.pdf', pdf: new Blob([bytes as Uint8Array<ArrayBuffer>]), bytes: SIZE, sha256, pageCount: 1, digitisedBy: 'x', digitisedByName: 'X', digitisedAt: DAY_START });
    proxy.dropWhenStreamed(SIZE / 2 + 12_345);
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      await desk.engine.uploadFiles();
      if ((await desk.db.uploads.toArray())[0]?.state === 'done') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const row = (await desk.db.uploads.toArray())[0];
    if (row?.state !== 'done') throw new Error(`upload bench: the upload ended ${row?.state}: ${row?.error}`);
    if (proxy.dropPending || !proxy.log.some((l) => l.fault === 'drop_mid_body')) throw new Error('upload bench: the connection was never dropped');
    const rec = await p.db.k.selectFrom('dossier_files').selectAll().where('dossier_id', '=', dossier.id).executeTakeFirstOrThrow();
    const stored = createHash('sha256').update(readFileSync(join(server.dataDir, 'uploads', rec.upload_id))).digest('hex');
    if (stored !== sha256) throw new Error('upload bench: the stored file differs from the desk’s');
    const resent = proxy.streamedBytes - SIZE;
    if (resent < 0 || resent > UPLOAD_CHUNK_BYTES) throw new Error(`upload bench: ${resent} bytes were sent beyond the file (more than one chunk: not resumed)`);
    console.log(`upload: ${SIZE} bytes in ${seconds.toFixed(2)} s with one drop at half; ${proxy.streamedBytes} bytes through the proxy (${resent} resent); stored SHA-256 equal`);
    return [
      { name: 'upload_50mb_with_drop_s', value: Math.round(seconds * 100) / 100, unit: 's' },
      { name: 'upload_50mb_resent_kb', value: Math.round(resent / 1024), unit: 'KB' },
    ];
  } finally {
    await desk.close();
    await proxy.close();
    await p.close();
    await server.stop();
    await cleanup(server);
  }
}
