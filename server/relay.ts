// The office relay's work upstream (issue 14): the same server, started with --relay-to, also runs this
// loop. Each round: the agency's reference data (catalog, calendar, office) comes down; the queue of desk
// changes goes up, in the order the relay accepted them, each desk's run in one request on that desk's
// behalf (the province answers a resent change from its idempotency record, so a crash between sending
// and recording the answer doubles nothing); the province's changes of the agency come down and wait for
// the desks' pull. While the province cannot be reached the relay keeps serving its desks and retries
// with backoff; a push from a desk starts a round at once.
import { Agent, fetch as undiciFetch } from 'undici';
import type { z } from 'zod';
import {
  MAX_PUSH_ITEMS,
  SYNC_ROUTES,
  enrolRequestSchema,
  errorResponseSchema,
  referenceResponseSchema,
  auditPushResponseSchema,
  relayDossiersResponseSchema,
  MAX_AUDIT_ITEMS,
  type AuditWire,
  relayEnrolResponseSchema,
  relayPushResponseSchema,
  relayPullResponseSchema,
  type PushResult,
} from '../shared/sync/contract';
import { readServerUrl } from '../shared/sync/serverUrl';
import { summariseIssues } from '../shared/validation/issues';
import type { Province } from './store';
import {
  ingestUpstream,
  markForwarded,
  pendingAudit,
  pendingForwards,
  putReference,
  readRelayState,
  referenceVersions,
  seedDossiers,
  upstreamSeen,
  writeRelayState,
  type UpstreamEnrolment,
} from './relayStore';

export class UpstreamError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused' | 'auth' | 'rate_limited' | 'server' | 'garbled',
    message: string,
    readonly status = 0,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

export interface UpstreamOptions {
  /** PEM of a private CA that signed the province's certificate (else the system's). */
  ca?: string | Buffer;
  timeoutMs?: number;
}

/** The relay's door to the province: every answer checked with the contract's schemas. */
export function upstreamClient(baseUrl: string, options: UpstreamOptions = {}) {
  const read = readServerUrl(baseUrl);
  if (!read.ok) throw new UpstreamError('refused', read.message);
  const base = read.base;
  const dispatcher = options.ca ? new Agent({ connect: { ca: options.ca } }) : undefined;
  const timeoutMs = options.timeoutMs ?? 20_000;

  async function request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, init: { token?: string; body?: unknown; query?: Record<string, string | number> } = {}): Promise<z.output<S>> {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const r = await undiciFetch(url, { method, headers, body: init.body !== undefined ? JSON.stringify(init.body) : undefined, signal: AbortSignal.timeout(timeoutMs), ...(dispatcher ? { dispatcher } : {}) });
      status = r.status;
      retryAfter = r.headers.get('retry-after');
      text = await r.text();
    } catch {
      throw new UpstreamError('offline', 'Không kết nối được máy chủ của tỉnh.');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status < 200 || status >= 300) {
      const e = errorResponseSchema.safeParse(json);
      const message = e.success ? e.data.error.message : `Máy chủ của tỉnh trả lời mã ${status}.`;
      if (status === 401) throw new UpstreamError('auth', message, status);
      if (status === 429) throw new UpstreamError('rate_limited', message, status, (e.success ? e.data.error.retryAfter ?? 1 : Number(retryAfter) || 5) * 1000);
      if (status >= 500 || !e.success) throw new UpstreamError('server', message, status);
      throw new UpstreamError('refused', message, status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new UpstreamError('garbled', `Câu trả lời của máy chủ của tỉnh không đúng định dạng (${summariseIssues(parsed.error.issues, 3)}).`, status);
    return parsed.data;
  }

  return {
    base,
    enrol: (code: string, deviceId: string, deviceName: string) => request('POST', SYNC_ROUTES.relayEnrol.path, relayEnrolResponseSchema, { body: enrolRequestSchema.parse({ code, deviceId, deviceName }) }),
    reference: (token: string, have: { catalog: number; calendar: number; office: number }) => request('GET', SYNC_ROUTES.reference.path, referenceResponseSchema, { token, query: have }),
    push: (token: string, desk: { deviceId: string; deskNo: number; deviceName: string }, items: unknown[]) => request('POST', SYNC_ROUTES.relayPush.path, relayPushResponseSchema, { token, body: { desk, items } }),
    pull: (token: string, cursor: number, limit: number) => request('GET', SYNC_ROUTES.relayPull.path, relayPullResponseSchema, { token, query: { cursor, limit } }),
    audit: (token: string, desk: { deviceId: string; deskNo: number; deviceName: string }, events: AuditWire[]) => request('POST', SYNC_ROUTES.relayAudit.path, auditPushResponseSchema, { token, body: { desk, events } }),
    dossiers: (token: string, after: string, limit: number) => request('GET', SYNC_ROUTES.relayDossiers.path, relayDossiersResponseSchema, { token, query: { after, limit } }),
  };
}

export type UpstreamClient = ReturnType<typeof upstreamClient>;

/**
 * Enrols this relay with the province (a code from `issue-relay-code`), takes the agency's reference data,
 * and, when the store holds no dossier of the agency yet (a new or a rebuilt relay), the agency's dossiers
 * as the province holds them. Run once, with the province reachable (`relay-enrol`).
 */
export async function enrolRelay(p: Province, url: string, code: string, deviceName: string, options: UpstreamOptions = {}): Promise<{ agencyCode: string; dossiers: number }> {
  const api = upstreamClient(url, options);
  const known = await readRelayState(p, 'upstream');
  const deviceId = known?.deviceId ?? crypto.randomUUID();
  const answer = await api.enrol(code.trim().toUpperCase(), deviceId, deviceName);
  if (known && known.agencyCode !== answer.agencyCode) throw new UpstreamError('refused', `Máy chuyển tiếp này đã phục vụ đơn vị ${known.agencyCode}; mã mới dành cho đơn vị ${answer.agencyCode}. Dùng một thư mục dữ liệu mới cho đơn vị khác.`);
  const enrolment: UpstreamEnrolment = { url: api.base, deviceId: answer.deviceId, token: answer.token, expiresAt: answer.expiresAt, agencyCode: answer.agencyCode, enrolledAt: Date.now() };
  await p.db.write(async (tx) => {
    await writeRelayState(tx, 'upstream', enrolment);
    await writeRelayState(tx, 'lastError', null);
  });
  await syncReference(p, api, enrolment);
  const held = await p.db.k.selectFrom('dossiers').select('id').where('agency_code', '=', answer.agencyCode).limit(1).execute();
  let dossiers = 0;
  if (!held.length) {
    let after = '';
    for (let page = 0; page < 100_000; page++) {
      const r = await api.dossiers(enrolment.token, after, 500);
      if (r.after !== after) throw new UpstreamError('garbled', 'Câu trả lời của máy chủ của tỉnh không khớp với yêu cầu.');
      dossiers += await seedDossiers(p, answer.agencyCode, r.items, r.head);
      if (!r.hasMore || !r.items.length) break;
      after = r.items[r.items.length - 1].dossierId;
    }
  }
  // The province's changes too, before any desk asks: a rebuilt relay serves its desks complete at once.
  await pullUpstream(p, api, enrolment, () => {});
  await p.markWritten();
  return { agencyCode: answer.agencyCode, dossiers };
}

/** The province's changes of the agency since the relay's cursor, kept for the desks' pull. */
async function pullUpstream(p: Province, api: UpstreamClient, up: UpstreamEnrolment, log: (line: Record<string, unknown>) => void, pageSize = 500): Promise<number> {
  let kept = 0;
  let cursor = (await readRelayState(p, 'cursor')) ?? 0;
  for (let page = 0; page < 100_000; page++) {
    const r = await api.pull(up.token, cursor, pageSize);
    if (r.cursor !== cursor || r.nextCursor < cursor) throw new UpstreamError('garbled', 'Con trỏ đồng bộ của tỉnh không khớp với yêu cầu.');
    const store = await readRelayState(p, 'store');
    if (store && store.epoch !== r.store.epoch) {
      // The province's store was restored: take its changes again from its floor.
      log({ at: new Date().toISOString(), event: 'relay_upstream_epoch', floor: r.store.floor });
      cursor = Math.min(cursor, r.store.floor);
      const rewound = cursor;
      await p.db.write(async (tx) => {
        await writeRelayState(tx, 'store', r.store);
        await writeRelayState(tx, 'cursor', rewound);
      });
      continue;
    }
    if (!store) await p.db.write((tx) => writeRelayState(tx, 'store', r.store));
    if (r.changes.length || r.nextCursor !== cursor) kept += await ingestUpstream(p, up.agencyCode, r.changes, r.nextCursor);
    if (!r.hasMore || r.nextCursor === cursor) break;
    cursor = r.nextCursor;
  }
  return kept;
}

async function syncReference(p: Province, api: UpstreamClient, up: UpstreamEnrolment): Promise<string[]> {
  const have = await referenceVersions(p, up.agencyCode);
  const ref = await api.reference(up.token, have);
  return putReference(p, up.agencyCode, ref);
}

export interface RelayOptions extends UpstreamOptions {
  log?: (line: Record<string, unknown>) => void;
  /** Between rounds when all is forwarded (the province's decisions come down at this pace). */
  idleMs?: number;
  /** Longest wait after failures. */
  maxBackoffMs?: number;
  pullPageSize?: number;
}

export function startRelay(p: Province, upstreamUrl: string, options: RelayOptions = {}) {
  const log = options.log ?? (() => {});
  const idleMs = options.idleMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const api = upstreamClient(upstreamUrl, options);
  let stopped = false;
  let wake: (() => void) | null = null;
  let pendingNudge = false;
  let failures = 0;

  async function enrolment(): Promise<UpstreamEnrolment> {
    const up = await readRelayState(p, 'upstream');
    if (!up || up.url !== api.base) throw new UpstreamError('auth', `Máy chuyển tiếp chưa đăng ký với ${api.base}: chạy "npm run server:admin -- relay-enrol --upstream ${api.base} --code …".`);
    return up;
  }

  /** Forwards the queue, oldest first; one desk's leading run per request. */
  async function forward(up: UpstreamEnrolment): Promise<number> {
    let sent = 0;
    for (;;) {
      const jobs = await pendingForwards(p, MAX_PUSH_ITEMS);
      if (!jobs.length) return sent;
      const head = jobs[0];
      const other = jobs.findIndex((j) => j.deviceId !== head.deviceId);
      const run = other < 0 ? jobs : jobs.slice(0, other);
      let results: PushResult[];
      let seqs: Record<string, number>;
      // What the desk had seen, told in the province's numbering.
      const items = [];
      for (const j of run) items.push(typeof j.item.provinceSeen === 'number' ? { ...j.item, provinceSeen: await upstreamSeen(p, j.item.provinceSeen) } : j.item);
      try {
        ({ results, seqs } = await api.push(up.token, { deviceId: head.deviceId, deskNo: head.deskNo, deviceName: head.deviceName }, items));
      } catch (e) {
        // The province refused the request itself for this desk (its number is another's there): the
        // desk's changes cannot go through this relay. They are kept with the reason, for the administrator.
        if (e instanceof UpstreamError && e.kind === 'refused') {
          await markForwarded(p, run.map((j) => ({ changeId: j.changeId, result: 'refused' as const, reason: e.message })));
          log({ at: new Date().toISOString(), event: 'relay_refused', deskNo: head.deskNo, changes: run.length, status: e.status });
          continue;
        }
        throw e;
      }
      const answered = new Map(results.map((r) => [r.changeId, r]));
      const done = run.filter((j) => answered.has(j.changeId)).map((j) => {
        const a = answered.get(j.changeId)!;
        return { changeId: j.changeId, result: a.result, reason: 'reason' in a ? a.reason : undefined, feedSeq: j.feedSeq, upstreamSeq: seqs[j.changeId] };
      });
      if (!done.length) throw new UpstreamError('garbled', 'Câu trả lời của tỉnh không khớp với lô đã gửi.');
      await markForwarded(p, done);
      const notAccepted = done.filter((d) => d.result !== 'accepted').length;
      if (notAccepted) log({ at: new Date().toISOString(), event: 'relay_not_accepted', deskNo: head.deskNo, changes: notAccepted });
      sent += done.length;
    }
  }

  /**
   * The desks' audit chains, as the relay holds them (its audit_events, append-only, are the queue), one
   * desk's run per request; the province answers a resent event as a duplicate.
   */
  async function forwardAudit(up: UpstreamEnrolment): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = await pendingAudit(p, MAX_AUDIT_ITEMS);
      if (!rows.length) return sent;
      const head = rows[0];
      const other = rows.findIndex((e) => e.deviceId !== head.deviceId);
      const run = other < 0 ? rows : rows.slice(0, other);
      const last = run[run.length - 1].seq;
      if (head.deskNo < 1) {
        await p.db.write((tx) => writeRelayState(tx, 'auditCursor', last)); // not a desk of this relay (cannot happen through its routes)
        continue;
      }
      const answer = await api.audit(up.token, { deviceId: head.deviceId, deskNo: head.deskNo, deviceName: head.deviceName }, run.map((e) => e.event));
      await p.db.write(async (tx) => {
        await writeRelayState(tx, 'auditCursor', last);
        if (answer.refused) await writeRelayState(tx, 'auditRefused', { deskNo: head.deskNo, reason: answer.refused.reason, at: Date.now() });
      });
      if (answer.refused) log({ at: new Date().toISOString(), event: 'relay_audit_refused', deskNo: head.deskNo });
      sent += run.length;
    }
  }

  async function round(): Promise<void> {
    const up = await enrolment();
    await syncReference(p, api, up);
    const forwarded = await forward(up);
    await forwardAudit(up);
    const pulled = await pullUpstream(p, api, up, log, options.pullPageSize);
    await p.markWritten();
    await p.db.write(async (tx) => {
      await writeRelayState(tx, 'lastSuccessAt', Date.now());
      await writeRelayState(tx, 'lastError', null);
    });
    if (forwarded || pulled) log({ at: new Date().toISOString(), event: 'relay_round', forwarded, pulled });
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const done = (async () => {
    while (!stopped) {
      pendingNudge = false;
      let delay = idleMs;
      try {
        await round();
        failures = 0;
      } catch (e) {
        failures++;
        const err = e instanceof UpstreamError ? e : new UpstreamError('server', `Lỗi nội bộ của máy chuyển tiếp: ${(e as Error).message.slice(0, 200)}`);
        delay = Math.max(err.retryAfterMs, Math.min(maxBackoffMs, 500 * 2 ** Math.min(failures, 10)));
        log({ at: new Date().toISOString(), event: 'relay_upstream_failed', kind: err.kind, status: err.status, retryInMs: delay });
        await p.db.write((tx) => writeRelayState(tx, 'lastError', err.message)).catch(() => {});
      }
      if (stopped) break;
      // A desk pushed during the round: go again at once (while the province is reachable).
      if (pendingNudge && failures === 0) continue;
      await sleep(delay);
    }
  })();

  return {
    /** A desk pushed: forward now (a failing upstream keeps its backoff, short enough to find its return). */
    nudge() {
      pendingNudge = true;
      if (failures === 0) wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
