import { useSyncExternalStore } from 'react';

// Hash routes survive a reload and work on app:// and any web path alike.
export type Route =
  | { name: 'receive' }
  | { name: 'list' }
  | { name: 'dossier'; id: string }
  | { name: 'settings' }
  | { name: 'reports' }
  | { name: 'postal' }
  | { name: 'batch'; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, arg] = path.split('/');
  if (head === 'dossier' && arg) return { name: 'dossier', id: decodeURIComponent(arg) };
  if (head === 'list') return { name: 'list' };
  if (head === 'postal') return { name: 'postal' };
  if (head === 'batch' && arg) return { name: 'batch', id: decodeURIComponent(arg) };
  if (head === 'settings') return { name: 'settings' };
  if (head === 'reports') return { name: 'reports' };
  return { name: 'receive' };
}

export function navigate(path: string) {
  window.location.hash = `#/${path}`;
}

const subscribe = (l: () => void) => {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
