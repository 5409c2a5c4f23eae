// Locks the screen after the configured idle time and on Ctrl+L.
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../db/instance';
import { lockScreen } from '../../db/accounts';
import { DEFAULT_IDLE_LOCK_MINUTES, readSetting } from '../../db/settings';

export function useIdleLock(active: boolean) {
  const minutes = useLiveQuery(() => readSetting(db, 'idleLockMinutes'), []) ?? DEFAULT_IDLE_LOCK_MINUTES;
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      if (minutes > 0) timer = setTimeout(() => void lockScreen(db, 'idle'), minutes * 60_000);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        void lockScreen(db, 'shortcut');
        return;
      }
      arm();
    };
    const events = ['mousemove', 'mousedown', 'wheel', 'touchstart'] as const;
    events.forEach((ev) => window.addEventListener(ev, arm, { passive: true }));
    window.addEventListener('keydown', onKey, true);
    arm();
    return () => {
      clearTimeout(timer);
      events.forEach((ev) => window.removeEventListener(ev, arm));
      window.removeEventListener('keydown', onKey, true);
    };
  }, [active, minutes]);
}
