/**
 * One `ipcMain.handle` per contract function. Each handler first checks the sender (the main frame of our
 * own window, on app://desk), then validates the payload with the contract's zod schema. Anything else is
 * rejected with a HostError and never reaches the implementation.
 */
import {
  HOST_CHANNELS,
  HOST_CONTRACT,
  HOST_FUNCTION_NAMES,
  HostError,
  type HostFunctionName,
  type HostRequest,
  type HostResponse,
} from '../shared/host/contract';
import { summariseIssues } from '../shared/validation/issues';
import { nfcDeep } from '../shared/validation/zodVi';
import { errorKind, type Logger } from './log';
import { isAppUrl } from './security';

export type HostHandlers = {
  [K in HostFunctionName]: (request: HostRequest<K>) => Promise<HostResponse<K>> | HostResponse<K>;
};

/** The parts of WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface TrustedContents {
  readonly id: number;
  readonly mainFrame: FrameLike;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/**
 * Accepts an invoke only when it comes from the main frame of the app window (`getTrusted()`), and that
 * frame is on app://desk. Subframes (e.g. a PDF preview iframe), other windows and other origins are refused.
 */
export function createSenderCheck(getTrusted: () => TrustedContents | null): (event: InvokeEventLike) => boolean {
  return (event) => {
    let frame: FrameLike | null;
    try {
      frame = event.senderFrame;
    } catch {
      return false;
    }
    if (!frame) return false;
    const trusted = getTrusted();
    if (!trusted || event.sender.id !== trusted.id) return false;
    if (frame.parent !== null) return false;
    const main = trusted.mainFrame;
    if (frame !== main && (frame.processId !== main.processId || frame.routingId !== main.routingId)) return false;
    return isAppUrl(frame.url);
  };
}

/** A data-free summary of zod issues: paths and messages (our messages never echo the value). */
export function registerHostIpc(deps: {
  ipcMain: IpcMainLike;
  handlers: HostHandlers;
  isTrustedSender: (event: InvokeEventLike) => boolean;
  log: Logger;
}): () => void {
  const { ipcMain, handlers, isTrustedSender, log } = deps;

  for (const name of HOST_FUNCTION_NAMES) {
    const channel = HOST_CHANNELS[name];
    const { request: requestSchema, response: responseSchema } = HOST_CONTRACT[name];
    const implementation = handlers[name] as (request: unknown) => unknown;

    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event)) {
        log.warn(`ipc ${name} forbidden-sender`);
        throw new Error(new HostError('forbidden-sender', `Lời gọi ${name} không đến từ cửa sổ của ứng dụng.`).toWire());
      }
      const parsed = args.length <= 1 ? requestSchema.safeParse(nfcDeep(args[0])) : null;
      if (!parsed || !parsed.success) {
        log.warn(`ipc ${name} invalid-payload`);
        const detail = parsed ? summariseIssues(parsed.error.issues) : 'quá nhiều tham số';
        throw new Error(new HostError('invalid-payload', `Yêu cầu ${name} không hợp lệ: ${detail}`).toWire());
      }
      try {
        const result = await implementation(parsed.data);
        return responseSchema.parse(result);
      } catch (error) {
        const hostError =
          error instanceof HostError ? error : new HostError('internal', `Lỗi khi thực hiện ${name}.`);
        log.error(`ipc ${name} failed ${errorKind(error)}`);
        throw new Error(hostError.toWire(), { cause: error });
      }
    });
  }

  return () => {
    for (const name of HOST_FUNCTION_NAMES) ipcMain.removeHandler(HOST_CHANNELS[name]);
  };
}
