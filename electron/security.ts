/**
 * Guards applied to every WebContents and to the session: navigation off the app origin blocked,
 * window.open denied, <webview> refused, downloads refused (files are saved through the host), and
 * permission requests/checks denied unless explicitly allow-listed for the app's own main frame.
 */
import type { Event, HandlerDetails, Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './config';
import type { Logger } from './log';

/** True for URLs on the app's own origin, `app://desk`. */
export function isAppUrl(value: string | null | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

/** The WebContents surface the guards use (so fakes can stand in for it in tests). */
/** Navigation events carry the target as `event.url` (Electron ≥ 25); the second argument is deprecated. */
type NavigationEvent = Pick<Event, 'preventDefault'> & { url?: string };

export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(
    event: 'will-attach-webview',
    listener: (event: Pick<Event, 'preventDefault'>, webPreferences: unknown, params: unknown) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: Pick<HandlerDetails, 'url'>) => { action: 'deny' } | { action: 'allow' }): void;
}

/**
 * Blocks renderer-initiated navigation away from app://desk, all new windows, and webview attachment.
 * (Navigations started by main — loadURL/loadFile, e.g. the hidden print window — do not emit will-navigate.)
 */
export function hardenWebContents(contents: GuardableContents, log: Logger): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(event.url ?? url)) {
      event.preventDefault();
      log.warn('navigation-blocked');
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(event.url ?? url)) {
      event.preventDefault();
      log.warn('redirect-blocked');
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview-blocked');
  });
  contents.setWindowOpenHandler(() => {
    log.warn('window-open-denied');
    return { action: 'deny' };
  });
}

/**
 * Permissions granted to the app's own main frame. Everything else, and everything for any other origin,
 * is denied. `clipboard-sanitized-write`: the officer copies a dossier code (navigator.clipboard.writeText).
 * `persistent-storage`: navigator.storage.persist(), so the dossiers in IndexedDB are never evicted.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'persistent-storage']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(requestingUrl) && ALLOWED_PERMISSIONS.has(permission);
}

export type GuardableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & {
  on(event: 'will-download', listener: (event: Pick<Event, 'preventDefault'>, item: unknown, contents: unknown) => void): unknown;
};

/** Session-wide: permission requests and checks denied by default; device access denied; downloads refused. */
export function hardenSession(session: GuardableSession, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl, details.isMainFrame);
    if (!allowed) log.warn(`permission-denied ${permission}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const url = details.requestingUrl ?? requestingOrigin;
    return isPermissionAllowed(permission, url, details.isMainFrame ?? false);
  });
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => {
    event.preventDefault();
    log.warn('download-blocked');
  });
}

/** WebPreferences of every window this app opens: the security checklist in one place. */
export function secureWebPreferences(extra: { preload?: string; plugins?: boolean; devTools?: boolean }) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Spell-check dictionaries are downloaded from a Google CDN: none on an offline desk.
    spellcheck: false,
    plugins: extra.plugins ?? false,
    devTools: extra.devTools ?? false,
    ...(extra.preload ? { preload: extra.preload } : {}),
  } as const;
}

/** `WebContents` satisfies `GuardableContents` (compile-time check). */
export type _ContentsCheck = WebContents extends GuardableContents ? true : never;
