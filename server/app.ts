// The reference provincial endpoint over HTTP: the sync contract, validated with the same zod schemas the
// desk uses. Every answer carries the server time (body `serverTime` and header `x-server-time`), and
// every error has the contract's error body. Nothing personal is logged: requests are logged by route and
// status only.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import type { z } from 'zod';
import {
  MAX_BODY_BYTES,
  RELAY_EPOCH_PREFIX,
  SYNC_ROUTES,
  enrolRequestSchema,
  holdingsQuerySchema,
  restoreQuerySchema,
  auditPushRequestSchema,
  pullQuerySchema,
  pushEnvelopeSchema,
  referenceQuerySchema,
  relayAuditRequestSchema,
  relayDossiersQuerySchema,
  relayPullQuerySchema,
  relayPushRequestSchema,
  type ErrorResponse,
  type PushResult,
  type SyncErrorCode,
} from '../shared/sync/contract';
import { buildOpenApiDocument } from '../shared/sync/openapi';
import { RateLimiter, type RateLimitOptions } from './rateLimit';
import { serveDesk } from './deskFiles';
import { type Province, ProvinceError, type Device } from './store';
import { summariseIssues } from '../shared/validation/issues';
import { deskRecords } from './restore';
import { acceptAudit } from './audit';
import { agencyChanges, agencyDossiers, relayDeskDevice } from './relayStore';
import { createFileService, FileRefusal } from './files';
import { FILES_PATH, FILE_RECEIPTS_PATH, uploadIdSchema } from '../shared/sync/contract';

export interface AppOptions {
  /** Origins allowed by CORS besides app://desk and loopback http(s) origins. */
  corsOrigins?: string[];
  /** Per device, after authentication. */
  deviceRate?: RateLimitOptions;
  /** Per client address, for the unauthenticated routes (enrolment codes must not be guessable by brute force). */
  anonymousRate?: RateLimitOptions;
  bodyLimit?: number;
  /** Test hook: a pause after each committed push item, so a test can kill the server in the middle of a batch. */
  testItemDelayMs?: number;
  /** Push items committed per transaction (each with its idempotency record). */
  itemsPerCommit?: number;
  /**
   * Pushes applied at once by this process; beyond them a push is answered 429 with Retry-After at once,
   * so that in a reconnection storm desks wait their turn instead of timing out and sending again.
   */
  maxConcurrentPushes?: number;
  log?: (line: Record<string, unknown>) => void;
  now?: () => number;
  /** Serve HTTPS with this certificate (PEM, chain included) and key; otherwise plain HTTP behind a TLS-terminating proxy or on loopback. */
  tls?: { cert: Buffer | string; key: Buffer | string };
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (only set this when the proxy is trusted). */
  trustProxy?: boolean | string;
  /** A built desk (dist/renderer) to serve at `/`, beside the sync routes. */
  deskDir?: string;
  /**
   * An office relay (issue 14): its store's epoch is announced as `relay:…`, so that a desk arriving from
   * or leaving for another server restarts its cursor and keeps the province's seqs it holds (a relay
   * passes the province's changes down under their own seqs), instead of treating it as a restored province.
   */
  relay?: boolean;
  /** How often idle desks should cycle with this server (an office relay on the LAN asks for seconds). */
  pollMs?: number;
  /** Called after a desk's push was applied (an office relay starts forwarding at once). */
  onPushed?: () => void;
  /** Where the scanned files' uploads/ folder lives (the data directory); the SQLite store's directory by default. */
  filesDir?: string;
}

const STATUS_BY_CODE: Record<SyncErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  credential_expired: 401,
  enrolment_code_invalid: 400,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  forbidden: 403,
  file_rejected: 422,
};

class HttpError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/;

export function isAllowedOrigin(origin: string, extra: string[] = []): boolean {
  return origin === 'app://desk' || LOOPBACK_ORIGIN.test(origin) || extra.includes(origin);
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
  }
}

export async function buildApp(province: Province, options: AppOptions = {}): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const deviceLimiter = new RateLimiter(options.deviceRate ?? { burst: 120, perSecond: 20 }, now);
  const anonymousLimiter = new RateLimiter(options.anonymousRate ?? { burst: 30, perSecond: 0.5 }, now);
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? MAX_BODY_BYTES,
    return503OnClosing: true,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin ? isAllowedOrigin(origin, options.corsOrigins) : false),
    // HEAD and PATCH, and the tus headers: the resumable upload of scanned files (files.ts).
    methods: ['GET', 'POST', 'HEAD', 'PATCH'],
    allowedHeaders: ['authorization', 'content-type', 'tus-resumable', 'upload-length', 'upload-metadata', 'upload-offset'],
    exposedHeaders: ['x-server-time', 'retry-after', 'location', 'tus-resumable', 'upload-offset', 'upload-length'],
    maxAge: 600,
  });

  const identity = async () => {
    const id = await province.identity();
    return options.relay ? { ...id, epoch: `${RELAY_EPOCH_PREFIX}${id.epoch}` } : id;
  };

  const errorBody = (code: SyncErrorCode, message: string, retryAfter?: number): ErrorResponse => ({
    error: { code, message, ...(retryAfter != null ? { retryAfter } : {}) },
    serverTime: now(),
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-server-time', String(now()));
    reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    log({ at: new Date().toISOString(), method: req.method, route: req.routeOptions.url ?? 'unknown', status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfter != null) reply.header('retry-after', String(error.retryAfter));
      return reply.status(STATUS_BY_CODE[error.code]).send(errorBody(error.code, error.message, error.retryAfter));
    }
    if (error instanceof FileRefusal) {
      const code = error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : error.status === 422 ? 'file_rejected' : 'bad_request';
      return reply.status(error.status).send(errorBody(code, error.message));
    }
    if (error instanceof ProvinceError) {
      return reply.status(STATUS_BY_CODE[error.code]).send(errorBody(error.code, error.message));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return reply.status(413).send(errorBody('payload_too_large', `Yêu cầu quá lớn (tối đa ${Math.round((options.bodyLimit ?? MAX_BODY_BYTES) / 1024)} KB). Hãy gửi lô nhỏ hơn.`));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(400).send(errorBody('bad_request', 'Yêu cầu không hợp lệ (không đọc được nội dung JSON).'));
    }
    log({ at: new Date().toISOString(), level: 'error', error: error.name, message: error.message.slice(0, 200) });
    return reply.status(500).send(errorBody('internal', 'Máy chủ gặp lỗi nội bộ. Hãy thử lại sau.'));
  });
  if (options.deskDir) await serveDesk(app, options.deskDir);
  app.setNotFoundHandler((_req, reply) => reply.status(404).send(errorBody('not_found', 'Không có địa chỉ này trên máy chủ đồng bộ.')));

  function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const r = schema.safeParse(value);
    if (!r.success) throw new HttpError('bad_request', `Yêu cầu không hợp lệ: ${summariseIssues(r.error.issues)}`);
    return r.data;
  }

  function limitAnonymous(req: FastifyRequest) {
    const wait = anonymousLimiter.take(`ip:${req.ip}`);
    if (wait) throw new HttpError('rate_limited', `Quá nhiều yêu cầu. Hãy thử lại sau ${wait} giây.`, wait);
  }

  async function authenticate(req: FastifyRequest, reply: FastifyReply) {
    void reply;
    const header = req.headers.authorization ?? '';
    const token = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header)?.[1];
    if (!token) {
      limitAnonymous(req);
      await province.recordSecurityEvent({ kind: 'auth_failed', address: req.ip, reason: header ? 'thông tin xác thực sai dạng' : 'thiếu thông tin xác thực' });
      throw new HttpError('unauthorized', 'Thiếu thông tin xác thực của quầy. Hãy đăng ký thiết bị bằng mã do tỉnh cấp.');
    }
    const found = await province.authenticate(token);
    if (!found) {
      limitAnonymous(req);
      await province.recordSecurityEvent({ kind: 'auth_failed', address: req.ip, reason: 'mã xác thực không thuộc thiết bị nào' });
      throw new HttpError('unauthorized', 'Thông tin xác thực của quầy không hợp lệ. Hãy đăng ký lại thiết bị bằng mã mới do tỉnh cấp.');
    }
    if (found.expired) {
      await province.recordSecurityEvent({ kind: 'credential_expired', deviceId: found.device.id, agencyCode: found.device.agencyCode, address: req.ip, reason: 'thông tin xác thực đã hết hạn' });
      throw new HttpError('credential_expired', 'Thông tin xác thực của quầy đã hết hạn. Hãy đăng ký lại bằng mã mới do tỉnh cấp; dữ liệu chưa gửi vẫn được giữ.');
    }
    const wait = deviceLimiter.take(`device:${found.device.id}`);
    if (wait) throw new HttpError('rate_limited', `Quầy gửi quá nhiều yêu cầu. Hãy thử lại sau ${wait} giây.`, wait);
    req.device = found.device;
  }

  // A relay's credential opens only the relay routes (and the reference data); a desk's only the desk routes.
  const roleOnly = (role: 'desk' | 'relay') => async (req: FastifyRequest) => {
    if ((req.device!.role ?? 'desk') === role) return;
    await province.recordSecurityEvent({ kind: 'auth_failed', deviceId: req.device!.id, agencyCode: req.device!.agencyCode, address: req.ip, reason: role === 'desk' ? 'máy chuyển tiếp gọi địa chỉ dành cho quầy' : 'quầy gọi địa chỉ dành cho máy chuyển tiếp' });
    throw new HttpError('unauthorized', role === 'desk' ? 'Thông tin xác thực này là của máy chuyển tiếp, không dùng cho quầy.' : 'Địa chỉ này chỉ dành cho máy chuyển tiếp của văn phòng.');
  };
  const deskAuth = { preHandler: [authenticate, roleOnly('desk')] };
  const relayAuth = { preHandler: [authenticate, roleOnly('relay')] };

  app.get(SYNC_ROUTES.health.path, async () => ({ ok: true as const, store: await identity(), serverTime: now() }));

  app.get(`${SYNC_ROUTES.health.path.replace('/health', '')}/openapi.json`, async (req) => buildOpenApiDocument(`${req.protocol}://${req.host}`));

  app.post(SYNC_ROUTES.enrol.path, async (req) => {
    limitAnonymous(req);
    const body = parse(enrolRequestSchema, req.body);
    const result = await province.enrol(body.code, body.deviceId, body.deviceName, { address: req.ip });
    log({ at: new Date().toISOString(), event: 'enrolled', agency: result.agencyCode, deskNo: result.deskNo });
    return { ...result, serverTime: now() };
  });

  app.get(SYNC_ROUTES.reference.path, { preHandler: authenticate }, async (req) => {
    const have = parse(referenceQuerySchema, req.query);
    return { ...(await province.reference(req.device!.agencyCode, have)), ...(options.pollMs ? { pollMs: options.pollMs } : {}), store: await identity(), serverTime: now() };
  });

  // Counted from the moment a push arrives (before its body is read): with SQLite a push runs without
  // yielding, so the queue forms in the sockets, where only arrival sees it.
  const maxPushes = options.maxConcurrentPushes ?? 8;
  let pushing = 0;
  const admitted = new WeakSet<FastifyRequest>();
  const release = async (req: FastifyRequest) => {
    if (admitted.delete(req)) pushing--;
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || req.routeOptions.url !== SYNC_ROUTES.push.path) return;
    if (pushing >= maxPushes) {
      const wait = 1 + Math.floor(Math.random() * 3); // spread the retries
      reply.header('retry-after', String(wait));
      return reply.status(429).send(errorBody('rate_limited', `Máy chủ của tỉnh đang nhận dữ liệu của nhiều quầy. Quầy sẽ tự gửi lại sau ${wait} giây.`, wait));
    }
    pushing++;
    admitted.add(req);
  });
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
  app.post(SYNC_ROUTES.push.path, deskAuth, (req) => applyPush(req));

  function batchOptions() {
    const delay = options.testItemDelayMs;
    return {
      // The test hook commits item by item, so that a kill lands between committed items.
      itemsPerCommit: delay ? 1 : options.itemsPerCommit,
      afterItem: delay ? () => new Promise<void>((r) => setTimeout(r, delay)) : undefined,
    };
  }

  async function applyPush(req: FastifyRequest) {
    const body = parse(pushEnvelopeSchema, req.body);
    const results: PushResult[] = await province.applyBatch(req.device!, body.items, { address: req.ip }, batchOptions());
    await province.markWritten();
    options.onPushed?.();
    return { results, store: await identity(), serverTime: now() };
  }

  // The office relay's routes (issue 14) -------------------------------------------------------------------

  app.post(SYNC_ROUTES.relayEnrol.path, async (req) => {
    limitAnonymous(req);
    const body = parse(enrolRequestSchema, req.body);
    const r = await province.enrol(body.code, body.deviceId, body.deviceName, { address: req.ip }, 'relay');
    log({ at: new Date().toISOString(), event: 'relay_enrolled', agency: r.agencyCode });
    return { deviceId: r.deviceId, token: r.token, expiresAt: r.expiresAt, agencyCode: r.agencyCode, desksInAgency: r.desksInAgency, serverTime: now() };
  });

  app.post(SYNC_ROUTES.relayPush.path, relayAuth, async (req) => {
    const body = parse(relayPushRequestSchema, req.body);
    // The changes are the desk's own, applied as the desk's (its device id and number), never as the relay's.
    const desk = await relayDeskDevice(province, req.device!, body.desk, { address: req.ip });
    const seqs = new Map<string, number>();
    const results: PushResult[] = await province.applyBatch(desk, body.items, { address: req.ip }, { ...batchOptions(), seqs });
    await province.markWritten();
    return { results, seqs: Object.fromEntries(seqs), store: await identity(), serverTime: now() };
  });

  app.post(SYNC_ROUTES.relayAudit.path, relayAuth, async (req) => {
    const body = parse(relayAuditRequestSchema, req.body);
    const desk = await relayDeskDevice(province, req.device!, body.desk, { address: req.ip });
    const answer = await acceptAudit(province, desk, body.events, now());
    await province.markWritten();
    if (answer.refused) log({ at: new Date().toISOString(), event: 'audit_refused', agency: desk.agencyCode, deskNo: desk.deskNo, via: 'relay' });
    return { ...answer, store: await identity(), serverTime: now() };
  });

  app.get(SYNC_ROUTES.relayPull.path, relayAuth, async (req) => {
    const q = parse(relayPullQuerySchema, req.query);
    return { ...(await agencyChanges(province, req.device!.agencyCode, q.cursor, q.limit)), cursor: q.cursor, store: await identity(), serverTime: now() };
  });

  app.get(SYNC_ROUTES.relayDossiers.path, relayAuth, async (req) => {
    const q = parse(relayDossiersQuerySchema, req.query);
    return { ...(await agencyDossiers(province, req.device!.agencyCode, q.after, q.limit)), after: q.after, store: await identity(), serverTime: now() };
  });

  app.get(SYNC_ROUTES.pull.path, deskAuth, async (req) => {
    const q = parse(pullQuerySchema, req.query);
    return { ...(await province.provinceChanges(req.device!.id, q.cursor, q.limit, req.device!.agencyCode, { version: q.v, open: q.open === '1' })), deviceId: req.device!.id, cursor: q.cursor, store: await identity(), serverTime: now() };
  });

  app.get(SYNC_ROUTES.holdings.path, deskAuth, async (req) => {
    const q = parse(holdingsQuerySchema, req.query);
    return { ...(await province.holdings(req.device!.id, q.after, q.limit)), deviceId: req.device!.id, after: q.after, store: await identity(), serverTime: now() };
  });

  app.get(SYNC_ROUTES.restore.path, deskAuth, async (req) => {
    const q = parse(restoreQuerySchema, req.query);
    const d = req.device!;
    return { ...(await deskRecords(province, d, q.after, q.limit)), deviceId: d.id, after: q.after, deskNo: d.deskNo, store: await identity(), serverTime: now() };
  });

  app.post(SYNC_ROUTES.audit.path, deskAuth, async (req) => {
    const body = parse(auditPushRequestSchema, req.body);
    const answer = await acceptAudit(province, req.device!, body.events, now());
    await province.markWritten();
    if (answer.refused) log({ at: new Date().toISOString(), event: 'audit_refused', agency: req.device!.agencyCode, deskNo: req.device!.deskNo });
    return { ...answer, store: await identity(), serverTime: now() };
  });

  // Scanned files (tus). The bytes stream straight to the file store: no body parser reads them.
  const filesDir = options.filesDir ?? province.db.dataDir;
  if (filesDir) {
    const files = createFileService(province, filesDir, log, (origin) => isAllowedOrigin(origin, options.corsOrigins));
    app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
    const toTus = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      reply.raw.setHeader('x-server-time', String(now()));
      reply.raw.setHeader('cache-control', 'no-store');
      await files.tus.handle(req.raw, reply.raw);
    };
    const uploadParams = (req: FastifyRequest) => parse(uploadIdSchema, (req.params as { uploadId?: string }).uploadId);
    app.post(FILES_PATH, {
      preHandler: [
        authenticate,
        async (req) => {
          try {
            await files.checkCreate(req.raw, req.device!);
          } catch (e) {
            // A file for a dossier of another desk or agency is an isolation refusal, as a push would be.
            if (e instanceof FileRefusal && e.status === 403) await province.recordSecurityEvent({ kind: 'isolation_refused', deviceId: req.device!.id, agencyCode: req.device!.agencyCode, address: req.ip, reason: `tệp: ${e.message}` });
            throw e;
          }
        },
      ],
    }, toTus);
    app.route({ method: ['HEAD', 'PATCH'], url: `${FILES_PATH}/:uploadId`, preHandler: [authenticate, async (req) => files.checkOwner(uploadParams(req), req.device!)], handler: toTus });
    app.get(`${FILE_RECEIPTS_PATH}/:uploadId`, { preHandler: authenticate }, async (req) => ({ ...(await files.receipt(uploadParams(req), req.device!, now())), serverTime: now() }));
  }

  return app;
}
