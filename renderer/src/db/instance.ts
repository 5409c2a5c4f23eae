// The desk's one database connection, and what the screens must know about its life.
import { useSyncExternalStore } from 'react';
import { openDeskDb } from './db';

export const db = openDeskDb();

export type DbState = 'open' | 'closed_by_upgrade' | 'upgrade_blocked';
let state: DbState = 'open';
const listeners = new Set<() => void>();
const setState = (s: DbState) => {
  state = s;
  listeners.forEach((l) => l());
};

// Another window opens a newer schema: let it upgrade (close), and tell the officer to reload.
db.on('versionchange', () => {
  db.close();
  setState('closed_by_upgrade');
  return false;
});
// This window's upgrade waits for an older window to close.
db.on('blocked', () => setState('upgrade_blocked'));
db.on('ready', () => {
  if (state === 'upgrade_blocked') setState('open');
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
