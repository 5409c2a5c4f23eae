// One sync at a time, however many windows are open: Web Locks are shared by every tab of the origin.
// Where there are none (Node tests), an in-process lock gives the same rule within one process.
export interface LockProvider {
  /** Runs fn holding the named lock. ifAvailable: run fn(false) at once instead of waiting when it is taken. */
  request<T>(name: string, options: { ifAvailable?: boolean }, fn: (held: boolean) => Promise<T>): Promise<T>;
}

export function webLocks(): LockProvider | null {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (!locks) return null;
  return {
    request: (name, options, fn) =>
      locks.request(name, { mode: 'exclusive', ifAvailable: options.ifAvailable ?? false }, (lock) => fn(lock !== null)) as Promise<never>,
  };
}

export function inProcessLocks(): LockProvider {
  const tails = new Map<string, Promise<unknown>>();
  const held = new Set<string>();
  return {
    async request(name, options, fn) {
      if (options.ifAvailable && held.has(name)) return fn(false);
      const previous = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      tails.set(name, previous.then(() => mine));
      await previous;
      held.add(name);
      try {
        return await fn(true);
      } finally {
        held.delete(name);
        release();
      }
    },
  };
}

export function defaultLocks(): LockProvider {
  return webLocks() ?? inProcessLocks();
}
