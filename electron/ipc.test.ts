import { describe, expect, it, vi } from 'vitest';
import { HOST_CHANNELS, HOST_FUNCTION_NAMES, HostError } from '../shared/host/contract';
import { createSenderCheck, registerHostIpc, type HostHandlers, type InvokeEventLike } from './ipc';
import type { Logger } from './log';

const pdf = () => new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]);

function setup(overrides: Partial<HostHandlers> = {}) {
  const registered = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown) => {
      registered.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => registered.delete(channel)),
  };
  const lines: string[] = [];
  const log: Logger = { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
  const handlers: HostHandlers = {
    appInfo: vi.fn(() => ({ version: '0.1.0', platform: 'linux', shell: 'electron' as const })),
    listPrinters: vi.fn(async () => []),
    printPdf: vi.fn(async () => ({ ok: true as const })),
    savePdf: vi.fn(async () => ({ saved: false as const })),
    saveFile: vi.fn(async () => ({ saved: false as const })),
    secretGet: vi.fn(async () => ({ value: 'secret-token-value' })),
    secretSet: vi.fn(async () => ({ ok: true as const })),
    secretDelete: vi.fn(async () => ({ ok: true as const })),
    backupChooseFolder: vi.fn(async () => ({ folder: null, files: [] })),
    backupFolder: vi.fn(async () => ({ folder: null, files: [] })),
    backupWrite: vi.fn(async () => ({ ok: true as const, location: '/x' })),
    scanFolderChoose: vi.fn(async () => ({ supported: true, folder: null })),
    scanFolder: vi.fn(async () => ({ supported: true, folder: null })),
    scanInbox: vi.fn(async () => ({ files: [] })),
    scanInboxRead: vi.fn(async () => ({ bytes: new Uint8Array([1]) })),
    scanInboxDone: vi.fn(async () => ({ ok: true as const })),
    ...overrides,
  };
  const mainFrame = { url: 'app://desk/index.html#/list', parent: null, processId: 4, routingId: 1 };
  const trusted = { id: 7, mainFrame };
  const isTrustedSender = createSenderCheck(() => trusted);
  const unregister = registerHostIpc({ ipcMain, handlers, isTrustedSender, log });
  const goodEvent: InvokeEventLike = { sender: { id: 7 }, senderFrame: mainFrame };
  const invoke = (name: keyof typeof HOST_CHANNELS, event: InvokeEventLike, ...args: unknown[]) =>
    Promise.resolve().then(() => registered.get(HOST_CHANNELS[name])!(event, ...args));
  return { registered, ipcMain, handlers, lines, invoke, goodEvent, mainFrame, unregister };
}

describe('registerHostIpc', () => {
  it('registers exactly one handler per contract function, and removes them', () => {
    const { registered, unregister, ipcMain } = setup();
    expect([...registered.keys()].sort()).toEqual(HOST_FUNCTION_NAMES.map((n) => HOST_CHANNELS[n]).sort());
    unregister();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(HOST_FUNCTION_NAMES.length);
    expect(registered.size).toBe(0);
  });

  it('runs a valid call from the app main frame', async () => {
    const { invoke, goodEvent, handlers } = setup();
    await expect(invoke('appInfo', goodEvent)).resolves.toEqual({ version: '0.1.0', platform: 'linux', shell: 'electron' });
    const req = { pdf: pdf(), silent: false, copies: 1, pageSize: 'A4', landscape: false, jobName: 'Phiếu' };
    await expect(invoke('printPdf', goodEvent, req)).resolves.toEqual({ ok: true });
    expect(handlers.printPdf).toHaveBeenCalledWith(req);
    await expect(invoke('secretGet', goodEvent, { key: 'device.token' })).resolves.toEqual({ value: 'secret-token-value' });
  });

  it.each<[string, (frame: any) => InvokeEventLike]>([
    ['another WebContents', (f) => ({ sender: { id: 8 }, senderFrame: f })],
    ['a subframe', (f) => ({ sender: { id: 7 }, senderFrame: { ...f, parent: f, routingId: 2 } })],
    ['a frame on another origin', (f) => ({ sender: { id: 7 }, senderFrame: { ...f, url: 'https://evil.example/' } })],
    ['a file:// frame', (f) => ({ sender: { id: 7 }, senderFrame: { ...f, url: 'file:///tmp/x.html' } })],
    ['a different frame of the same process', (f) => ({ sender: { id: 7 }, senderFrame: { ...f, routingId: 99 } })],
    ['a destroyed frame', () => ({ sender: { id: 7 }, senderFrame: null })],
    [
      'a frame whose accessor throws',
      () =>
        ({
          sender: { id: 7 },
          get senderFrame(): never {
            throw new Error('gone');
          },
        }) as InvokeEventLike,
    ],
  ])('refuses a call from %s without running it', async (_label, makeEvent) => {
    const { invoke, mainFrame, handlers, lines } = setup();
    await expect(invoke('secretGet', makeEvent(mainFrame), { key: 'device.token' })).rejects.toThrow(
      /DESK_HOST_ERROR\[forbidden-sender\]/,
    );
    expect(handlers.secretGet).not.toHaveBeenCalled();
    expect(lines).toContain('[desk] ipc secretGet forbidden-sender'.replace('[desk] ', ''));
  });

  it('refuses when there is no trusted window', async () => {
    const registered = new Map<string, any>();
    const handlers = { appInfo: vi.fn() } as unknown as HostHandlers;
    registerHostIpc({
      ipcMain: { handle: (c, l) => registered.set(c, l), removeHandler: () => undefined },
      handlers,
      isTrustedSender: createSenderCheck(() => null),
      log: { info() {}, warn() {}, error() {} },
    });
    const frame = { url: 'app://desk/', parent: null, processId: 1, routingId: 1 };
    await expect(registered.get(HOST_CHANNELS.appInfo)({ sender: { id: 1 }, senderFrame: frame })).rejects.toThrow(
      /forbidden-sender/,
    );
    expect(handlers.appInfo).not.toHaveBeenCalled();
  });

  it.each<[string, keyof typeof HOST_CHANNELS, unknown[]]>([
    ['a payload where none is expected', 'appInfo', [{ x: 1 }]],
    ['no payload', 'secretGet', []],
    ['a bad secret key', 'secretGet', [{ key: '../../etc/passwd' }]],
    ['an extra key', 'secretSet', [{ key: 'a', value: 'b', c: 1 }]],
    ['two arguments', 'secretDelete', [{ key: 'a' }, { key: 'b' }]],
    ['copies out of range', 'printPdf', [{ pdf: pdf(), silent: true, copies: 50, pageSize: 'A4', landscape: false, jobName: 'x' }]],
    ['bytes that are not a PDF', 'savePdf', [{ pdf: new Uint8Array([1, 2, 3, 4, 5]), suggestedName: 'a.pdf' }]],
    ['a path as the file name', 'savePdf', [{ pdf: pdf(), suggestedName: '../../.bashrc' }]],
    ['an export whose bytes are not of its kind', 'saveFile', [{ kind: 'xlsx', bytes: new Uint8Array([1, 2, 3, 4]), suggestedName: 'a.xlsx' }]],
    ['an export named with a path', 'saveFile', [{ kind: 'csv', bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), suggestedName: '../a.csv' }]],
  ])('refuses %s without running it', async (_label, name, args) => {
    const { invoke, goodEvent, handlers, lines } = setup();
    await expect(invoke(name, goodEvent, ...args)).rejects.toThrow(/DESK_HOST_ERROR\[invalid-payload\]/);
    expect(handlers[name]).not.toHaveBeenCalled();
    expect(lines).toContain(`ipc ${name} invalid-payload`);
  });

  it('passes a HostError from the implementation through with its code', async () => {
    const { invoke, goodEvent } = setup({
      secretSet: vi.fn(async () => {
        throw new HostError('secrets-unavailable', 'Không có kho khoá.');
      }),
    });
    await expect(invoke('secretSet', goodEvent, { key: 'device.token', value: 'v' })).rejects.toThrow(
      'DESK_HOST_ERROR[secrets-unavailable] Không có kho khoá.',
    );
  });

  it('hides other failures behind an internal error and logs no data', async () => {
    const { invoke, goodEvent, lines } = setup({
      secretSet: vi.fn(async () => {
        throw new Error('failed for value super-secret-123 of Nguyễn Văn A');
      }),
    });
    const err = await invoke('secretSet', goodEvent, { key: 'device.token', value: 'super-secret-123' }).catch((e: Error) => e);
    expect(String(err)).toMatch(/DESK_HOST_ERROR\[internal\]/);
    expect(String(err)).not.toContain('super-secret-123');
    const all = lines.join('\n');
    expect(all).toContain('ipc secretSet failed Error');
    expect(all).not.toContain('super-secret-123');
    expect(all).not.toContain('Nguyễn');
    expect(all).not.toContain('device.token');
  });

  it('validates responses too', async () => {
    const { invoke, goodEvent } = setup({ appInfo: vi.fn(() => ({ version: 1 }) as never) });
    await expect(invoke('appInfo', goodEvent)).rejects.toThrow(/DESK_HOST_ERROR\[internal\]/);
  });
});
