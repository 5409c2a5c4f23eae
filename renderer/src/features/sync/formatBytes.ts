/** 1.234.567 bytes → "1,2 MB" (Vietnamese decimal comma). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${units[u]}`;
}
