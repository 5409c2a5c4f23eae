// Code 128 (ISO/IEC 15417) with code sets B and C, enough for dossier codes (printable ASCII).
// Pure: returns the bar pattern, the caller draws the bars as rectangles.

/** Bar/space widths (in modules) of symbol values 0–106, bar first. 106 is the stop pattern (with its final bar). */
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const START_B = 104;
export const START_C = 105;
export const CODE_B = 100; // in set C: switch to B
export const CODE_C = 99; // in set B: switch to C
export const STOP = 106;

export interface Code128 {
  /** Symbol values: start, data (with code-set switches), check symbol, stop. */
  values: number[];
  /** Alternating bar/space widths in modules, starting with a bar and ending with the stop's final bar. */
  widths: number[];
  /** Total width in modules, without quiet zones (which must be at least 10 modules each side). */
  modules: number;
  /** Bars as [start, width] in modules. */
  bars: Array<[number, number]>;
}

export class Code128Error extends Error {}

const isDigit = (c: number) => c >= 48 && c <= 57;

function digitRun(text: string, from: number): number {
  let i = from;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i - from;
}

/** Encodes printable ASCII with code set B, switching to C for runs of digits where that is shorter. */
export function encodeCode128(text: string): Code128 {
  if (text.length === 0) throw new Code128Error('Không thể tạo mã vạch cho một chuỗi rỗng.');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126) throw new Code128Error(`Mã vạch Code 128 chỉ nhận ký tự ASCII in được; ký tự "${text[i]}" không hợp lệ.`);
  }
  const values: number[] = [];
  let i = 0;
  const leading = digitRun(text, 0);
  let set: 'B' | 'C';
  if (leading >= 4 || (leading === text.length && leading === 2)) {
    set = 'C';
    values.push(START_C);
  } else {
    set = 'B';
    values.push(START_B);
  }
  while (i < text.length) {
    if (set === 'C') {
      if (digitRun(text, i) >= 2) {
        values.push(Number(text.slice(i, i + 2)));
        i += 2;
      } else {
        values.push(CODE_B);
        set = 'B';
      }
      continue;
    }
    const run = digitRun(text, i);
    // Switching to C pays off for 4 digits at the end, or 6 anywhere else.
    if (run >= 6 || (run >= 4 && i + run === text.length)) {
      if (run % 2 === 1) {
        values.push(text.charCodeAt(i) - 32);
        i++;
      }
      values.push(CODE_C);
      set = 'C';
      continue;
    }
    values.push(text.charCodeAt(i) - 32);
    i++;
  }
  let sum = values[0];
  for (let k = 1; k < values.length; k++) sum += values[k] * k;
  values.push(sum % 103, STOP);

  const widths: number[] = [];
  for (const v of values) for (const ch of CODE128_PATTERNS[v]) widths.push(ch.charCodeAt(0) - 48);
  const bars: Array<[number, number]> = [];
  let x = 0;
  widths.forEach((w, k) => {
    if (k % 2 === 0) bars.push([x, w]);
    x += w;
  });
  return { values, widths, modules: x, bars };
}
