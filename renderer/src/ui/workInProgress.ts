// Screens say when the officer is in the middle of something (a reception being typed), so that nothing
// reloads the page under them: the new-version banner waits for it.
import { useEffect, useSyncExternalStore } from 'react';

const busy = new Set<string>();
const listeners = new Set<() => void>();
let snapshot = false;

function publish() {
  snapshot = busy.size > 0;
  for (const listener of listeners) listener();
}

/** Marks `key` busy while `active` is true and the calling component is mounted. */
export function useMarkWorkInProgress(key: string, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    busy.add(key);
    publish();
    return () => {
      busy.delete(key);
      publish();
    };
  }, [key, active]);
}

export function useWorkInProgress(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}
