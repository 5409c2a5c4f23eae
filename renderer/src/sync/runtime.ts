// The app's one sync engine. Every window may start the runner, but only the window holding the Web Lock
// 'mot-cua-sync-runner' runs the background loop; when it closes, another window takes over. "Sync now"
// runs a cycle in the asking window, under the per-cycle lock, so two cycles never overlap.
import { liveQuery } from 'dexie';
import { db } from '../db/instance';
import { host } from '../host';
import { createSyncEngine, type CycleOutcome, type SyncEngine } from './engine';
import { defaultLocks, webLocks } from './locks';

let engine: SyncEngine | null = null;
let started = false;
let nudge: (() => void) | null = null;

export function getSyncEngine(): SyncEngine {
  engine ??= createSyncEngine({ db, secrets: host, locks: defaultLocks() });
  return engine;
}

export const RUNNER_LOCK = 'mot-cua-sync-runner';

/** Starts the background runner once per window (idempotent). */
export function startSyncRunner(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const controller = new AbortController();
  const loop = () => {
    const r = getSyncEngine().run(controller.signal);
    nudge = r.nudge;
    return r.done;
  };
  const locks = webLocks();
  if (locks) void locks.request(RUNNER_LOCK, {}, () => loop());
  else void loop();
  // A new dossier or action (in any window) goes out soon, not at the next idle tick.
  let last = -1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  liveQuery(() => db.outbox.where('state').equals('pending').count()).subscribe({
    next: (n) => {
      if (last >= 0 && n > last && !timer) {
        timer = setTimeout(() => {
          timer = null;
          nudge?.();
        }, 1_000);
      }
      last = n;
    },
    error: () => {},
  });
  // A scanned file added or re-made (a new SHA-256) goes out soon too, beside the cycles.
  let lastFiles: string | null = null;
  liveQuery(() => db.scanFiles.toArray().then((fs) => fs.map((f) => `${f.id}:${f.sha256}`).sort().join(','))).subscribe({
    next: (files) => {
      if (lastFiles !== null && files !== lastFiles) void getSyncEngine().uploadFiles(controller.signal);
      lastFiles = files;
    },
    error: () => {},
  });
  // Back online (as the browser believes): check for real at once rather than at the next backoff step.
  window.addEventListener('online', () => nudge?.());
  window.addEventListener('pagehide', () => controller.abort());
}

/** Runs a cycle now in this window (waiting for a cycle of another window to finish first). */
export async function syncNow(): Promise<CycleOutcome> {
  const outcome = await getSyncEngine().runCycle({ wait: true });
  nudge?.();
  return outcome;
}
