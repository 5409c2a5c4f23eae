/**
 * The main window and the single-instance rule.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './config';
import type { Logger } from './log';
import { secureWebPreferences } from './security';

export const WINDOW_TITLE = 'Một cửa – Tiếp nhận hồ sơ';

export function mainWindowOptions(opts: { preloadPath: string; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      ...secureWebPreferences({
        preload: opts.preloadPath,
        // Chromium's PDF viewer, for previewing the generated forms in an <iframe> on a blob: URL.
        plugins: true,
        devTools: opts.devTools,
      }),
    },
  };
}

/** The part of BrowserWindow the shell uses. */
export interface WindowLike {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  webContents: {
    on(
      event: 'did-fail-load',
      listener: (event: unknown, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void,
    ): unknown;
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  };
}

export function createMainWindow<W extends WindowLike>(deps: {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  preloadPath: string;
  devTools: boolean;
  log: Logger;
}): W {
  const win = new deps.BrowserWindow(mainWindowOptions({ preloadPath: deps.preloadPath, devTools: deps.devTools }));
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_e, errorCode, _desc, _url, isMainFrame) => {
    if (isMainFrame) deps.log.error(`main-window load-failed ${errorCode}`);
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    deps.log.error(`main-window renderer-gone ${details.reason}`);
  });
  void win.loadURL(APP_ENTRY_URL).catch(() => deps.log.error('main-window load-rejected'));
  return win;
}

/** Brings an existing window to the front (used when a second instance is started). */
export function focusWindow(win: Pick<WindowLike, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (...args: unknown[]) => void): unknown;
  quit(): void;
}

/**
 * Takes the single-instance lock. Returns false (and quits) when another instance holds it; otherwise a
 * second start focuses this instance's window. Two instances would share one IndexedDB and one outbox.
 */
export function setupSingleInstance(app: SingleInstanceApp, getWindow: () => Parameters<typeof focusWindow>[0]): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focusWindow(getWindow()));
  return true;
}
