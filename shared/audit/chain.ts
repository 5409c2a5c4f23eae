// The audit hash chain: every event carries the hash of the one before it (per desk), so an edited,
// deleted or reordered event breaks the chain at a findable place.
import { sha256Hex } from './sha256';

/** The hash before the first event of a desk. */
export const GENESIS_HASH = '0'.repeat(64);

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, strings NFC, undefined
 * members left out, numbers as JSON writes them. The same event always encodes to the same text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.normalize('NFC'));
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Json>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: unsupported ${typeof value}`);
}

/** The fields of an event the chain covers: everything but seq (local) and hash (its own output). */
export interface ChainedFields {
  id: string;
  dossierId: string | null;
  at: number;
  actor: string;
  actorId?: string | null;
  action: string;
  summary: string;
  fromStatus: string | null;
  toStatus: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
}

/** The text an event's hash is taken over (canonical JSON of the chained fields). */
export function chainedText(e: ChainedFields): string {
  const { id, dossierId, at, actor, actorId, action, summary, fromStatus, toStatus, detail, prevHash } = e;
  return canonicalJson({ id, dossierId, at, actor, actorId: actorId ?? null, action, summary, fromStatus, toStatus, detail, prevHash });
}

/** Synchronous, for writes inside a transaction; checks outside one may hash chainedText with WebCrypto. */
export function eventHash(e: ChainedFields): string {
  return sha256Hex(chainedText(e));
}

export type ChainBreak =
  | { index: number; id: string; reason: 'prev_mismatch'; expected: string; found: string }
  | { index: number; id: string; reason: 'hash_mismatch'; expected: string; found: string }
  | { index: number; id: string; reason: 'unchained' };

export interface ChainReport {
  checked: number;
  ok: boolean;
  firstBreak: ChainBreak | null;
  lastHash: string;
}

/** Walks events in chain order (oldest first) and reports the first broken link. */
export function verifyChain(events: Iterable<ChainedFields & { hash?: string }>, start = GENESIS_HASH): ChainReport {
  let prev = start;
  let index = 0;
  for (const e of events) {
    if (!e.hash || !e.prevHash) return { checked: index, ok: false, firstBreak: { index, id: e.id, reason: 'unchained' }, lastHash: prev };
    if (e.prevHash !== prev) return { checked: index, ok: false, firstBreak: { index, id: e.id, reason: 'prev_mismatch', expected: prev, found: e.prevHash }, lastHash: prev };
    const h = eventHash(e);
    if (h !== e.hash) return { checked: index, ok: false, firstBreak: { index, id: e.id, reason: 'hash_mismatch', expected: h, found: e.hash }, lastHash: prev };
    prev = e.hash;
    index++;
  }
  return { checked: index, ok: true, firstBreak: null, lastHash: prev };
}
