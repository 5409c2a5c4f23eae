/**
 * The one door to the platform. `host` is the Electron bridge when the preload exposed `window.deskHost`,
 * otherwise the browser implementation.
 */
import type { Host } from '../../../shared/host/contract';
import { createBrowserHost } from './browser';
import { createElectronHost } from './electron';

export const host: Host =
  typeof window !== 'undefined' && window.deskHost ? createElectronHost(window.deskHost) : createBrowserHost();

export { HostError } from '../../../shared/host/contract';
export type {
  AppInfo,
  Host,
  HostErrorCode,
  PrinterInfo,
  PrintPdfRequest,
  PrintPdfResult,
  SavePdfRequest,
  SavePdfResult,
} from '../../../shared/host/contract';
