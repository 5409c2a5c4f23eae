import { describe, expect, it, vi } from 'vitest';
import { HOST_FUNCTION_NAMES, HostError, type DeskHostBridge } from '../../../shared/host/contract';
import { createElectronHost } from './electron';

function fakeBridge(impl: (name: string, payload?: unknown) => Promise<unknown>) {
  const calls: unknown[][] = [];
  const bridge = Object.fromEntries(
    HOST_FUNCTION_NAMES.map((n) => [
      n,
      (...args: unknown[]) => {
        calls.push([n, ...args]);
        return impl(n, args[0]);
      },
    ]),
  ) as unknown as DeskHostBridge;
  return { bridge, calls };
}

describe('electron host', () => {
  it('calls the bridge function of the same name, with the payload only when there is one', async () => {
    const { bridge, calls } = fakeBridge(async (name) => (name === 'appInfo' ? { version: '1', platform: 'win32', shell: 'electron' } : { value: 'x' }));
    const host = createElectronHost(bridge);
    await expect(host.appInfo()).resolves.toEqual({ version: '1', platform: 'win32', shell: 'electron' });
    await expect(host.secretGet({ key: 'device.token' })).resolves.toEqual({ value: 'x' });
    expect(calls).toEqual([['appInfo'], ['secretGet', { key: 'device.token' }]]);
    expect(Object.keys(host).sort()).toEqual([...HOST_FUNCTION_NAMES].sort());
  });

  it('turns Electron invoke rejections back into HostError with the code', async () => {
    const { bridge } = fakeBridge(async () => {
      throw new Error(
        "Error invoking remote method 'deskHost:secretSet': Error: DESK_HOST_ERROR[secrets-unavailable] Hệ điều hành không cung cấp kho lưu trữ bảo mật.",
      );
    });
    const err = await createElectronHost(bridge).secretSet({ key: 'a', value: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ code: 'secrets-unavailable', message: 'Hệ điều hành không cung cấp kho lưu trữ bảo mật.' });
  });

  it('maps unknown failures to internal', async () => {
    const { bridge } = fakeBridge(vi.fn(async () => Promise.reject(new Error('boom'))));
    await expect(createElectronHost(bridge).listPrinters()).rejects.toMatchObject({ code: 'internal' });
  });
});
