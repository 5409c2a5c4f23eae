// The desk's one database connection, and what the screens must know about its life.
import { useSyncExternalStore } from 'react';
import { openDeskDb, type DeskDb } from './db';

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
