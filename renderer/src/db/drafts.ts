// The reception form's draft, one per account: a half-typed intake survives a reload until it is saved
// (receiveDossier deletes it in its own transaction) or discarded. Kept in IndexedDB on the desk only;
// never synced and not audited (it is not a record, only what is on the officer's screen).
import type { DeskDb, IntakeDraft } from './db';
import { requirePermission } from './session';

/** Drafts are larger than any real intake only when something is wrong: refuse rather than fill the disk. */
const MAX_DRAFT_CHARS = 100_000;

/** The account's id, or a rejected promise: callers chain .catch, so a refusal must never throw synchronously. */
function draftOwner(db: DeskDb): { actorId: string | null; refused?: Promise<never> } {
  try {
    return { actorId: requirePermission(db, 'receive').actorId };
  } catch (e) {
    return { actorId: null, refused: Promise.reject(e) };
  }
}

export function saveDraft(db: DeskDb, data: unknown, now = Date.now()): Promise<void> {
  const { actorId, refused } = draftOwner(db);
  if (refused) return refused;
  if (!actorId) return Promise.resolve();
  if (JSON.stringify(data).length > MAX_DRAFT_CHARS) return Promise.resolve();
  return db.drafts.put({ accountId: actorId, data, updatedAt: now }).then(() => undefined);
}

export function loadDraft(db: DeskDb): Promise<IntakeDraft | undefined> {
  const { actorId, refused } = draftOwner(db);
  if (refused) return refused;
  return actorId ? db.drafts.get(actorId) : Promise.resolve(undefined);
}

export function discardDraft(db: DeskDb): Promise<void> {
  const { actorId, refused } = draftOwner(db);
  if (refused) return refused;
  return actorId ? db.drafts.delete(actorId) : Promise.resolve();
}
