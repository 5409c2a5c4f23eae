export const SERVER_URL_MESSAGES = {
  bad: 'Địa chỉ máy chủ không hợp lệ. Hãy nhập dạng https://tên-máy-chủ (hoặc http://127.0.0.1:8787 cho máy chủ thử trên chính máy này).',
  plainHttp:
    'Máy chủ của tỉnh phải dùng kết nối mã hoá (https://). Với http://, mã xác thực của quầy và hồ sơ của công dân đi qua mạng không được bảo vệ. Hãy nhập địa chỉ bắt đầu bằng https:// do tỉnh cung cấp.',
} as const;

/** Loopback hosts, the only ones a desk may reach over plain http (a test server on the same machine). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * The one reading of a provincial server's address, for the desk's sync client and for the Electron
 * shell's CSP: `https://host[:port][/path]`, or `http://` on loopback only (tokens and citizens' records
 * must not travel in clear). Only plain host names, IPv4 and bracketed IPv6, so nothing can break out of a
 * CSP source list; no credentials, query or fragment.
 */
export function readServerUrl(value: string): { ok: true; origin: string; base: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: SERVER_URL_MESSAGES.bad };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: SERVER_URL_MESSAGES.bad };
  if (url.username || url.password || url.search || url.hash) return { ok: false, message: SERVER_URL_MESSAGES.bad };
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname)) return { ok: false, message: SERVER_URL_MESSAGES.bad };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, message: SERVER_URL_MESSAGES.plainHttp };
  return { ok: true, origin: url.origin, base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** readServerUrl, null for anything refused. */
export function parseServerUrl(value: string): { origin: string; base: string } | null {
  const r = readServerUrl(value);
  return r.ok ? { origin: r.origin, base: r.base } : null;
}
