/**
 * Fixed facts of the shell and the small runtime configuration read at start.
 *
 * THE ORIGIN IS FIXED FOREVER: IndexedDB (every dossier on the desk) belongs to the origin `app://desk`.
 * Changing the scheme or the host after the first release orphans all local data.
 */
import { parseServerUrl } from '../shared/sync/serverUrl';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

export interface ShellConfig {
  /** Origins (scheme://host[:port]) the renderer may connect to besides itself: the provincial sync server. */
  connectOrigins: string[];
}

/** The file in userData an installer or administrator may drop to configure the desk. */
export const SHELL_CONFIG_FILE = 'desk-shell.json';

/**
 * Normalises one configured origin. Accepts `https://host[:port]` (and `http://` for intranet/test servers),
 * with or without a path, which is dropped. Returns null for anything else.
 */
export function normaliseOrigin(value: string): string | null {
  return parseServerUrl(value)?.origin ?? null;
}

function parseOrigins(values: unknown): string[] {
  const list = typeof values === 'string' ? values.split(/[\s,]+/) : Array.isArray(values) ? values : [];
  const out: string[] = [];
  for (const v of list) {
    if (typeof v !== 'string' || v.trim() === '') continue;
    const origin = normaliseOrigin(v);
    if (origin && !out.includes(origin)) out.push(origin);
  }
  return out;
}

/**
 * Reads the shell configuration:
 * - `DESK_SYNC_ORIGIN` environment variable (comma or space separated origins), then
 * - `<userData>/desk-shell.json`: `{ "syncOrigins": ["https://motcua.example.gov.vn"] }`.
 * Both are merged. A missing or malformed file is not an error (the desk works offline anyway).
 */
export async function loadShellConfig(deps: {
  env: Record<string, string | undefined>;
  readTextFile: (path: string) => Promise<string>;
  configPath: string;
}): Promise<ShellConfig> {
  const fromEnv = parseOrigins(deps.env.DESK_SYNC_ORIGIN ?? '');
  let fromFile: string[] = [];
  try {
    const json: unknown = JSON.parse(await deps.readTextFile(deps.configPath));
    if (json && typeof json === 'object' && 'syncOrigins' in json) {
      fromFile = parseOrigins((json as { syncOrigins: unknown }).syncOrigins);
    }
  } catch {
    // no file or not JSON: no extra origins
  }
  return { connectOrigins: [...new Set([...fromEnv, ...fromFile])] };
}
