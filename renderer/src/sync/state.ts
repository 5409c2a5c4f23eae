// What the sync engine keeps in the desk database, visible to every window through live queries.
// The device credential is NOT here: it goes through the host's secret storage (credentials.ts).
import type { DeskDb } from '../db/db';
import type { StoreIdentity } from '@shared/sync/contract';

export type Connection = 'unknown' | 'online' | 'offline' | 'error';
export type AuthState = 'none' | 'ok' | 'expired' | 'unauthorized';

export interface SyncStatus {
  connection: Connection;
  auth: AuthState;
  running: boolean;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** Vietnamese, ready to show. Null after a successful cycle. */
  lastError: string | null;
  failures: number;
  nextAttemptAt: number | null;
  /** Server clock minus desk clock, from the last answer; null before any. */
  skewMs: number | null;
}

export const INITIAL_STATUS: SyncStatus = {
  connection: 'unknown',
  auth: 'none',
  running: false,
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  failures: 0,
  nextAttemptAt: null,
  skewMs: null,
};

export interface DeviceIdentity {
  /** Made once on this desk and kept across re-enrolments, so the province sees one device. */
  deviceId: string;
  deviceName: string;
}

export interface Enrolment {
  serverUrl: string;
  agencyCode: string;
  deskNo: number;
  desksInAgency: number;
  expiresAt: number;
  enrolledAt: number;
}

export interface ReferenceVersions {
  catalog: number;
  calendar: number;
  office: number;
  updatedAt: number | null;
}

/** How far the desk's audit chain has reached the province (sync/audit.ts). */
export interface AuditSyncState {
  /** The last audit seq the province has (stored or already held). */
  sentSeq: number;
  refused: { reason: string; at: number; seq: number } | null;
}

export interface SyncStateMap {
  status: SyncStatus;
  device: DeviceIdentity;
  enrolment: Enrolment;
  /** The last province change (pull seq) applied. */
  cursor: number;
  reference: ReferenceVersions;
  /** The identity of the province's store last synced with (a new epoch means it was reset or restored). */
  store: StoreIdentity;
  /** Dossiers to send again after a re-check (with the province's revision of each). */
  resend: { ids: string[]; deskRevs: Record<string, number> };
  /** How far the audit chain has reached the province (sync/audit.ts). */
  audit: AuditSyncState;
  /**
   * Set by a re-enrolment (the desk moved between an office relay and the province, or to a rebuilt relay):
   * the next store with another identity is another server, not a restore, so the cursor starts again at
   * 0 and the dossiers keep their province seqs (a relay passes the province's changes down under the
   * province's own seqs).
   */
  moved: boolean;
  /** When the desk's first copy of the agency's dossiers (pull version 2, open ones only) was complete. */
  agencyCopied: number;
}

export async function readState<K extends keyof SyncStateMap>(db: DeskDb, key: K): Promise<SyncStateMap[K] | undefined> {
  return (await db.syncState.get(key))?.value as SyncStateMap[K] | undefined;
}

export async function writeState<K extends keyof SyncStateMap>(db: DeskDb, key: K, value: SyncStateMap[K]): Promise<void> {
  await db.syncState.put({ key, value });
}

export async function readStatus(db: DeskDb): Promise<SyncStatus> {
  return { ...INITIAL_STATUS, ...(await readState(db, 'status')) };
}

/** Merges a partial status in one small transaction (several windows may write it). */
export async function updateStatus(db: DeskDb, patch: Partial<SyncStatus>): Promise<SyncStatus> {
  return db.transaction('rw', db.syncState, async () => {
    const next = { ...(await readStatus(db)), ...patch };
    await writeState(db, 'status', next);
    return next;
  });
}
