// The records every command writes in its one transaction: the outbox entry and the audit event.
import type { Dossier } from '@shared/domain/dossier';
import { OUTBOX_FORMAT, type AuditAction, type AuditEvent, type OutboxEntry, type OutboxKind } from './db';

export const newId = () => crypto.randomUUID();

export interface AuditInput {
  /** The dossier the event is about; null for an event about the desk itself (settings, calendar). */
  dossierId: string | null;
  action: AuditAction;
  actor: string;
  /** The logged-in account (session.ts); null for the system and the province. */
  actorId?: string | null;
  summary: string;
  at: number;
  fromStatus?: AuditEvent['fromStatus'];
  toStatus?: AuditEvent['toStatus'];
  detail?: AuditEvent['detail'];
}

/**
 * An audit event. Its prevHash and hash are added when it is written: the database chains every new
 * audit row to the desk's last one in the same transaction (auditChainMiddleware in db.ts).
 */
export function auditEvent(e: AuditInput): AuditEvent {
  return {
    id: newId(),
    dossierId: e.dossierId,
    at: e.at,
    actor: e.actor,
    actorId: e.actorId ?? null,
    action: e.action,
    summary: e.summary,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    detail: e.detail ?? {},
  };
}

export function outboxEntry(kind: OutboxKind, dossier: Dossier, now: number): OutboxEntry {
  return { id: newId(), format: OUTBOX_FORMAT, dossierId: dossier.id, kind, dossier, createdAt: now, state: 'pending', attempts: 0, lastError: null };
}
