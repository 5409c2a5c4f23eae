// One dossier's sync state, derived from its outbox entries and open conflicts (nothing extra to keep
// consistent).
import type { DeskDb, OutboxEntry, SyncConflict } from '../db/db';
import { readState } from './state';

export type DossierSyncState = 'pending' | 'sent' | 'failed' | 'quarantined' | 'conflict';

export interface DossierSyncInfo {
  state: DossierSyncState;
  /** Why it failed, was quarantined or is in conflict (Vietnamese). */
  reason: string | null;
  /** Last confirmation by the province. */
  sentAt: number | null;
  unsent: number;
  conflict: SyncConflict | null;
  quarantined: OutboxEntry[];
}

export function deriveDossierSync(entries: OutboxEntry[], conflicts: SyncConflict[]): DossierSyncInfo {
  const open = conflicts.find((c) => c.open === 1) ?? null;
  const unsent = entries.filter((e) => e.state !== 'sent');
  const quarantined = entries.filter((e) => e.state === 'quarantined');
  const failed = unsent.filter((e) => e.state === 'failed');
  const sentAt = entries.reduce<number | null>((m, e) => (e.sentAt != null && (m == null || e.sentAt > m) ? e.sentAt : m), null);
  const base = { sentAt, unsent: unsent.length, conflict: open, quarantined };
  if (open) return { ...base, state: 'conflict', reason: open.reason };
  if (quarantined.length) return { ...base, state: 'quarantined', reason: quarantined[quarantined.length - 1].lastError };
  if (failed.length) return { ...base, state: 'failed', reason: failed[failed.length - 1].lastError };
  if (unsent.length) return { ...base, state: 'pending', reason: null };
  return { ...base, state: 'sent', reason: null };
}

export async function dossierSyncInfo(db: DeskDb, dossierId: string): Promise<DossierSyncInfo> {
  const [entries, conflicts] = await Promise.all([
    db.outbox.where('dossierId').equals(dossierId).sortBy('seq'),
    db.conflicts.where('dossierId').equals(dossierId).toArray(),
  ]);
  return deriveDossierSync(entries, conflicts);
}

/** Counts for the admin panel and the header. */
export async function outboxCounts(db: DeskDb) {
  const [pending, failed, quarantined, conflicts] = await Promise.all([
    db.outbox.where('state').equals('pending').count(),
    db.outbox.where('state').equals('failed').count(),
    db.outbox.where('state').equals('quarantined').count(),
    db.conflicts.where('open').equals(1).count(),
  ]);
  return { pending, failed, quarantined, conflicts, unsent: pending + failed + quarantined };
}

/** What the sync panel lists for the administrator: quarantined changes, open conflicts, reference versions. */
export async function syncAdminDetails(db: DeskDb) {
  const [quarantined, conflicts, reference, audit] = await Promise.all([
    db.outbox.where('state').equals('quarantined').limit(200).toArray(),
    db.conflicts.where('open').equals(1).toArray(),
    readState(db, 'reference'),
    readState(db, 'audit'),
  ]);
  return { quarantined, conflicts, reference: reference ?? null, audit: audit ?? null };
}
