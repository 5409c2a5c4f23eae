// The one masking rule for CCCD and phone numbers in lists and exports: first and last digits stay,
// the middle becomes dots (001095012345 → 0010••••2345, 0912345678 → 09••••5678).
const DOT = '•';

function maskDigits(value: string, head: number, tail: number): string {
  const v = value.replace(/\s+/g, '');
  if (v.length <= head + tail) return DOT.repeat(v.length);
  return `${v.slice(0, head)}${DOT.repeat(4)}${v.slice(v.length - tail)}`;
}

export function maskIdNumber(value: string | null | undefined): string {
  return value ? maskDigits(value, 4, 4) : '';
}

export function maskPhone(value: string | null | undefined): string {
  if (!value) return '';
  const v = value.replace(/\s+/g, '');
  if (v.startsWith('+84')) return `+84${maskDigits(v.slice(3), 1, 4)}`;
  return maskDigits(v, 2, 4);
}
