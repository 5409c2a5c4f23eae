/**
 * Wiring test of main.ts with a fake 'electron' module (no binary needed): the scheme is registered
 * before ready, everything is hooked up after, and a real call goes through the sender check and the zod
 * validation to a handler.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HOST_CHANNELS, HOST_FUNCTION_NAMES } from '../shared/host/contract';

const h = vi.hoisted(() => {
  const order: string[] = [];
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  return { order, ready, resolveReady: () => resolveReady(), windows: [] as any[], ipc: new Map<string, any>() };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const userData = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'desk-main-test-'));
  class FakeWebContents extends EventEmitter {
    id = 100 + h.windows.length;
    mainFrame = { url: 'app://desk/', parent: null, processId: 3, routingId: 1 };
    setWindowOpenHandler = vi.fn();
    getPrintersAsync = vi.fn(async () => []);
  }
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isDestroyed = () => false;
    constructor(public options: any) {
      super();
      h.windows.push(this);
    }
  }
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: vi.fn(() => h.order.push('enableSandbox')),
    setPath: vi.fn(),
    getPath: vi.fn(() => userData),
    getVersion: () => '0.1.0',
    whenReady: () => h.ready,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    setAppUserModelId: vi.fn(),
  });
  return {
    app,
    BrowserWindow,
    dialog: { showSaveDialog: vi.fn() },
    ipcMain: { handle: vi.fn((c: string, l: unknown) => h.ipc.set(c, l)), removeHandler: vi.fn() },
    Menu: { setApplicationMenu: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => h.order.push('registerSchemesAsPrivileged')),
      handle: vi.fn(() => h.order.push('protocol.handle')),
    },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(() => h.order.push('permissions')),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        on: vi.fn(),
      },
    },
  };
});

describe('main.ts wiring', async () => {
  const electron = (await import('electron')) as any;
  await import('./main');
  const beforeReady = [...h.order];
  h.resolveReady();
  await vi.waitFor(() => expect(h.windows).toHaveLength(1));

  afterAll(() => {
    fs.rmSync(electron.app.getPath('userData'), { recursive: true, force: true });
  });

  it('registers the privileged scheme and the sandbox before the app is ready', () => {
    expect(beforeReady).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(electron.protocol.registerSchemesAsPrivileged.mock.calls[0][0][0]).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true },
    });
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('after ready: permissions, the app:// handler, one IPC handler per contract function', () => {
    expect(h.order).toContain('permissions');
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...h.ipc.keys()].sort()).toEqual(HOST_FUNCTION_NAMES.map((n) => HOST_CHANNELS[n]).sort());
  });

  it('serves the renderer on app:// with the CSP', async () => {
    const handler = electron.protocol.handle.mock.calls[0][1] as (r: Request) => Promise<Response>;
    // From source, __dirname is electron/, so the root is renderer/ (its index.html); built, dist/renderer.
    const res = await handler(new Request('app://desk/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await handler(new Request('app://desk/..%2f..%2fpackage.json'))).status).toBe(403);
  });

  it('opens a sandboxed window with the CJS preload on app://desk/', () => {
    const win = h.windows[0];
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(path.basename(win.options.webPreferences.preload)).toBe('preload.cjs');
    expect(win.loadURL).toHaveBeenCalledWith('app://desk/');
  });

  it('hardens every new WebContents', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });

  it('answers a call from the window and refuses one from elsewhere', async () => {
    const win = h.windows[0];
    const appInfo = h.ipc.get(HOST_CHANNELS.appInfo);
    await expect(appInfo({ sender: { id: win.webContents.id }, senderFrame: win.webContents.mainFrame })).resolves.toEqual({
      version: '0.1.0',
      platform: process.platform,
      shell: 'electron',
    });
    await expect(
      appInfo({ sender: { id: 999 }, senderFrame: { ...win.webContents.mainFrame } }),
    ).rejects.toThrow(/forbidden-sender/);
    // safeStorage unavailable in this fake: refused, nothing written.
    const secretSet = h.ipc.get(HOST_CHANNELS.secretSet);
    await expect(
      secretSet({ sender: { id: win.webContents.id }, senderFrame: win.webContents.mainFrame }, { key: 'device.token', value: 'x' }),
    ).rejects.toThrow(/secrets-unavailable/);
    expect(fs.readdirSync(electron.app.getPath('userData'))).toEqual([]);
  });
});
