// The desk's door to the provincial server. Every answer is checked against the contract; anything else
// (no connection, a timeout, 500, an HTML page, truncated JSON, a schema violation) becomes a
// SyncRequestError with a clear Vietnamese message, and the caller keeps its data.
import type { z } from 'zod';
import {
  SYNC_ROUTES,
  enrolResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
  holdingsResponseSchema,
  restoreResponseSchema,
  auditPushResponseSchema,
  type AuditWire,
  FILE_RECEIPTS_PATH,
  fileReceiptSchema,
  pullResponseSchema,
  PULL_VERSION,
  pushResponseSchema,
  referenceResponseSchema,
  type EnrolRequest,
  type PushItem,
  type SyncErrorCode,
} from '@shared/sync/contract';
import { parseServerUrl, SERVER_URL_MESSAGES } from '@shared/sync/serverUrl';
import { summariseIssues } from '@shared/validation/issues';

export type SyncFailureKind =
  | 'offline' // no connection, refused, dropped
  | 'timeout'
  | 'server' // 5xx
  | 'garbled' // HTML, truncated or invalid JSON, schema violation
  | 'unauthorized'
  | 'expired'
  | 'rate_limited'
  | 'too_large'
  | 'refused'; // 4xx: the server refused the request itself

export class SyncRequestError extends Error {
  override readonly name = 'SyncRequestError';
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly detail: { status?: number; code?: SyncErrorCode; retryAfterMs?: number; serverTime?: number; html?: boolean } = {},
  ) {
    super(message);
  }
}

const KEPT = 'Dữ liệu vẫn được giữ trên máy và sẽ được gửi lại tự động.';

export const SYNC_MESSAGES = {
  offline: `Không kết nối được máy chủ của tỉnh (mất mạng, hoặc máy chủ không hoạt động). ${KEPT}`,
  timeout: (s: number) => `Máy chủ của tỉnh không trả lời sau ${s} giây. ${KEPT}`,
  server: (status: number) => `Máy chủ của tỉnh đang gặp lỗi (mã ${status}). ${KEPT}`,
  html: `Máy chủ của tỉnh trả về một trang web thay vì dữ liệu (có thể do cổng mạng hoặc proxy chặn). ${KEPT}`,
  badJson: `Câu trả lời của máy chủ của tỉnh bị hỏng hoặc không đầy đủ (JSON không hợp lệ). ${KEPT}`,
  schema: (detail: string) => `Câu trả lời của máy chủ của tỉnh không đúng định dạng đã thống nhất (${detail}). ${KEPT}`,
  rateLimited: (s: number) => `Máy chủ của tỉnh yêu cầu chờ ${s} giây trước khi gửi tiếp. ${KEPT}`,
  tooLarge: 'Lô dữ liệu quá lớn so với giới hạn của máy chủ; quầy sẽ gửi lô nhỏ hơn.',
  itemBlocked: (status: number, html: boolean) =>
    `Thay đổi này bị ${html ? 'một thiết bị trung gian (tường lửa hoặc proxy giữa quầy và tỉnh)' : 'máy chủ của tỉnh'} chặn (mã ${status}) nên không gửi được; các thay đổi khác vẫn được gửi. Dữ liệu vẫn được giữ trên máy; hãy báo quản trị mạng của tỉnh rồi bấm "Gửi lại".`,
  itemTooLarge: (status: number, html: boolean) =>
    `Thay đổi này quá lớn so với giới hạn của ${html ? 'một thiết bị trung gian (proxy giữa quầy và tỉnh)' : 'máy chủ của tỉnh'} (mã ${status}) nên không gửi được; các thay đổi khác vẫn được gửi. Dữ liệu vẫn được giữ trên máy; hãy báo quản trị mạng của tỉnh rồi bấm "Gửi lại".`,
  storeChanged: `Cơ sở dữ liệu của tỉnh vừa được khôi phục hoặc làm mới; quầy sẽ đối chiếu và gửi lại những gì tỉnh còn thiếu. ${KEPT}`,
  badUrl: SERVER_URL_MESSAGES.bad,
} as const;

export interface SyncClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Called with the server time of every well-formed answer and the local time it was received (for skew). */
  onServerTime?: (serverTime: number, localMidpoint: number) => void;
  now?: () => number;
}

/** Normalises what the officer typed into an origin-like base URL, or null. */
export function normaliseServerUrl(value: string): string | null {
  return parseServerUrl(value)?.base ?? null;
}

export function createSyncClient(options: SyncClientOptions) {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const now = options.now ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    init: { token?: string; body?: unknown; query?: Record<string, string | number> } = {},
  ): Promise<z.output<S>> {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = now();
    let text: string;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: controller.signal,
        cache: 'no-store',
        credentials: 'omit',
      });
      text = await response.text();
    } catch {
      if (controller.signal.aborted) throw new SyncRequestError('timeout', SYNC_MESSAGES.timeout(Math.round(timeoutMs / 1000)));
      throw new SyncRequestError('offline', SYNC_MESSAGES.offline);
    } finally {
      clearTimeout(timer);
    }
    const midpoint = (started + now()) / 2;

    let json: unknown;
    const type = response.headers.get('content-type') ?? '';
    const looksHtml = type.includes('text/html') || /^\s*<(!doctype|html)/i.test(text);
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }

    if (!response.ok) {
      const parsed = errorResponseSchema.safeParse(json);
      const status = response.status;
      if (parsed.success) {
        const { code, message, retryAfter } = parsed.data.error;
        options.onServerTime?.(parsed.data.serverTime, midpoint);
        const detail = { status, code, serverTime: parsed.data.serverTime, retryAfterMs: retryAfter != null ? retryAfter * 1000 : undefined };
        if (code === 'credential_expired') throw new SyncRequestError('expired', message, detail);
        if (code === 'unauthorized') throw new SyncRequestError('unauthorized', message, detail);
        if (code === 'rate_limited') throw new SyncRequestError('rate_limited', SYNC_MESSAGES.rateLimited(retryAfter ?? 1), detail);
        if (code === 'payload_too_large') throw new SyncRequestError('too_large', SYNC_MESSAGES.tooLarge, detail);
        if (status >= 500) throw new SyncRequestError('server', SYNC_MESSAGES.server(status), detail);
        throw new SyncRequestError('refused', message, detail);
      }
      if (status >= 500) throw new SyncRequestError('server', SYNC_MESSAGES.server(status), { status });
      if (status === 429) throw new SyncRequestError('rate_limited', SYNC_MESSAGES.rateLimited(60), { status, retryAfterMs: 60_000 });
      if (looksHtml) throw new SyncRequestError('garbled', SYNC_MESSAGES.html, { status, html: true });
      throw new SyncRequestError('refused', SYNC_MESSAGES.server(status), { status });
    }
    if (json === undefined) throw new SyncRequestError('garbled', looksHtml ? SYNC_MESSAGES.html : SYNC_MESSAGES.badJson, { status: response.status });
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncRequestError('garbled', SYNC_MESSAGES.schema(summariseIssues(parsed.error.issues, 3)), { status: response.status });
    const serverTime = (parsed.data as { serverTime?: number }).serverTime;
    if (typeof serverTime === 'number') options.onServerTime?.(serverTime, midpoint);
    return parsed.data;
  }

  return {
    baseUrl: base,
    health: () => request('GET', SYNC_ROUTES.health.path, healthResponseSchema),
    enrol: (body: EnrolRequest) => request('POST', SYNC_ROUTES.enrol.path, enrolResponseSchema, { body }),
    reference: (token: string, have: { catalog: number; calendar: number; office: number }) =>
      request('GET', SYNC_ROUTES.reference.path, referenceResponseSchema, { token, query: have }),
    push: (token: string, items: PushItem[]) => request('POST', SYNC_ROUTES.push.path, pushResponseSchema, { token, body: { items } }),
    pull: (token: string, cursor: number, limit: number, options: { open?: boolean } = {}) =>
      request('GET', SYNC_ROUTES.pull.path, pullResponseSchema, { token, query: { cursor, limit, v: PULL_VERSION, ...(options.open ? { open: '1' } : {}) } }),
    holdings: (token: string, after: string, limit: number) => request('GET', SYNC_ROUTES.holdings.path, holdingsResponseSchema, { token, query: { after, limit } }),
    audit: (token: string, events: AuditWire[]) => request('POST', SYNC_ROUTES.audit.path, auditPushResponseSchema, { token, body: { events } }),
    restore: (token: string, after: string, limit: number) => request('GET', SYNC_ROUTES.restore.path, restoreResponseSchema, { token, query: { after, limit } }),
    /** What became of a file's upload (tus), asked after its last byte. */
    fileReceipt: (token: string, uploadId: string) => request('GET', `${FILE_RECEIPTS_PATH}/${encodeURIComponent(uploadId)}`, fileReceiptSchema, { token }),
  };
}

export type SyncClient = ReturnType<typeof createSyncClient>;
