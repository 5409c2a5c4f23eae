// The records every command writes in its one transaction: the outbox entry and the audit event.
import type { Dossier } from '@shared/domain/dossier';
import { OUTBOX_FORMAT, type AuditAction, type AuditEvent, type OutboxEntry, type OutboxKind } from './db';

export const newId = () => crypto.randomUUID();

export interface AuditInput {
  /** The dossier the event is about; null for an event about the desk itself (settings, calendar). */
  dossierId: string | null;
  action: AuditAction;
  actor: string;
  summary: string;
  at: number;
  fromStatus?: AuditEvent['fromStatus'];
  toStatus?: AuditEvent['toStatus'];
  detail?: AuditEvent['detail'];
}

export function auditEvent(e: AuditInput): AuditEvent {
  return {
    id: newId(),
    dossierId: e.dossierId,
    at: e.at,
    actor: e.actor,
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
