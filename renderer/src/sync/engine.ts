// The desk's sync engine: enrolment, then cycles of reference data, push (the outbox, in order, in
// batches) and pull (province changes since the cursor). Everything it knows is in the desk database, so
// it resumes after a restart where it stopped. One cycle at a time across every window (Web Locks).
import { CLOCK_SKEW_WARN_MS, MAX_PUSH_ITEMS, RELAY_EPOCH_PREFIX } from '@shared/sync/contract';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from '@shared/sync/backoff';
import type { DeskDb } from '../db/db';
import { auditEvent } from '../db/records';
import { putSettings, readSetting } from '../db/settings';
import { requirePermission } from '../db/session';
import { createSyncClient, SyncRequestError, SYNC_MESSAGES, type SyncClient } from './client';
import { readServerUrl } from '@shared/sync/serverUrl';
import { loadCredential, saveCredential, type Credential, type SecretStore } from './credentials';
import { defaultLocks, type LockProvider } from './locks';
import { applyAnswers, applyProvincePage, applyReference, markBatchFailed, nextBatch, prepareItems, quarantineEntry, queueResends, recheckAfterNewEpoch, referenceVersions, type Holding } from './apply';
import type { StoreIdentity } from '@shared/sync/contract';
import { readState, readStatus, updateStatus, writeState, type Enrolment } from './state';
import { pushAudit } from './audit';
import { applyRestorePage, finishRestore, type RestoreTally } from './restore';
import { readRestoreState } from '../db/backup';
import { MAX_RESTORE_LIMIT } from '@shared/sync/contract';
import { sendUploads, type UploadTally } from './uploads';

export const UPLOAD_LOCK = 'mot-cua-upload';

export const SYNC_LOCK = 'mot-cua-sync';

export interface SyncEngineOptions {
  db: DeskDb;
  secrets: SecretStore;
  fetch?: typeof fetch;
  locks?: LockProvider;
  now?: () => number;
  random?: () => number;
  timeoutMs?: number;
  batchSize?: number;
  pullPageSize?: number;
  backoff?: BackoffPolicy;
  /** Interval between cycles when all is sent. */
  idleMs?: number;
  /** While the server is unreachable: how often to probe it (a cheap health request), whatever the backoff. */
  probeMs?: number;
  /** Lets the page breathe between batches (keeps every main-thread task short). */
  yieldToUi?: () => Promise<void>;
  /** Scanned files' uploads (tus): bytes per PATCH and tus-js-client's retry delays within one attempt. */
  uploadChunkSize?: number;
  uploadRetryDelays?: number[];
}

export type CycleOutcome =
  | { ok: true; pushed: number; quarantined: number; conflicts: number; pulled: number; reference: string[] }
  | { ok: false; reason: 'not_enrolled' | 'busy' | 'auth' | 'failed'; error?: SyncRequestError | Error; retryAfterMs?: number };

export class EnrolmentError extends Error {}

const defaultYield = () => new Promise<void>((r) => setTimeout(r, 0));

export function createSyncEngine(options: SyncEngineOptions) {
  const { db, secrets } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const locks = options.locks ?? defaultLocks();
  const maxBatch = Math.min(options.batchSize ?? MAX_PUSH_ITEMS, MAX_PUSH_ITEMS);
  const pageSize = options.pullPageSize ?? 500;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const idleMs = options.idleMs ?? 30_000;
  const probeMs = options.probeMs ?? 10_000;
  const yieldToUi = options.yieldToUi ?? defaultYield;
  let batchSize = maxBatch;
  let skewMs: number | null = null;
  /** The server's own idle period (an office relay asks for a short one); never longer than idleMs. */
  let advisedIdleMs: number | null = null;

  const client = (baseUrl: string): SyncClient =>
    createSyncClient({
      baseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      now,
      onServerTime: (serverTime, local) => {
        skewMs = Math.round(serverTime - local);
      },
    });

  async function deviceIdentity(deviceName?: string) {
    const existing = await readState(db, 'device');
    if (existing) return existing;
    const identity = { deviceId: crypto.randomUUID(), deviceName: deviceName ?? 'Quầy một cửa' };
    await writeState(db, 'device', identity);
    return identity;
  }

  /** Enrols (or re-enrols) the desk with a one-time code from the province. */
  async function enrol(serverUrl: string, code: string, deviceName = 'Quầy một cửa'): Promise<Enrolment> {
    requirePermission(db, 'sync');
    const read = readServerUrl(serverUrl);
    if (!read.ok) throw new EnrolmentError(read.message);
    const url = read.base;
    const device = await deviceIdentity(deviceName);
    let answer;
    try {
      answer = await client(url).enrol({ code: code.trim().toUpperCase(), deviceId: device.deviceId, deviceName });
    } catch (e) {
      throw new EnrolmentError(e instanceof Error ? e.message : String(e));
    }
    const credential: Credential = { deviceId: answer.deviceId, token: answer.token, expiresAt: answer.expiresAt };
    await saveCredential(secrets, credential);
    const enrolment: Enrolment = { serverUrl: url, agencyCode: answer.agencyCode, deskNo: answer.deskNo, desksInAgency: answer.desksInAgency, expiresAt: answer.expiresAt, enrolledAt: now() };
    await db.transaction('rw', [db.syncState, db.settings, db.audit], async () => {
      const { actor, actorId } = requirePermission(db, 'sync');
      // Enrolled before with another server (the province, an office relay): the next store is another one.
      const previous = await readState(db, 'enrolment');
      if (previous && previous.serverUrl !== url) await writeState(db, 'moved', true);
      await writeState(db, 'enrolment', enrolment);
      await db.audit.add(auditEvent({ dossierId: null, action: 'settings_changed', actor, actorId, summary: `Đăng ký thiết bị với tỉnh: đơn vị ${answer.agencyCode}, quầy ${answer.deskNo}/${answer.desksInAgency}`, at: now() }));
      // The province numbers the desks of an agency, so that their code blocks never overlap.
      const desk = await readSetting(db, 'desk');
      if (desk) await putSettings(db, { desk: { ...desk, deskNo: answer.deskNo, desksInAgency: answer.desksInAgency } });
      const status = await readStatus(db);
      await writeState(db, 'status', { ...status, auth: 'ok', lastError: null, failures: 0, connection: 'online', skewMs: skewMs ?? status.skewMs });
    });
    return enrolment;
  }

  async function failure(error: unknown, counts = true): Promise<CycleOutcome> {
    const e = error instanceof SyncRequestError ? error : null;
    const message = e?.message ?? `Lỗi không mong đợi khi đồng bộ: ${(error as Error)?.message ?? String(error)}. Dữ liệu vẫn được giữ trên máy.`;
    const auth = e?.kind === 'expired' ? 'expired' : e?.kind === 'unauthorized' ? 'unauthorized' : undefined;
    const connection = !e ? 'error' : e.kind === 'offline' || e.kind === 'timeout' ? 'offline' : 'error';
    const status = await readStatus(db);
    await updateStatus(db, {
      running: false,
      lastError: message,
      connection: auth ? 'online' : connection,
      ...(auth ? { auth } : {}),
      failures: auth || !counts ? status.failures : status.failures + 1,
      skewMs,
    });
    if (auth) return { ok: false, reason: 'auth', error: e! };
    return { ok: false, reason: 'failed', error: e ?? (error as Error), retryAfterMs: e?.detail.retryAfterMs };
  }

  async function push(api: SyncClient, token: string) {
    let pushed = 0;
    let quarantined = 0;
    let conflicts = 0;
    for (let round = 0; round < 10_000; round++) {
      const entries = await nextBatch(db, batchSize);
      if (!entries.length) break;
      const prepared = await prepareItems(db, entries, now());
      quarantined += prepared.quarantined;
      if (!prepared.items.length) continue;
      let response;
      try {
        response = await api.push(token, prepared.items);
      } catch (e) {
        const refusal = itemRefusal(e);
        if (refusal && prepared.sent.length > 1) {
          // Something refused the request for what is in it: halve until the one item it refuses is alone.
          batchSize = Math.max(1, Math.floor(prepared.sent.length / 2));
          continue;
        }
        if (refusal) {
          await quarantineEntry(db, prepared.sent[0], refusal);
          quarantined++;
          batchSize = maxBatch;
          continue;
        }
        await markBatchFailed(db, prepared.sent, e instanceof Error ? e.message : String(e));
        throw e;
      }
      const tally = await applyAnswers(db, prepared.sent, response.results, now());
      pushed += tally.accepted;
      quarantined += tally.rejected + tally.conflicts;
      conflicts += tally.conflicts;
      if (tally.unanswered === prepared.sent.length) {
        // Nothing in the answer matched what was sent (a misrouted or replayed answer): retry later.
        throw new SyncRequestError('garbled', SYNC_MESSAGES.schema('câu trả lời không khớp với lô đã gửi'));
      }
      await yieldToUi();
    }
    batchSize = maxBatch;
    return { pushed, quarantined, conflicts };
  }

  /** A new epoch of the province's store: re-check what it holds of this desk, re-send, rewind. */
  async function reconcileStore(api: SyncClient, token: string, deviceId: string, store: StoreIdentity) {
    const known = await readState(db, 'store');
    // Another server (a new address), or an office relay on either side (a relay's cursor is its own,
    // but the seqs it passes down are the province's): not a restored province.
    const moved = (await readState(db, 'moved')) === true || [known?.epoch, store.epoch].some((e) => e?.startsWith(RELAY_EPOCH_PREFIX));
    if (known?.epoch === store.epoch) {
      if (moved) await writeState(db, 'moved', false); // re-enrolled with the same server
      return;
    }
    if (!known) {
      if (moved) await writeState(db, 'moved', false);
      await writeState(db, 'store', store); // first contact (or a desk from before epochs): nothing to compare
      return;
    }
    const held = new Map<string, Holding>();
    let after = '';
    for (let page = 0; page < 10_000; page++) {
      const answer = await api.holdings(token, after, 1000);
      if (answer.deviceId !== deviceId || answer.after !== after) throw new SyncRequestError('garbled', SYNC_MESSAGES.schema('câu trả lời không khớp với yêu cầu đã gửi'));
      if (answer.store.epoch !== store.epoch) throw new SyncRequestError('server', SYNC_MESSAGES.storeChanged);
      for (const h of answer.items) held.set(h.dossierId, h);
      if (!answer.hasMore || !answer.items.length) break;
      after = answer.items[answer.items.length - 1].dossierId;
      await yieldToUi();
    }
    await recheckAfterNewEpoch(db, held, store, moved);
  }

  /** Restored from a backup and not yet reconciled: take back what the province holds of this desk. */
  async function reconcileRestore(api: SyncClient, token: string, deviceId: string) {
    const state = await readRestoreState(db);
    if (!state || state.reconciledAt != null) return;
    const tally: RestoreTally = { takenBack: 0, counters: 0 };
    let after = '';
    for (let page = 0; page < 100_000; page++) {
      const answer = await api.restore(token, after, MAX_RESTORE_LIMIT);
      if (answer.deviceId !== deviceId || answer.after !== after) throw new SyncRequestError('garbled', SYNC_MESSAGES.schema('câu trả lời không khớp với yêu cầu đã gửi'));
      const t = await applyRestorePage(db, answer.items, answer.deskNo, now());
      tally.takenBack += t.takenBack;
      tally.counters += t.counters;
      if (!answer.hasMore || !answer.items.length) break;
      after = answer.items[answer.items.length - 1].dossierId;
      await yieldToUi();
    }
    await finishRestore(db, state, tally, now());
  }

  async function pull(api: SyncClient, token: string, deviceId: string) {
    let cursor = (await readState(db, 'cursor')) ?? 0;
    const epoch = (await readState(db, 'store'))?.epoch;
    // The first copy of the agency's dossiers (after enrolment): the open ones only, page by page.
    const open = !(await readState(db, 'agencyCopied'));
    let pulled = 0;
    for (let page = 0; page < 10_000; page++) {
      const answer = await api.pull(token, cursor, pageSize, { open });
      // Changes of another epoch than the one re-checked are not applied: the next cycle re-checks first.
      if (epoch && answer.store.epoch !== epoch) throw new SyncRequestError('server', SYNC_MESSAGES.storeChanged);
      if (answer.deviceId !== deviceId || answer.cursor !== cursor) throw new SyncRequestError('garbled', SYNC_MESSAGES.schema('câu trả lời không khớp với yêu cầu đã gửi'));
      if (answer.nextCursor < cursor) throw new SyncRequestError('garbled', SYNC_MESSAGES.schema('con trỏ đồng bộ lùi lại'));
      if (answer.changes.length || answer.nextCursor !== cursor) {
        const tally = await applyProvincePage(db, answer.changes, answer.nextCursor, now());
        pulled += tally.applied;
      }
      if (!answer.hasMore || answer.nextCursor === cursor) {
        if (open) await writeState(db, 'agencyCopied', now());
        break;
      }
      cursor = answer.nextCursor;
      await yieldToUi();
    }
    return pulled;
  }

  /** One full cycle under the lock. Never throws: the outcome says what happened, the status row too. */
  async function runCycle(opts: { wait?: boolean; /** false: an early attempt (a nudge) that must not raise the backoff */ countFailure?: boolean } = {}): Promise<CycleOutcome> {
    return locks.request(SYNC_LOCK, { ifAvailable: !opts.wait }, async (held) => {
      if (!held) return { ok: false, reason: 'busy' } as CycleOutcome;
      const enrolment = await readState(db, 'enrolment');
      const credential = await loadCredential(secrets);
      if (!enrolment || !credential) {
        await updateStatus(db, { auth: 'none', running: false });
        return { ok: false, reason: 'not_enrolled' } as CycleOutcome;
      }
      const api = client(enrolment.serverUrl);
      await updateStatus(db, { running: true, lastAttemptAt: now() });
      try {
        // Expiry is the server's to judge, on its clock: a desk clock that is ahead must not refuse a
        // valid credential (the server answers credential_expired when it has expired).
        const { catalog, calendar, office } = await referenceVersions(db);
        const ref = await api.reference(credential.token, { catalog, calendar, office });
        const reference = await applyReference(db, ref, now());
        advisedIdleMs = ref.pollMs ?? null;
        await reconcileStore(api, credential.token, credential.deviceId, ref.store);
        await reconcileRestore(api, credential.token, credential.deviceId);
        if ((await readState(db, 'resend'))?.ids.length) {
          await pull(api, credential.token, credential.deviceId);
          await queueResends(db, now());
        }
        let p = { pushed: 0, quarantined: 0, conflicts: 0 };
        let pushError: unknown = null;
        try {
          p = await push(api, credential.token);
        } catch (e) {
          // The province's decisions still come in when pushing fails (unless the server is out of reach).
          if (!pullsAfter(e)) throw e;
          pushError = e;
        }
        const pulled = await pull(api, credential.token, credential.deviceId);
        if (pushError) throw pushError;
        await pushAudit(db, api, credential.token, now, yieldToUi);
        await updateStatus(db, { running: false, connection: 'online', auth: 'ok', lastSuccessAt: now(), lastError: null, failures: 0, skewMs });
        return { ok: true, ...p, pulled, reference } as CycleOutcome;
      } catch (e) {
        return failure(e, opts.countFailure ?? true);
      }
    });
  }

  /**
   * Sends the scanned files whose dossiers the province has confirmed, one at a time, under its own lock
   * (one window uploads; a cycle never waits for it). Null when another upload run holds the lock or the
   * desk is not enrolled.
   */
  async function uploadFiles(signal?: AbortSignal): Promise<UploadTally | null> {
    return locks.request(UPLOAD_LOCK, { ifAvailable: true }, async (held) => {
      if (!held) return null;
      const enrolment = await readState(db, 'enrolment');
      const credential = await loadCredential(secrets);
      if (!enrolment || !credential) return null;
      const api = client(enrolment.serverUrl);
      return sendUploads({
        db,
        baseUrl: enrolment.serverUrl,
        token: credential.token,
        receipt: (id) => api.fileReceipt(credential.token, id),
        now,
        signal,
        chunkSize: options.uploadChunkSize,
        retryDelays: options.uploadRetryDelays,
      });
    });
  }

  /** Is the server reachable? A real request, not navigator.onLine. */
  async function probe(): Promise<boolean> {
    const enrolment = await readState(db, 'enrolment');
    if (!enrolment) return false;
    try {
      await client(enrolment.serverUrl).health();
      await updateStatus(db, { connection: 'online', skewMs });
      return true;
    } catch (e) {
      await updateStatus(db, { connection: e instanceof SyncRequestError && (e.kind === 'offline' || e.kind === 'timeout') ? 'offline' : 'error' });
      return false;
    }
  }

  /** How long to wait after an outcome before the next cycle. */
  async function delayAfter(outcome: CycleOutcome): Promise<number> {
    if (outcome.ok) return advisedIdleMs != null ? Math.min(idleMs, advisedIdleMs) : idleMs;
    if (outcome.reason === 'not_enrolled' || outcome.reason === 'auth' || outcome.reason === 'busy') return idleMs;
    const { failures } = await readStatus(db);
    return Math.max(backoffDelay(failures, backoff, random), outcome.retryAfterMs ?? 0);
  }

  /**
   * The background loop: cycles, backing off after failures; `nudge()` (sync now, back online) cuts a wait
   * short. Stops when the signal aborts.
   */
  function run(signal: AbortSignal) {
    let wake: (() => void) | null = null;
    const nudge = () => wake?.();
    /** Waits ms, or until a nudge or the abort; the abort listener is removed whichever comes first. */
    const sleep = (ms: number) =>
      new Promise<'timer' | 'nudge' | 'abort'>((resolve) => {
        const finish = (why: 'timer' | 'nudge' | 'abort') => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          wake = null;
          resolve(why);
        };
        const onAbort = () => finish('abort');
        const timer = setTimeout(() => finish('timer'), ms);
        signal.addEventListener('abort', onAbort, { once: true });
        wake = () => finish('nudge');
      });
    // Files go beside the cycles: a 50 MB scan never holds back the dossiers behind it.
    let uploading: Promise<unknown> | null = null;
    const kickUploads = () => {
      uploading ??= uploadFiles(signal).catch(() => null).finally(() => (uploading = null));
    };
    const done = (async () => {
      let nudged = false;
      while (!signal.aborted) {
        const outcome = await runCycle({ wait: true, countFailure: !nudged });
        if (outcome.ok) kickUploads();
        nudged = false;
        const delay = await delayAfter(outcome);
        const until = now() + delay;
        await updateStatus(db, { nextAttemptAt: until });
        // Out of reach: a cheap probe on a short period finds the network's return, whatever the backoff;
        // a nudge then probes too, so the officer's commands neither hammer nor count as failures.
        const unreachable = !outcome.ok && outcome.reason === 'failed' && isUnreachable(outcome.error);
        for (;;) {
          const left = until - now();
          if (signal.aborted || left <= 0) break;
          const why = await sleep(unreachable ? Math.min(left, probeMs) : left);
          nudged = why === 'nudge';
          if (why === 'abort' || !unreachable) break;
          if (await probe()) break;
        }
      }
    })();
    return { nudge, done };
  }

  return { enrol, runCycle, probe, run, delayAfter, deviceIdentity, uploadFiles, get skewMs() { return skewMs; } };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** The server cannot be reached or is down: worth probing, not worth a full cycle. */
function isUnreachable(e: unknown): boolean {
  return e instanceof SyncRequestError && (e.kind === 'offline' || e.kind === 'timeout' || e.kind === 'server');
}

/** A push failure after which pulling still makes sense (the server is there and knows the desk). */
function pullsAfter(e: unknown): boolean {
  return e instanceof SyncRequestError && !isUnreachable(e) && e.kind !== 'unauthorized' && e.kind !== 'expired' && e.kind !== 'rate_limited';
}

const REFUSED_STATUSES = [400, 403, 413, 414, 422, 431];

/**
 * The reason to quarantine with when a push was refused for what it carries (a web firewall's 403, a
 * proxy's or the server's 413), as opposed to the server or the network failing; null otherwise.
 */
function itemRefusal(e: unknown): string | null {
  if (!(e instanceof SyncRequestError)) return null;
  const status = e.detail.status ?? (e.kind === 'too_large' ? 413 : 0);
  if (!REFUSED_STATUSES.includes(status) || e.kind === 'unauthorized' || e.kind === 'expired' || e.kind === 'rate_limited') return null;
  const html = e.detail.html === true || (e.kind !== 'too_large' && e.kind !== 'refused');
  return status === 413 ? SYNC_MESSAGES.itemTooLarge(status, html) : SYNC_MESSAGES.itemBlocked(status, html);
}

export function skewWarning(skewMs: number | null): boolean {
  return skewMs != null && Math.abs(skewMs) > CLOCK_SKEW_WARN_MS;
}
