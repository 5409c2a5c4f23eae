// The desk's one database connection, and what the screens must know about its life.
import { useSyncExternalStore } from 'react';
import { openDeskDb, type DeskDb } from './db';
import { getSession, setSession, subscribeSession, type Session } from './session';

export type DbState = 'open' | 'closed_by_upgrade' | 'upgrade_blocked';

/**
 * Two windows of the desk share one database. When another window opens a newer schema, this one
 * closes its connection so the upgrade can go on, and tells the officer to reload; when this window's
 * upgrade waits for an older window, it says so instead of hanging silently.
 */
export function watchDbLifecycle(target: DeskDb, report: (s: DbState) => void) {
  target.on('versionchange', () => {
    target.close();
    report('closed_by_upgrade');
    return false;
  });
  target.on('blocked', () => report('upgrade_blocked'));
  target.on('ready', () => report('open'));
}

export const db = openDeskDb();

/**
 * The session survives a reload of this tab (sessionStorage), not the closing of the tab or another
 * tab: those log in fresh. A locked session stays locked. The account is re-read from the database,
 * so a removed account or a changed role never comes back from storage.
 */
const SESSION_KEY = 'desk.session';
export const sessionRestored: Promise<void> = (async () => {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (!saved) return;
    const a = await db.accounts.get(saved.accountId);
    if (a) setSession(db, { accountId: a.id, username: a.username, displayName: a.displayName, role: a.role, locked: saved.locked });
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
  }
})();
subscribeSession(() => {
  const s = getSession(db);
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
});

let state: DbState = 'open';
const listeners = new Set<() => void>();
watchDbLifecycle(db, (s) => {
  state = s;
  listeners.forEach((l) => l());
});

export function useDbState(): DbState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** Asks the browser not to evict the desk's data under storage pressure. */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
