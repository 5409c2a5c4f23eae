// Retry timing: exponential, capped, with jitter so that many desks coming back online at once (after a
// provincial outage) do not hit the server in lockstep.
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/**
 * Delay before retry number `failures` (1 = first retry): base·2^(failures−1), capped, then "equal jitter":
 * uniformly between half and all of it. `random` returns [0, 1).
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failures));
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  return Math.round(exp / 2 + random() * (exp / 2));
}
