// The Vietnamese letters a form must be able to print, for glyph checks and font coverage tests.

const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
/** Combining tone marks: huyền, sắc, hỏi, ngã, nặng. */
const TONES = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

function build(): string[] {
  const out: string[] = [];
  for (const v of VOWELS) {
    for (const form of [v, ...TONES.map((t) => v + t)]) {
      const nfc = form.normalize('NFC');
      if (nfc.charCodeAt(0) > 0x7f) out.push(nfc);
    }
  }
  out.push('đ');
  return out;
}

/** The 67 lowercase non-ASCII letters: 66 vowels with diacritics plus đ, NFC, in alphabet order. */
export const VIETNAMESE_LOWER: readonly string[] = Object.freeze(build());
/** The 67 uppercase counterparts, with Đ. */
export const VIETNAMESE_UPPER: readonly string[] = Object.freeze(VIETNAMESE_LOWER.map((c) => c.toUpperCase()));
/** The đồng sign. */
export const DONG_SIGN = '₫';

/** The base (ASCII or plain) letter a Vietnamese letter is built on: "ặ" → "a", "Ư" → "U", "đ" → "d". */
export function baseLetter(letter: string): string {
  if (letter === 'đ') return 'd';
  if (letter === 'Đ') return 'D';
  return letter.normalize('NFD')[0];
}
