import { useSyncExternalStore } from 'react';
import { db } from '../../db/instance';
import { getSession, subscribeSession, type Session } from '../../db/session';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, () => getSession(db));
}
