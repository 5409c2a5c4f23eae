// The reception form's draft, one per account: a half-typed intake survives a reload until it is saved
// (receiveDossier deletes it in its own transaction) or discarded. Kept in IndexedDB on the desk only;
// never synced and not audited (it is not a record, only what is on the officer's screen).
import type { DeskDb, IntakeDraft } from './db';
import { requirePermission } from './session';

/** Drafts are larger than any real intake only when something is wrong: refuse rather than fill the disk. */
const MAX_DRAFT_CHARS = 100_000;

export function saveDraft(db: DeskDb, data: unknown, now = Date.now()): Promise<void> {
  const { actorId } = requirePermission(db, 'receive');
  if (!actorId) return Promise.resolve();
  if (JSON.stringify(data).length > MAX_DRAFT_CHARS) return Promise.resolve();
  return db.drafts.put({ accountId: actorId, data, updatedAt: now }).then(() => undefined);
}

export function loadDraft(db: DeskDb): Promise<IntakeDraft | undefined> {
  const { actorId } = requirePermission(db, 'receive');
  return actorId ? db.drafts.get(actorId) : Promise.resolve(undefined);
}

export function discardDraft(db: DeskDb): Promise<void> {
  const { actorId } = requirePermission(db, 'receive');
  return actorId ? db.drafts.delete(actorId) : Promise.resolve();
}
