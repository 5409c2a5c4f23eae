import { describe, expect, it, vi } from 'vitest';
import { HOST_CHANNELS, HOST_FUNCTION_NAMES } from '../shared/host/contract';
import { buildDeskHostApi } from './preload-api';

describe('buildDeskHostApi', () => {
  it('exposes exactly the contract functions and nothing else', () => {
    const api = buildDeskHostApi(HOST_CHANNELS, vi.fn());
    expect(Object.keys(api).sort()).toEqual([...HOST_FUNCTION_NAMES].sort());
    for (const name of HOST_FUNCTION_NAMES) expect(typeof api[name]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('invokes each function on its channel with its one payload', async () => {
    const invoke = vi.fn(async (...args: unknown[]) => args);
    const api = buildDeskHostApi(HOST_CHANNELS, invoke);
    await api.appInfo();
    expect(invoke).toHaveBeenLastCalledWith('deskHost:appInfo');
    expect(invoke.mock.lastCall).toHaveLength(1);
    await api.secretGet({ key: 'device.token' });
    expect(invoke).toHaveBeenLastCalledWith('deskHost:secretGet', { key: 'device.token' });
    await (api.secretDelete as (...a: unknown[]) => Promise<unknown>)({ key: 'a' }, 'smuggled');
    expect(invoke).toHaveBeenLastCalledWith('deskHost:secretDelete', { key: 'a' });
  });
});
