// The scanned files' way to the province: tus (tus-js-client), one file at a time, after the dossier itself
// has been confirmed (every outbox entry of it 'sent'). Each file version has its row in `uploads` with the
// tus upload URL, so a closed app, a dropped connection or a server restart resumes from the offset the
// server reports (HEAD), never from zero. A refusal (hash mismatch, not allowed) is kept with its reason
// and not retried; a failure (network, server) is retried with backoff. It never blocks the dossier sync:
// the engine runs it beside its cycles, under its own lock.
import * as tus from 'tus-js-client';
import { FILES_PATH, UPLOAD_CHUNK_BYTES, errorResponseSchema, scanFileNameSchema, uploadMetadataSchema, type FileReceipt } from '@shared/sync/contract';
import { summariseIssues } from '@shared/validation/issues';
import { backoffDelay, DEFAULT_BACKOFF } from '@shared/sync/backoff';
import type { DeskDb, ScanFile, UploadRow, UploadState } from '../db/db';
import { SyncRequestError } from './client';

export const UPLOAD_MESSAGES = {
  offline: 'Mất kết nối khi gửi tệp lên tỉnh; quầy sẽ gửi tiếp từ chỗ đã dừng.',
  server: (status: number) => `Máy chủ của tỉnh gặp lỗi khi nhận tệp (mã ${status}); quầy sẽ gửi tiếp từ chỗ đã dừng.`,
  refused: (status: number) => `Tỉnh từ chối tệp (mã ${status}).`,
  incomplete: 'Tỉnh chưa nhận đủ tệp; quầy sẽ gửi tiếp phần còn thiếu.',
  auth: 'Quầy chưa đăng ký hoặc thông tin xác thực hết hạn; tệp sẽ được gửi sau khi đăng ký lại.',
  invalid: (detail: string) => `Tệp số hoá không hợp lệ nên không gửi được: ${detail}. Hãy số hoá lại thành phần này.`,
} as const;

/** The name the province receives: the desk's own if it is plain ASCII, else built from the dossier code and slot. */
export function uploadFileName(file: Pick<ScanFile, 'fileName' | 'slot'>, dossierCode: string): string {
  if (scanFileNameSchema.safeParse(file.fileName).success) return file.fileName;
  const name = `${dossierCode}_${file.slot.replace(/^component:/, '')}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 190);
  return `${name}.pdf`;
}

export const uploadRowId = (fileId: string, sha256: string) => `${fileId}:${sha256}`;

/** The dossier is at the province: it has changes and every one of them is confirmed. */
async function dossierConfirmed(db: DeskDb, dossierId: string): Promise<boolean> {
  const entries = await db.outbox.where('dossierId').equals(dossierId).toArray();
  return entries.length > 0 && entries.every((e) => e.state === 'sent');
}

/**
 * One row per scanned file's current version: a new version replaces the older row (pending, failed or
 * even done: the province keeps only the latest); a file removed from the desk takes its row with it.
 */
export function queueUploads(db: DeskDb, now: number): Promise<number> {
  return db.transaction('rw', [db.scanFiles, db.uploads], async () => {
    const files = await db.scanFiles.toArray();
    const rows = await db.uploads.toArray();
    const current = new Set(files.map((f) => uploadRowId(f.id, f.sha256)));
    const stale = rows.filter((r) => !current.has(r.id)).map((r) => r.id);
    if (stale.length) await db.uploads.bulkDelete(stale);
    const have = new Set(rows.map((r) => r.id));
    const fresh: UploadRow[] = files
      .filter((f) => !have.has(uploadRowId(f.id, f.sha256)))
      .map((f) => ({ id: uploadRowId(f.id, f.sha256), fileId: f.id, dossierId: f.dossierId, slot: f.slot, sha256: f.sha256, state: 'pending', bytesSent: 0, total: f.pdf.size, uploadUrl: null, error: null, attempts: 0, createdAt: now, updatedAt: now, receivedAt: null }));
    if (fresh.length) await db.uploads.bulkAdd(fresh);
    return fresh.length;
  });
}

/** Reads a Blob chunk by chunk: Blob slices in a browser (XHR sends them), bytes in Node (tests), where tus-js-client reads only Buffers. */
const blobReader = {
  openFile(input: Blob) {
    const browser = typeof XMLHttpRequest !== 'undefined';
    return Promise.resolve({
      size: input.size,
      slice: async (start: number, end: number) => {
        const part = input.slice(start, end);
        // tus-js-client reads the chunk's length from `size` (as a Blob has it).
        const value = browser ? part : Object.assign(new Uint8Array(await part.arrayBuffer()), { size: part.size });
        return { value, done: end >= input.size };
      },
      close: () => {},
    });
  },
};

export interface UploadTally {
  done: number;
  failed: number;
  refused: number;
}

export interface UploaderOptions {
  db: DeskDb;
  baseUrl: string;
  token: string;
  receipt: (uploadId: string) => Promise<FileReceipt>;
  now?: () => number;
  signal?: AbortSignal;
  chunkSize?: number;
  /** tus-js-client's own retries within one attempt (a dropped connection resumes after these delays). */
  retryDelays?: number[];
  /** How often progress is written to the row while a chunk is on its way. */
  progressEveryMs?: number;
}

type Outcome = { state: Extract<UploadState, 'done' | 'failed' | 'refused'>; error: string | null; receivedAt?: string | null };

/** Sends every file that may go now, oldest first, one at a time; returns what became of them. */
export async function sendUploads(options: UploaderOptions): Promise<UploadTally> {
  const { db } = options;
  const now = options.now ?? Date.now;
  await queueUploads(db, now());
  const tally: UploadTally = { done: 0, failed: 0, refused: 0 };
  const tried = new Set<string>();
  for (;;) {
    if (options.signal?.aborted) break;
    const rows = (await db.uploads.where('state').anyOf('pending', 'uploading', 'failed').toArray()).sort((a, b) => a.createdAt - b.createdAt);
    let next: UploadRow | null = null;
    for (const r of rows) {
      if (tried.has(r.id)) continue;
      if (r.state === 'failed' && r.updatedAt + backoffDelay(r.attempts, DEFAULT_BACKOFF, () => 0.5) > now()) continue;
      if (!(await dossierConfirmed(db, r.dossierId))) continue;
      next = r;
      break;
    }
    if (!next) break;
    tried.add(next.id);
    const outcome = await uploadOne(options, next);
    if (!outcome) continue;
    tally[outcome.state]++;
  }
  return tally;
}

async function uploadOne(options: UploaderOptions, row: UploadRow): Promise<Outcome | null> {
  const { db } = options;
  const now = options.now ?? Date.now;
  const file = await db.scanFiles.get(row.fileId);
  const dossier = await db.dossiers.get(row.dossierId);
  if (!file || file.sha256 !== row.sha256 || !dossier) {
    await queueUploads(db, now()); // replaced or removed meanwhile
    return null;
  }
  await db.uploads.update(row.id, { state: 'uploading', attempts: row.attempts + 1, updatedAt: now(), error: null, total: file.pdf.size });
  const metadata = { fileId: file.id, dossierId: file.dossierId, slot: file.slot, sha256: file.sha256, fileName: uploadFileName(file, dossier.code), size: String(file.pdf.size) };
  // The contract's own check before anything leaves: what the province would refuse is refused here, with the reason.
  const checked = uploadMetadataSchema.safeParse(metadata);
  if (!checked.success) {
    const outcome: Outcome = { state: 'refused', error: UPLOAD_MESSAGES.invalid(summariseIssues(checked.error.issues)) };
    await db.uploads.update(row.id, { state: 'refused', error: outcome.error, updatedAt: now() });
    return outcome;
  }
  let lastWrite = 0;
  const outcome = await new Promise<Outcome>((resolve) => {
    const upload = new tus.Upload(file.pdf, {
      endpoint: `${options.baseUrl.replace(/\/+$/, '')}${FILES_PATH}`,
      uploadUrl: row.uploadUrl ?? undefined,
      uploadSize: file.pdf.size,
      chunkSize: options.chunkSize ?? UPLOAD_CHUNK_BYTES,
      retryDelays: options.retryDelays ?? [0, 1000, 3000, 5000],
      metadata,
      headers: { authorization: `Bearer ${options.token}` },
      // The URL lives in the uploads row, not in localStorage.
      storeFingerprintForResuming: false,
      fileReader: blobReader as unknown as tus.UploadOptions['fileReader'],
      // No answer, a server error, a lock or a rate limit: retry (resuming); any other refusal is final.
      onShouldRetry: (error) => {
        const status = (error as tus.DetailedError).originalResponse?.getStatus() ?? 0;
        return !status || status >= 500 || status === 409 || status === 423 || status === 429;
      },
      onUploadUrlAvailable: () => {
        void db.uploads.update(row.id, { uploadUrl: upload.url, updatedAt: now() });
      },
      onProgress: (sent, total) => {
        if (now() - lastWrite < (options.progressEveryMs ?? 250)) return;
        lastWrite = now();
        void db.uploads.update(row.id, { bytesSent: sent, total, updatedAt: lastWrite });
      },
      onChunkComplete: (_size, accepted, total) => {
        void db.uploads.update(row.id, { bytesSent: accepted, total, updatedAt: now() });
      },
      onSuccess: () => {
        const id = (upload.url ?? '').split('/').pop() ?? '';
        options.receipt(id).then(
          (r) =>
            resolve(
              r.state === 'stored'
                ? { state: 'done', error: null, receivedAt: r.receivedAt }
                : r.state === 'refused'
                  ? { state: 'refused', error: r.reason ?? UPLOAD_MESSAGES.refused(422) }
                  : { state: 'failed', error: UPLOAD_MESSAGES.incomplete },
            ),
          (e: unknown) => resolve({ state: 'failed', error: e instanceof SyncRequestError ? e.message : UPLOAD_MESSAGES.offline }),
        );
      },
      onError: (error) => resolve(classify(error)),
    });
    options.signal?.addEventListener('abort', () => {
      void upload.abort();
      resolve({ state: 'failed', error: UPLOAD_MESSAGES.offline });
    }, { once: true });
    upload.start();
  });
  const still = await db.uploads.get(row.id);
  if (!still) return null; // replaced by a newer version while on its way
  await db.uploads.update(row.id, {
    state: outcome.state,
    error: outcome.error,
    updatedAt: now(),
    ...(outcome.state === 'done' ? { bytesSent: file.pdf.size, receivedAt: outcome.receivedAt ?? null } : {}),
    // A refused upload's bytes are gone at the province: a new version starts a new upload.
    ...(outcome.state === 'refused' ? { uploadUrl: null, bytesSent: 0 } : {}),
  });
  return outcome;
}

/** A refusal of the province (4xx but conflicts, locks, rate limits, authentication) is final; anything else is retried. */
function classify(error: Error): Outcome {
  const response = (error as tus.DetailedError).originalResponse;
  const status = response?.getStatus() ?? 0;
  if (!status) return { state: 'failed', error: UPLOAD_MESSAGES.offline };
  if (status === 401) return { state: 'failed', error: UPLOAD_MESSAGES.auth };
  if (status >= 400 && status < 500 && status !== 409 && status !== 423 && status !== 429) {
    let message = UPLOAD_MESSAGES.refused(status);
    try {
      const body = errorResponseSchema.safeParse(JSON.parse(response!.getBody()));
      if (body.success) message = body.data.error.message;
    } catch {
      // not the contract's error body (a proxy's page): the status says enough
    }
    return { state: 'refused', error: message };
  }
  return { state: 'failed', error: status >= 500 ? UPLOAD_MESSAGES.server(status) : UPLOAD_MESSAGES.offline };
}

// Queries for the screens -------------------------------------------------------------------------------

export interface UploadView extends UploadRow {
  code: string;
  fileName: string;
  /** 0..100 */
  percent: number;
}

const view = (r: UploadRow, code: string, fileName: string): UploadView => ({ ...r, code, fileName, percent: r.total ? Math.min(100, Math.floor((r.bytesSent / r.total) * 100)) : 0 });

/** Every file's upload for the outbox screen, the unfinished first. */
export async function uploadList(db: DeskDb, limit = 200): Promise<UploadView[]> {
  const rows = await db.uploads.toArray();
  const order: Record<UploadState, number> = { uploading: 0, failed: 1, refused: 2, pending: 3, done: 4 };
  rows.sort((a, b) => order[a.state] - order[b.state] || b.updatedAt - a.updatedAt);
  const page = rows.slice(0, limit);
  const dossiers = await db.dossiers.bulkGet([...new Set(page.map((r) => r.dossierId))]);
  const codes = new Map(dossiers.filter((d) => d != null).map((d) => [d.id, d.code]));
  const files = await db.scanFiles.bulkGet(page.map((r) => r.fileId));
  return page.map((r, i) => view(r, codes.get(r.dossierId) ?? '', files[i] ? uploadFileName(files[i], codes.get(r.dossierId) ?? '') : ''));
}

/** Per slot of one dossier ('component:<id>' or 'result'): its file's upload, for the dossier page. */
export async function dossierUploads(db: DeskDb, dossierId: string): Promise<Record<string, UploadView>> {
  const rows = await db.uploads.where('dossierId').equals(dossierId).toArray();
  const dossier = await db.dossiers.get(dossierId);
  const out: Record<string, UploadView> = {};
  for (const r of rows) out[r.slot] = view(r, dossier?.code ?? '', '');
  return out;
}

/** Files waiting for the officer's attention or for the network: counted in the header and the outbox screen. */
export function uploadCounts(db: DeskDb) {
  return Promise.all((['pending', 'uploading', 'failed', 'refused', 'done'] as const).map((s) => db.uploads.where('state').equals(s).count())).then(([pending, uploading, failed, refused, done]) => ({ pending, uploading, failed, refused, done }));
}

/** The officer sends a refused file again (e.g. after the province fixed its side): it starts over. */
export async function retryUpload(db: DeskDb, id: string, now: number): Promise<void> {
  await db.uploads.where('id').equals(id).and((r) => r.state === 'refused' || r.state === 'failed').modify({ state: 'pending', error: null, uploadUrl: null, bytesSent: 0, attempts: 0, updatedAt: now });
}
