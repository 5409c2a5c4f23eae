/**
 * Preload (sandboxed, bundled to CJS). Exposes `window.deskHost` with exactly the host contract's named
 * functions. The channel map is injected at build time from shared/host/contract.ts (see
 * scripts/build-electron.mjs), so this bundle carries neither zod nor anything else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { HOST_CHANNELS } from '../shared/host/contract';
import { buildDeskHostApi } from './preload-api';

declare const __DESK_HOST_CHANNELS__: typeof HOST_CHANNELS;

contextBridge.exposeInMainWorld(
  'deskHost',
  buildDeskHostApi(__DESK_HOST_CHANNELS__, (channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
