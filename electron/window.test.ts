import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from './config';
import { createMainWindow, focusWindow, mainWindowOptions, setupSingleInstance, WINDOW_TITLE } from './window';

describe('mainWindowOptions', () => {
  it('is sandboxed, isolated, without Node, with the preload', () => {
    const o = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
    expect(o.show).toBe(false);
    expect(o.title).toBe(WINDOW_TITLE);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });
});

class FakeWindow extends EventEmitter {
  static last: FakeWindow;
  loadURL = vi.fn(async (_url: string) => undefined);
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  minimized = false;
  isMinimized = () => this.minimized;
  isDestroyed = () => false;
  webContents = new EventEmitter();
  constructor(public options: unknown) {
    super();
    FakeWindow.last = this;
  }
}

describe('createMainWindow', () => {
  it('loads app://desk/ and shows when ready', () => {
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const returned = createMainWindow({ BrowserWindow: FakeWindow as never, preloadPath: '/p.cjs', devTools: true, log });
    const win = FakeWindow.last;
    expect(returned).toBe(win);
    expect(win.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(APP_ENTRY_URL).toBe('app://desk/');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
    win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://desk/', true);
    expect(log.error).toHaveBeenCalledWith('main-window load-failed -6');
  });
});

describe('single instance', () => {
  it('quits when another instance holds the lock', () => {
    const app = { requestSingleInstanceLock: () => false, on: vi.fn(), quit: vi.fn() };
    expect(setupSingleInstance(app, () => null)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.on).not.toHaveBeenCalled();
  });

  it('focuses (and restores) the first window on a second start', () => {
    const emitter = new EventEmitter();
    const app = { requestSingleInstanceLock: () => true, on: (e: string, l: () => void) => emitter.on(e, l), quit: vi.fn() };
    const win = new FakeWindow({});
    win.minimized = true;
    expect(setupSingleInstance(app, () => win)).toBe(true);
    emitter.emit('second-instance', {}, ['desk'], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('focusWindow ignores a missing window', () => {
    expect(() => focusWindow(null)).not.toThrow();
  });
});
