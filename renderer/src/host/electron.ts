/**
 * The host inside Electron: every call goes through `window.deskHost` (the preload's bridge), where main
 * checks the sender and validates the payload. Errors come back as HostError with their code.
 */
import {
  HOST_FUNCTION_NAMES,
  toHostError,
  type DeskHostBridge,
  type Host,
  type HostFunctionName,
  type HostResponse,
} from '../../../shared/host/contract';

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by electron/preload.ts). */
    readonly deskHost?: DeskHostBridge;
  }
}

export function createElectronHost(bridge: DeskHostBridge): Host {
  async function call<K extends HostFunctionName>(name: K, payload?: unknown): Promise<HostResponse<K>> {
    try {
      const fn = bridge[name];
      return (await (payload === undefined ? fn() : fn(payload))) as HostResponse<K>;
    } catch (error) {
      throw toHostError(error);
    }
  }

  const host = Object.fromEntries(HOST_FUNCTION_NAMES.map((name) => [name, (payload?: unknown) => call(name, payload)]));
  return host as Host;
}
