/**
 * The one reading of a provincial server's address, for the desk's sync client and for the Electron
 * shell's CSP: `https://host[:port][/path]` (or `http://` for intranet and test servers). Only plain host
 * names, IPv4 and bracketed IPv6, so nothing can break out of a CSP source list; no credentials, query
 * or fragment. Returns null for anything else.
 */
export function parseServerUrl(value: string): { origin: string; base: string } | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname)) return null;
  return { origin: url.origin, base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
