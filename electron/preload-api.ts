/**
 * Builds the object the preload exposes as `window.deskHost`: exactly one function per contract name,
 * each invoking its channel with its single payload. Nothing else (no ipcRenderer, no listeners).
 * Pure: takes the channel map and `invoke` so it is tested without Electron and bundles without zod.
 */
import type { DeskHostBridge, HOST_CHANNELS, HostFunctionName } from '../shared/host/contract';

export type ChannelMap = typeof HOST_CHANNELS;

export function buildDeskHostApi(
  channels: ChannelMap,
  invoke: (channel: string, ...args: unknown[]) => Promise<unknown>,
): DeskHostBridge {
  const api = {} as Record<HostFunctionName, (payload?: unknown) => Promise<unknown>>;
  for (const name of Object.keys(channels) as HostFunctionName[]) {
    const channel = channels[name];
    // Only the first argument crosses; `undefined` stays a call without payload.
    api[name] = (payload?: unknown) => (payload === undefined ? invoke(channel) : invoke(channel, payload));
  }
  return Object.freeze(api);
}
