// DVCQG dates: `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), whatever the zone of
// the machine that writes or reads them.
import { VN_OFFSET_MS, utcTime, vnParts } from '../calendar/vnTime';

export const VN_STAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch milliseconds → `yyyyMMddHHmmss` in Vietnam time (milliseconds are dropped). */
export function toVnStamp(epochMs: number): string {
  const p = vnParts(epochMs);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** `yyyyMMddHHmmss` (Vietnam time) → epoch milliseconds; null when it is not a real moment. */
export function fromVnStamp(stamp: string): number | null {
  const m = VN_STAMP_PATTERN.exec(stamp);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = utcTime(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return null; // 31/02 and the like
  return ms - VN_OFFSET_MS;
}

/** Truncates to whole seconds, which is all a DVCQG date carries. */
export const toSecond = (epochMs: number) => Math.floor(epochMs / 1000) * 1000;
