import Dexie, { type EntityTable } from 'dexie';
import type { Dossier } from '@shared/domain/dossier';
import { dossierSearchTokens } from '@shared/domain/reception';
import type { Procedure } from '@shared/domain/procedure';
import type { CalendarOverride, DeskCalendarDay } from '@shared/calendar/types';
import type { DossierStatus, TransitionAction } from '@shared/domain/status';
import type { DBCoreRangeType } from 'dexie';
import type { Role } from '@shared/domain/roles';
import { GENESIS_HASH, eventHash } from '@shared/audit/chain';
import type { DecisionSnapshot, ProvinceChange } from '@shared/sync/contract';
import { factsMiddleware, factsRow, packDay, type FactsDay, type FactsRow } from './facts';
import { vnDateKey } from '@shared/calendar/vnTime';
import type { PostalBatch } from '@shared/postal/batch';

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

/**
 * The shape of `OutboxEntry.dossier`. When the Dossier shape changes, raise it and, in the same schema
 * version, rewrite the pending entries of the older format (a Dexie upgrade), so they are sent instead of
 * quarantined as malformed.
 */
export const OUTBOX_FORMAT = 1;

/** One change waiting to reach the province. It leaves only when the server has confirmed it. */
export interface OutboxEntry {
  seq?: number;
  id: string; // client-made UUID, the server's idempotency key
  format: number;
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

/**
 * province_update: a change pulled from the province; conflict_resolved and recoded: the officer settling
 * a sync conflict; settings_changed and calendar_changed: events about the desk, with no dossier;
 * sync_resent: a dossier sent again because the province's store was restored without it;
 * reference_updated: the province's catalog, calendar or office data replaced the desk's.
 */
export type AuditAction =
  | 'received'
  | TransitionAction
  | 'edited'
  | 'printed'
  | 'extended'
  | 'province_update'
  | 'conflict_resolved'
  | 'recoded'
  | 'settings_changed'
  | 'calendar_changed'
  | 'sync_resent'
  | 'reference_updated'
  | 'fee_paid'
  | AccountAuditAction
  | PostalAuditAction
  | ScanAuditAction;

/** Digitising (issue 11): a slot's PDF kept (or replaced), or removed. Detail: slot, pages, sha256. */
export type ScanAuditAction = 'digitised' | 'scan_removed';

/** Postal work (issue 11): handover batches in both directions, and the result's journey by post. */
export type PostalAuditAction = 'postal_batched' | 'postal_confirmed' | 'postal_sent' | 'postal_delivered' | 'postal_failed' | 'postal_back_at_desk';

/** Events about accounts, sessions and reads of personal data (issue 10). */
export type AccountAuditAction =
  | 'account_created'
  | 'account_removed'
  | 'password_reset'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'screen_locked'
  | 'screen_unlocked'
  | 'dossier_viewed'
  | 'searched_id'
  | 'exported'
  | 'revealed'
  | 'audit_verified'
  | BackupAuditAction;

/** Backups, restores and retention (issue 10). */
export type BackupAuditAction = 'backup_created' | 'backup_restored' | 'restore_reconciled' | 'backup_settings_changed' | 'purged';

export interface AuditEvent {
  seq?: number; // insertion order, which breaks ties between events of the same millisecond
  id: string;
  /** Null for an event about the desk itself; such events stay out of the [dossierId+at] index. */
  dossierId: string | null;
  at: number;
  actor: string;
  action: AuditAction;
  /** Human-readable summary in Vietnamese, shown in the timeline. */
  summary: string;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus | null;
  detail: Record<string, string | number | boolean | null>;
  /** The account that acted (null for the system and the province). */
  actorId?: string | null;
  /** The hash of the desk's previous event, and this event's own (shared/audit/chain.ts). */
  prevHash?: string;
  hash?: string;
}

export type { Role };

/** A local account. The password is kept only as a slow-KDF hash. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** 'pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>' */
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: number;
  createdAt: number;
}

export type DeskDb = Dexie & {
  dossiers: EntityTable<Dossier, 'id'>;
  procedures: EntityTable<Procedure, 'code'>;
  settings: EntityTable<SettingRow, 'key'>;
  /** The province's calendar, replaced whole by each version it publishes. */
  calendarOverrides: EntityTable<CalendarOverride, 'date'>;
  /** The desk's own days off and make-up days: never touched by the province's calendar. */
  deskCalendarDays: EntityTable<DeskCalendarDay, 'date'>;
  counters: EntityTable<CounterRow, 'day'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  audit: EntityTable<AuditEvent, 'seq'>;
  syncState: EntityTable<SyncStateRow, 'key'>;
  conflicts: EntityTable<SyncConflict, 'id'>;
  accounts: EntityTable<Account, 'id'>;
  /** Kept by the database on every dossier write (facts.ts), one row per reception day: what the figures and the fee lists read. */
  dossierFacts: EntityTable<FactsDay, 'day'>;
  /** A half-typed intake per account, kept until it is saved or discarded. */
  drafts: EntityTable<IntakeDraft, 'accountId'>;
  postalBatches: EntityTable<PostalBatch, 'id'>;
  /** Scanned components and result documents, one assembled PDF each, kept outside the dossier rows. */
  scanFiles: EntityTable<ScanFile, 'id'>;
  /** The upload of each scanned file's version to the province (tus), resumable across restarts. */
  uploads: EntityTable<UploadRow, 'id'>;
};

export type UploadState = 'pending' | 'uploading' | 'done' | 'failed' | 'refused';

/**
 * One version of a scanned file on its way to the province: id `<scanFile id>:<sha256>`. The tus upload
 * URL is kept here (never in localStorage), so a closed app, a dropped connection or a server restart
 * resumes from the server's offset. A new version of the file replaces the older row unless it is done.
 */
export interface UploadRow {
  id: string;
  fileId: string;
  dossierId: string;
  slot: string;
  sha256: string;
  state: UploadState;
  /** Bytes the province has acknowledged (or, while uploading, sent so far), of total. */
  bytesSent: number;
  total: number;
  /** The tus upload's URL at the province, once created. */
  uploadUrl: string | null;
  /** Why it failed (will retry) or was refused (will not), in Vietnamese. */
  error: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** The province's receipt time (yyyyMMddHHmmss) once stored. */
  receivedAt: string | null;
}

/**
 * The scanned pages of one component (slot 'component:<componentId>') or of the result ('result'),
 * assembled into one PDF (issue 11). The row's id is also the upload's key; a new assembly (pages
 * reordered, rotated, deleted) gets a new sha256 and must be sent again.
 */
export interface ScanFile {
  id: string;
  dossierId: string;
  slot: string;
  /** e.g. '<dossier code>_<component>.pdf', what the province receives. */
  fileName: string;
  pdf: Blob;
  bytes: number;
  /** Hex SHA-256 of the PDF's bytes. */
  sha256: string;
  pageCount: number;
  digitisedBy: string; // account id
  digitisedByName: string;
  digitisedAt: number;
}

/** What the reception form held when the officer last typed, as typed (not validated). */
export interface IntakeDraft {
  accountId: string;
  data: unknown;
  updatedAt: number;
}

/** Sync engine state shared by every window of the desk (status, cursor, reference versions, enrolment). */
export interface SyncStateRow {
  key: string;
  value: unknown;
}

/** A sync conflict waiting for the officer. `open` is 1 until resolved (0), so it can be indexed. */
export interface SyncConflict {
  id: string;
  dossierId: string;
  /** peer (issue 14): another desk's change to this dossier clashed with this desk's and was refused; the officer acknowledges it. */
  kind: 'code_taken' | 'status' | 'peer';
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
  resolution: 'province' | 'desk' | 'recoded' | 'acknowledged' | null;
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
  {
    // Calendar ownership: the desk's own days leave calendarOverrides (now the province's list only),
    // and outbox entries carry the format of their dossier.
    version: 3,
    stores: {
      deskCalendarDays: 'date',
    },
    upgrade: async (tx) => {
      const reference = (await tx.table('syncState').get('reference'))?.value as { calendar?: number } | undefined;
      const rows = (await tx.table('calendarOverrides').toArray()) as CalendarOverride[];
      if (!reference?.calendar) {
        // No province calendar ever arrived: every row was typed on this desk.
        await tx.table('deskCalendarDays').bulkPut(rows.map((r) => ({ ...r, origin: 'desk' })));
        await tx.table('calendarOverrides').clear();
      } else {
        // Province rows and later desk additions are mixed: keep a copy of each as the desk's until the
        // next province calendar shows which were the province's (see applyProvinceCalendar).
        await tx.table('deskCalendarDays').bulkPut(rows.map((r) => ({ ...r, origin: 'unsure' })));
      }
      await tx.table('outbox').toCollection().modify((e: { format?: number }) => {
        e.format ??= 1;
      });
    },
  },
  // 4 is reserved for the sync engine's next schema change.
  {
    // Search by what the citizen says: the code's last digits, family and given name in any order, the
    // phone's tail. The index is unchanged; every dossier's tokens are rebuilt.
    version: 5,
    stores: {},
    // Dexie's own promise, returned as is: no native await in this upgrade.
    upgrade: (tx) =>
      tx.table('dossiers').toCollection().modify((d: Dossier) => {
        d.searchTokens = dossierSearchTokens(d);
      }),
  },
  {
    // Accounts and roles; the audit becomes a hash chain: events written before it are chained in order.
    version: 6,
    stores: {
      accounts: 'id, &username',
    },
    upgrade: async (tx) => {
      let prev = GENESIS_HASH;
      await tx.table('audit').toCollection().modify((e: AuditEvent) => {
        e.prevHash = prev;
        e.hash = eventHash({ ...e, prevHash: prev });
        prev = e.hash;
      });
    },
  },
  {
    // Drafts of the reception form, one per account; how often this desk receives each procedure
    // (the picker's ranking) is counted on the new index without reading the dossiers.
    version: 7,
    stores: {
      dossiers: 'id, &code, [status+appointmentAt], appointmentAt, receivedAt, *searchTokens, applicant.idNumber, updatedAt, [procedureCode+receivedAt]',
      drafts: 'accountId',
    },
  },
  // 8 is reserved for issue 10.
  {
    // Postal work: dossiers found by their waybills (a scanner types them), handover batches.
    version: 9,
    stores: {
      dossiers: 'id, &code, [status+appointmentAt], appointmentAt, receivedAt, *searchTokens, applicant.idNumber, updatedAt, [procedureCode+receivedAt], postal.inboundWaybill, postalReturn.outboundWaybill',
      postalBatches: 'id, &code, kind, createdAt, *dossierIds',
    },
  },
  {
    // Issue 12: the figures' small copy of every dossier (facts.ts), packed by reception day; filled here
    // from the dossiers already on the desk (Dexie's own promises only).
    version: 10,
    stores: {
      dossierFacts: 'day',
    },
    upgrade: (tx) => {
      const byDay = new Map<string, FactsRow[]>();
      return tx.table('dossiers').toCollection().each((d: Dossier) => {
        const day = vnDateKey(d.receivedAt);
        const rows = byDay.get(day);
        if (rows) rows.push(factsRow(d));
        else byDay.set(day, [factsRow(d)]);
      }).then(() => tx.table('dossierFacts').bulkPut([...byDay].map(([day, rows]) => packDay(day, rows))));
    },
  },
  {
    // Issue 11: scanned components, one PDF Blob per component, outside the dossier rows.
    version: 11,
    stores: {
      scanFiles: 'id, dossierId, &[dossierId+slot]',
    },
  },
  {
    // Issue 11: the scanned files' uploads to the province (tus), one row per file version.
    version: 12,
    stores: {
      uploads: 'id, fileId, dossierId, state',
    },
  },
];

/**
 * Every event added to the audit table is chained to the last one, in the same transaction: the
 * caller cannot forget it. An event that already carries a hash (a restored backup) is kept as is.
 */
function auditChainMiddleware(db: Dexie) {
  db.use({
    stack: 'dbcore',
    name: 'auditChain',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'audit') return table;
        return {
          ...table,
          mutate: async (req) => {
            if (req.type !== 'add' || req.values.every((v: AuditEvent) => v.hash)) return table.mutate(req);
            const last = await table.query({ trans: req.trans, values: true, limit: 1, direction: 'prev', query: { index: table.schema.primaryKey, range: { type: 3 as DBCoreRangeType /* Any */, lower: undefined, upper: undefined } } });
            let prev: string = (last.result[0] as AuditEvent | undefined)?.hash ?? GENESIS_HASH;
            const values = req.values.map((v: AuditEvent) => {
              if (v.hash) return v;
              const chained = { ...v, prevHash: prev };
              chained.hash = eventHash(chained);
              prev = chained.hash;
              return chained;
            });
            return table.mutate({ ...req, values });
          },
        };
      },
    }),
  });
}

export function openDeskDb(name = DB_NAME): DeskDb {
  const db = new Dexie(name) as DeskDb;
  for (const v of SCHEMA_VERSIONS) {
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  auditChainMiddleware(db);
  db.use(factsMiddleware);
  return db;
}
