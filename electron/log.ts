/**
 * The main process logs only channel names and error kinds: never payloads, file paths, printer names,
 * secret keys or values, or anything else that might be personal data.
 */
export interface Logger {
  info(event: string): void;
  warn(event: string): void;
  error(event: string): void;
}

export function createLogger(sink: Pick<Console, 'info' | 'warn' | 'error'> = console): Logger {
  const line = (event: string) => `[desk] ${event}`;
  return {
    info: (event) => sink.info(line(event)),
    warn: (event) => sink.warn(line(event)),
    error: (event) => sink.error(line(event)),
  };
}

/** A short, data-free kind for an error: its class name and, for Node errors, its code. */
export function errorKind(error: unknown): string {
  if (error && typeof error === 'object') {
    const name = (error as { name?: unknown }).name;
    const code = (error as { code?: unknown }).code;
    const kind = typeof name === 'string' ? name : 'Error';
    return typeof code === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(code) ? `${kind}:${code}` : kind;
  }
  return typeof error;
}
