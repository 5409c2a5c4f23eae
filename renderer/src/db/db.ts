import Dexie, { type EntityTable } from 'dexie';
import type { Dossier } from '@shared/domain/dossier';
import type { Procedure } from '@shared/domain/procedure';
import type { CalendarOverride } from '@shared/calendar/types';
import type { DossierStatus, TransitionAction } from '@shared/domain/status';
import type { DecisionSnapshot, ProvinceChange } from '@shared/sync/contract';

export interface SettingRow {
  key: string;
  value: unknown;
}

/** Last sequence number a desk issued on one day (codeDay), so codes survive restarts. */
export interface CounterRow {
  day: string;
  last: number;
}

export type OutboxKind = 'dossier.received' | 'dossier.transition' | 'dossier.edited';

/** One change waiting to reach the province. It leaves only when the server has confirmed it. */
export interface OutboxEntry {
  seq?: number;
  id: string; // client-made UUID, the server's idempotency key
  dossierId: string;
  kind: OutboxKind;
  /** The dossier as it was right after the change, so changes replay in order. */
  dossier: Dossier;
  createdAt: number;
  state: 'pending' | 'sent' | 'failed' | 'quarantined';
  attempts: number;
  lastError: string | null;
  /** When the server confirmed it (state 'sent'). */
  sentAt?: number;
}

/** province_update: a change pulled from the province; conflict_resolved and recoded: the officer settling a sync conflict. */
export type AuditAction = 'received' | TransitionAction | 'edited' | 'printed' | 'province_update' | 'conflict_resolved' | 'recoded';

export interface AuditEvent {
  seq?: number; // insertion order, which breaks ties between events of the same millisecond
  id: string;
  dossierId: string;
  at: number;
  actor: string;
  action: AuditAction;
  /** Human-readable summary in Vietnamese, shown in the timeline. */
  summary: string;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus | null;
  detail: Record<string, string | number | boolean | null>;
}

export type DeskDb = Dexie & {
  dossiers: EntityTable<Dossier, 'id'>;
  procedures: EntityTable<Procedure, 'code'>;
  settings: EntityTable<SettingRow, 'key'>;
  calendarOverrides: EntityTable<CalendarOverride, 'date'>;
  counters: EntityTable<CounterRow, 'day'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  audit: EntityTable<AuditEvent, 'seq'>;
  syncState: EntityTable<SyncStateRow, 'key'>;
  conflicts: EntityTable<SyncConflict, 'id'>;
};

/** Sync engine state shared by every window of the desk (status, cursor, reference versions, enrolment). */
export interface SyncStateRow {
  key: string;
  value: unknown;
}

/** A sync conflict waiting for the officer. `open` is 1 until resolved (0), so it can be indexed. */
export interface SyncConflict {
  id: string;
  dossierId: string;
  kind: 'code_taken' | 'status';
  code: string;
  reason: string;
  /** status conflicts: the province's status (DVCQG code), its latest change seq, and the change itself if pulled. */
  provinceStatus: number | null;
  provinceSeq: number | null;
  provinceChange: unknown | null;
  /** status conflicts: the province's decision fields as it holds them (the latest known). */
  provinceDecision?: DecisionSnapshot | null;
  /** Province changes pulled while the conflict was open: applied when it is settled. */
  heldChanges?: ProvinceChange[];
  createdAt: number;
  open: 0 | 1;
  resolvedAt: number | null;
  resolution: 'province' | 'desk' | 'recoded' | null;
}

export const DB_NAME = 'mot-cua-desk';

/**
 * Every schema version since the first release, oldest first. Never edit a released entry: add a new
 * one with an upgrade function, so a desk that skipped releases still upgrades step by step.
 */
export const SCHEMA_VERSIONS: { version: number; stores: Record<string, string>; upgrade?: Parameters<ReturnType<Dexie['version']>['upgrade']>[0] }[] = [
  {
    version: 1,
    stores: {
      dossiers: 'id, &code, [status+appointmentAt], appointmentAt, receivedAt, *searchTokens, applicant.idNumber, updatedAt',
      procedures: 'code',
      settings: 'key',
      calendarOverrides: 'date',
      counters: 'day',
      outbox: '++seq, &id, dossierId, state',
      audit: '++seq, &id, [dossierId+at], at',
    },
  },
  {
    // Sync with the province: engine state and conflicts for the officer.
    version: 2,
    stores: {
      syncState: 'key',
      conflicts: 'id, dossierId, open',
    },
  },
];

export function openDeskDb(name = DB_NAME): DeskDb {
  const db = new Dexie(name) as DeskDb;
  for (const v of SCHEMA_VERSIONS) {
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  return db;
}
