import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from './log';
import { hardenSession, hardenWebContents, isAppUrl, isPermissionAllowed, secureWebPreferences } from './security';

function recordingLog() {
  const lines: string[] = [];
  const log: Logger = { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
  return { log, lines };
}

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = h;
  }
  fire(event: string, ...args: unknown[]) {
    const e = { preventDefault: vi.fn() };
    this.emit(event, e, ...args);
    return e.preventDefault;
  }
  /** As Electron ≥ 25 does: the URL on the event, the deprecated argument too. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string, deprecatedArg: string = url) {
    const e = { preventDefault: vi.fn(), url };
    this.emit(event, e, deprecatedArg);
    return e.preventDefault;
  }
}

describe('isAppUrl', () => {
  it.each([
    ['app://desk/', true],
    ['app://desk/index.html#/list', true],
    ['app://DESK/', true],
    ['app://desk.evil/', false],
    ['app://evil/', false],
    ['https://desk/', false],
    ['file:///index.html', false],
    ['javascript:alert(1)', false],
    ['', false],
    [null, false],
  ])('%s → %s', (url, ok) => expect(isAppUrl(url)).toBe(ok));
});

describe('hardenWebContents', () => {
  it('blocks off-origin navigation and redirects, allows in-app navigation', () => {
    const { log, lines } = recordingLog();
    const c = new FakeContents();
    hardenWebContents(c, log);
    expect(c.fire('will-navigate', 'https://example.com/?cccd=001234567890')).toHaveBeenCalled();
    expect(c.fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(c.fire('will-redirect', 'https://example.com/')).toHaveBeenCalled();
    expect(c.fire('will-navigate', 'app://desk/index.html')).not.toHaveBeenCalled();
    // event.url wins over the deprecated argument.
    expect(c.navigate('will-navigate', 'https://evil.example/', 'app://desk/')).toHaveBeenCalled();
    expect(c.navigate('will-navigate', 'app://desk/#/list')).not.toHaveBeenCalled();
    // Never logs the URL (it could carry personal data).
    expect(lines.join('\n')).not.toContain('example.com');
    expect(lines.join('\n')).not.toContain('001234567890');
  });

  it('denies every window.open and refuses <webview>', () => {
    const { log } = recordingLog();
    const c = new FakeContents();
    hardenWebContents(c, log);
    expect(c.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(c.openHandler?.({ url: 'app://desk/' })).toEqual({ action: 'deny' });
    expect(c.fire('will-attach-webview', {}, {})).toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('allows only the allow-list, only for the app main frame', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://desk/', true)).toBe(true);
    expect(isPermissionAllowed('persistent-storage', 'app://desk/', true)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://desk/', false)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/', true)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'usb', 'serial']) {
      expect(isPermissionAllowed(p, 'app://desk/', true)).toBe(false);
    }
  });

  it('installs deny-by-default handlers on the session and refuses downloads', () => {
    const { log } = recordingLog();
    const handlers: Record<string, (...args: any[]) => unknown> = {};
    const emitter = new EventEmitter();
    const session = {
      setPermissionRequestHandler: (h: any) => (handlers.request = h),
      setPermissionCheckHandler: (h: any) => (handlers.check = h),
      setDevicePermissionHandler: (h: any) => (handlers.device = h),
      on: (event: string, l: (...args: any[]) => void) => emitter.on(event, l),
    };
    hardenSession(session as any, log);

    const cb = vi.fn();
    handlers.request(null, 'media', cb, { requestingUrl: 'app://desk/', isMainFrame: true });
    expect(cb).toHaveBeenLastCalledWith(false);
    handlers.request(null, 'clipboard-sanitized-write', cb, { requestingUrl: 'app://desk/', isMainFrame: true });
    expect(cb).toHaveBeenLastCalledWith(true);
    handlers.request(null, 'clipboard-sanitized-write', cb, { requestingUrl: 'https://x.example/', isMainFrame: true });
    expect(cb).toHaveBeenLastCalledWith(false);

    expect(handlers.check(null, 'notifications', 'app://desk', { requestingUrl: 'app://desk/', isMainFrame: true })).toBe(false);
    expect(handlers.check(null, 'clipboard-sanitized-write', 'app://desk', { isMainFrame: true })).toBe(true);
    expect(handlers.device({ deviceType: 'usb', origin: 'app://desk' })).toBe(false);

    const e = { preventDefault: vi.fn() };
    emitter.emit('will-download', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('secureWebPreferences', () => {
  it('carries the whole checklist', () => {
    const prefs = secureWebPreferences({ preload: '/x/preload.cjs' });
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      plugins: false,
      devTools: false,
      preload: '/x/preload.cjs',
    });
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(secureWebPreferences({})).not.toHaveProperty('preload');
  });
});
