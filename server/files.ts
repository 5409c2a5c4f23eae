// Scanned files from the desks, uploaded with the tus protocol (@tus/server over a @tus/file-store in the
// data directory's uploads/ folder, so a restart keeps every partial upload and its offset). The province
// checks who is asking (a dossier it already holds, of the device's own desk and agency), checks the
// SHA-256 of the stored bytes against the one announced (a mismatch is refused and its bytes deleted),
// and keeps the latest version per dossier and slot (dossier_files), shown in the dossier's TaiLieuNop.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { Server as TusServer } from '@tus/server';
import { FileStore } from '@tus/file-store';
import {
  FILES_PATH,
  MAX_SCAN_FILE_BYTES,
  uploadMetadataSchema,
  type FileReceipt,
  type FileReference,
  type HoSo,
  type UploadMetadata,
} from '../shared/sync/contract';
import { toVnStamp } from '../shared/sync/time';
import { summariseIssues } from '../shared/validation/issues';
import type { Device, Province } from './store';

export class FileRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 422,
    message: string,
  ) {
    super(message);
  }
}

export const FILE_MESSAGES = {
  badMetadata: (detail: string) => `Thông tin kèm tệp không hợp lệ: ${detail}`,
  lengthMismatch: 'Kích thước tệp khai báo (Upload-Length) khác kích thước trong thông tin kèm tệp.',
  noDossier: 'Tỉnh chưa có hồ sơ này: tệp chỉ được gửi sau khi hồ sơ đã lên tỉnh.',
  otherAgency: 'Hồ sơ này thuộc đơn vị khác: quầy không được gửi tệp cho nó.',
  otherDesk: 'Hồ sơ này do quầy khác tiếp nhận: chỉ quầy đã tiếp nhận mới được gửi tệp cho hồ sơ.',
  noComponent: (id: string) => `Hồ sơ không có thành phần "${id}" nên tỉnh không nhận tệp cho nó.`,
  notYours: 'Không có lượt tải lên này, hoặc nó không phải của quầy.',
  shaMismatch: (want: string, got: string) =>
    `Tỉnh từ chối tệp: mã SHA-256 của dữ liệu nhận được (${got.slice(0, 12)}…) khác mã quầy đã khai (${want.slice(0, 12)}…); tệp có thể đã hỏng trên đường truyền hoặc trên máy. Dữ liệu nhận được đã bị xoá; hãy số hoá lại thành phần này.`,
  sizeMismatch: (want: number, got: number) => `Tỉnh từ chối tệp: nhận được ${got} byte, khác ${want} byte đã khai.`,
  replaced: 'Đã có phiên bản mới hơn của tệp này.',
} as const;

/** Upload-Metadata: comma-separated `key base64value` pairs (tus 1.0.0). */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (!key) continue;
    out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface FileService {
  tus: TusServer;
  directory: string;
  /** Checks a creation before tus sees it; throws FileRefusal. Remembers the metadata for the request. */
  checkCreate(req: IncomingMessage, device: Device): Promise<void>;
  /** Checks that an upload exists and is the device's own; throws FileRefusal. */
  checkOwner(uploadId: string, device: Device): Promise<void>;
  receipt(uploadId: string, device: Device, now: number): Promise<Omit<FileReceipt, 'serverTime'>>;
}

interface Pending {
  device: Device;
  meta: UploadMetadata;
}

export function createFileService(province: Province, dataDir: string, log: (line: Record<string, unknown>) => void, isAllowedOrigin: (origin: string) => boolean): FileService {
  const directory = join(dataDir, 'uploads');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const k = province.db.k;
  const store = new FileStore({ directory });
  const pending = new WeakMap<IncomingMessage, Pending>();

  async function dossierFor(meta: UploadMetadata, device: Device) {
    const row = await k.selectFrom('dossiers').select(['id', 'agency_code', 'device_id', 'record']).where('id', '=', meta.dossierId).executeTakeFirst();
    if (!row) throw new FileRefusal(404, FILE_MESSAGES.noDossier);
    if (row.agency_code !== device.agencyCode) throw new FileRefusal(403, FILE_MESSAGES.otherAgency);
    if (row.device_id !== device.id) {
      // Another device enrolled as the same desk of the agency (a desk restored on a new machine) is the same desk.
      const owner = await k.selectFrom('devices').select(['agency_code', 'desk_no']).where('id', '=', row.device_id).executeTakeFirst();
      if (!owner || owner.agency_code !== device.agencyCode || owner.desk_no !== device.deskNo) throw new FileRefusal(403, FILE_MESSAGES.otherDesk);
    }
    if (meta.slot.startsWith('component:')) {
      const id = meta.slot.slice('component:'.length);
      const record = JSON.parse(row.record) as HoSo;
      if (!record.TaiLieuNop.some((t) => t.MaThanhPhanHoSo === id)) throw new FileRefusal(422, FILE_MESSAGES.noComponent(id));
    }
  }

  /** After the last byte: the stored bytes' SHA-256 against the announced one; stored or refused (bytes deleted). */
  async function finish(uploadId: string, now: number): Promise<void> {
    const row = await k.selectFrom('file_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
    if (!row || row.state !== 'receiving') return;
    const path = join(directory, uploadId);
    const size = existsSync(path) ? statSync(path).size : 0;
    const got = size === row.bytes ? await sha256File(path) : null;
    if (got !== row.sha256) {
      const reason = got == null ? FILE_MESSAGES.sizeMismatch(row.bytes, size) : FILE_MESSAGES.shaMismatch(row.sha256, got);
      await store.remove(uploadId).catch(() => {});
      await k.updateTable('file_uploads').set({ state: 'refused', reason, finished_at: now }).where('upload_id', '=', uploadId).where('state', '=', 'receiving').execute();
      log({ at: new Date(now).toISOString(), event: 'file_refused', agency: row.agency_code, upload: uploadId, why: got == null ? 'size' : 'sha256' });
      throw new FileRefusal(422, reason);
    }
    const replaced = await province.db.write(async (tx) => {
      const current = await tx.selectFrom('file_uploads').select('state').where('upload_id', '=', uploadId).executeTakeFirst();
      if (current?.state !== 'receiving') return [];
      const older = await tx.selectFrom('dossier_files').select('upload_id').where('dossier_id', '=', row.dossier_id).where('slot', '=', row.slot).executeTakeFirst();
      const values = { upload_id: uploadId, file_name: row.file_name, bytes: row.bytes, sha256: row.sha256, received_at: now };
      await tx
        .insertInto('dossier_files')
        .values({ dossier_id: row.dossier_id, slot: row.slot, ...values })
        .onConflict((oc) => oc.columns(['dossier_id', 'slot']).doUpdateSet(values))
        .execute();
      await tx.updateTable('file_uploads').set({ state: 'stored', finished_at: now }).where('upload_id', '=', uploadId).execute();
      // The province keeps the latest version per dossier and slot: the older one's bytes go.
      if (older && older.upload_id !== uploadId) {
        await tx.updateTable('file_uploads').set({ state: 'replaced', reason: FILE_MESSAGES.replaced }).where('upload_id', '=', older.upload_id).execute();
        return [older.upload_id];
      }
      return [];
    }, [`files:${row.dossier_id}`]);
    await province.markWritten();
    for (const id of replaced) await store.remove(id).catch(() => {});
    log({ at: new Date(now).toISOString(), event: 'file_stored', agency: row.agency_code, upload: uploadId, bytes: row.bytes });
  }

  const tus = new TusServer({
    path: FILES_PATH,
    datastore: store,
    // Relative, so that the desk resumes through whatever it reached the server by (a proxy, a relay).
    relativeLocation: true,
    maxSize: MAX_SCAN_FILE_BYTES,
    allowedOrigins: (origin) => isAllowedOrigin(origin),
    exposedHeaders: ['x-server-time'],
    namingFunction: () => randomBytes(16).toString('hex'),
    onUploadCreate: async (req, upload) => {
      const p = pending.get((req as unknown as { node?: { req: IncomingMessage } }).node!.req);
      if (!p) throw { status_code: 403, body: FILE_MESSAGES.notYours };
      const now = Date.now();
      await province.db.write(async (tx) => {
        // A new version replaces an older one still on its way: its partial bytes go.
        const stale = await tx.selectFrom('file_uploads').select('upload_id').where('dossier_id', '=', p.meta.dossierId).where('slot', '=', p.meta.slot).where('state', '=', 'receiving').execute();
        for (const s of stale) {
          await tx.updateTable('file_uploads').set({ state: 'replaced', reason: FILE_MESSAGES.replaced, finished_at: now }).where('upload_id', '=', s.upload_id).execute();
          await store.remove(s.upload_id).catch(() => {});
        }
        await tx
          .insertInto('file_uploads')
          .values({ upload_id: upload.id, device_id: p.device.id, agency_code: p.device.agencyCode, dossier_id: p.meta.dossierId, slot: p.meta.slot, file_id: p.meta.fileId, file_name: p.meta.fileName, bytes: p.meta.size, sha256: p.meta.sha256, state: 'receiving', reason: null, created_at: now, finished_at: null })
          .execute();
      }, [`files:${p.meta.dossierId}`]);
      await province.markWritten();
      return {};
    },
    onUploadFinish: async (_req, upload) => {
      try {
        await finish(upload.id, Date.now());
      } catch (e) {
        if (e instanceof FileRefusal) throw { status_code: e.status, body: JSON.stringify({ error: { code: 'file_rejected', message: e.message }, serverTime: Date.now() }) };
        throw e;
      }
      return {};
    },
  });

  return {
    tus,
    directory,
    async checkCreate(req, device) {
      const raw = parseUploadMetadata(req.headers['upload-metadata'] as string | undefined);
      const parsed = uploadMetadataSchema.safeParse(raw);
      if (!parsed.success) throw new FileRefusal(400, FILE_MESSAGES.badMetadata(summariseIssues(parsed.error.issues)));
      const length = Number(req.headers['upload-length']);
      if (length !== parsed.data.size) throw new FileRefusal(400, FILE_MESSAGES.lengthMismatch);
      await dossierFor(parsed.data, device);
      pending.set(req, { device, meta: parsed.data });
    },
    async checkOwner(uploadId, device) {
      const row = await k.selectFrom('file_uploads').select(['device_id', 'state']).where('upload_id', '=', uploadId).executeTakeFirst();
      if (!row || row.device_id !== device.id) throw new FileRefusal(404, FILE_MESSAGES.notYours);
    },
    async receipt(uploadId, device, now) {
      await this.checkOwner(uploadId, device);
      let row = await k.selectFrom('file_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirstOrThrow();
      const path = join(directory, uploadId);
      const offset = existsSync(path) ? statSync(path).size : 0;
      // Every byte arrived but the server stopped before checking them (killed after the last write): check now.
      if (row.state === 'receiving' && offset === row.bytes) {
        await finish(uploadId, now).catch((e: unknown) => {
          if (!(e instanceof FileRefusal)) throw e;
        });
        row = await k.selectFrom('file_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirstOrThrow();
      }
      const state = row.state === 'stored' ? 'stored' : row.state === 'receiving' ? 'incomplete' : 'refused';
      return {
        uploadId,
        state,
        offset: state === 'stored' ? row.bytes : state === 'incomplete' ? offset : 0,
        size: row.bytes,
        sha256: row.sha256,
        receivedAt: state === 'stored' && row.finished_at ? toVnStamp(row.finished_at) : null,
        reason: state === 'refused' ? (row.reason ?? FILE_MESSAGES.replaced) : null,
      };
    },
  };
}

/** The files the province holds of some dossiers, by dossier and slot. */
export async function dossierFiles(province: Province, dossierIds: string[]): Promise<Map<string, Map<string, FileReference>>> {
  const out = new Map<string, Map<string, FileReference>>();
  if (!dossierIds.length) return out;
  const rows = await province.db.k.selectFrom('dossier_files').selectAll().where('dossier_id', 'in', dossierIds).execute();
  for (const r of rows) {
    const m = out.get(r.dossier_id) ?? new Map<string, FileReference>();
    m.set(r.slot, { name: r.file_name, bytes: Number(r.bytes), sha256: r.sha256, receivedAt: toVnStamp(Number(r.received_at)) });
    out.set(r.dossier_id, m);
  }
  return out;
}

/** The dossier as the province returns it: each component with its file, and the result's file. */
export function withFiles(record: HoSo, files: Map<string, FileReference> | undefined): HoSo {
  if (!files?.size) return record;
  const result = files.get('result');
  return {
    ...record,
    TaiLieuNop: record.TaiLieuNop.map((t) => {
      const f = files.get(`component:${t.MaThanhPhanHoSo}`);
      return f ? { ...t, file: f } : t;
    }),
    ...(result ? { resultFile: result } : {}),
  };
}

/** A pushed record never sets the province's file references: only received files do. */
export function withoutFiles(record: HoSo): HoSo {
  const { resultFile: _, ...rest } = record;
  return { ...rest, TaiLieuNop: rest.TaiLieuNop.map(({ file: _f, ...t }) => t) };
}
