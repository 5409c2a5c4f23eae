// The desk's audit chain goes to the province too (POST /v1/audit), after the dossiers, in seq order,
// so the audit survives the loss of the desk. The cursor (the last seq the province took) is in syncState;
// a refused event (a broken link) stops the sending and is shown to the administrator with its reason.
import { MAX_AUDIT_ITEMS, type AuditWire } from '@shared/sync/contract';
import type { AuditEvent, DeskDb } from '../db/db';
import type { SyncClient } from './client';
import { readState, writeState, type AuditSyncState } from './state';


export function toAuditWire(e: AuditEvent): AuditWire {
  const detail: AuditWire['detail'] = {};
  for (const [k, v] of Object.entries(e.detail ?? {})) if (v !== undefined) detail[k] = v;
  return {
    id: e.id,
    dossierId: e.dossierId,
    at: e.at,
    actor: e.actor,
    actorId: e.actorId ?? null,
    action: e.action,
    summary: e.summary,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    detail,
    prevHash: e.prevHash ?? '',
    hash: e.hash ?? '',
  };
}

/** Sends the audit events the province does not have yet. Returns how many it took. */
export async function pushAudit(db: DeskDb, api: SyncClient, token: string, now: () => number, yieldToUi: () => Promise<void>): Promise<number> {
  let state: AuditSyncState = (await readState(db, 'audit')) ?? { sentSeq: 0, refused: null };
  let sent = 0;
  for (let round = 0; round < 100_000; round++) {
    const events = await db.audit.where('seq').above(state.sentSeq).limit(MAX_AUDIT_ITEMS).toArray();
    if (!events.length) break;
    const answer = await api.audit(token, events.map(toAuditWire));
    const taken = answer.accepted + answer.duplicates;
    const lastTaken = taken ? events[taken - 1].seq! : state.sentSeq;
    sent += answer.accepted;
    const refusedAt = answer.refused ? events.find((e) => e.id === answer.refused!.id) : undefined;
    state = { sentSeq: lastTaken, refused: answer.refused ? { reason: answer.refused.reason, at: now(), seq: refusedAt?.seq ?? lastTaken + 1 } : null };
    await writeState(db, 'audit', state);
    if (answer.refused || taken < events.length) break;
    await yieldToUi();
  }
  return sent;
}
