// The reception form's draft, one per account: a half-typed intake survives a reload until it is saved
// (receiveDossier deletes it in its own transaction) or discarded. Kept in IndexedDB on the desk only;
// never synced and not audited (it is not a record, only what is on the officer's screen).
import type { DeskDb, IntakeDraft } from './db';
import { requirePermission } from './session';

/** Drafts are larger than any real intake only when something is wrong: refuse rather than fill the disk. */
const MAX_DRAFT_CHARS = 100_000;

/** The account whose draft this is; a refusal (no session, locked, a role that does not receive) as a rejection. */
function draftOwner(db: DeskDb): Promise<string | null> {
  try {
    return Promise.resolve(requirePermission(db, 'receive').actorId);
  } catch (err) {
    return Promise.reject(err);
  }
}

export function saveDraft(db: DeskDb, data: unknown, now = Date.now()): Promise<void> {
  return draftOwner(db).then((actorId) => {
    if (!actorId || JSON.stringify(data).length > MAX_DRAFT_CHARS) return undefined;
    return db.drafts.put({ accountId: actorId, data, updatedAt: now }).then(() => undefined);
  });
}

export function loadDraft(db: DeskDb): Promise<IntakeDraft | undefined> {
  return draftOwner(db).then((actorId) => (actorId ? db.drafts.get(actorId) : undefined));
}

export function discardDraft(db: DeskDb): Promise<void> {
  return draftOwner(db).then((actorId) => (actorId ? db.drafts.delete(actorId) : undefined));
}
