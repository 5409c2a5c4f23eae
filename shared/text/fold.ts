// Vietnamese text folding for search: "Nguyễn Văn Ân" and "nguyen van an" meet on "nguyen van an".

/** NFD, strip combining marks, đ→d, lowercase; anything not a letter or digit becomes a single space. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The form a query and an index entry are compared in: folded, without spaces. */
export function searchKey(text: string): string {
  return foldText(text).replace(/ /g, '');
}

/**
 * Index entries for a multi-entry index, matched by prefix with searchKey(query).
 * For a name, every word and every run of words to the end, so that "van an", "an" and "nguyen van an" all
 * hit "Nguyễn Văn An"; identifiers go in whole.
 */
export function searchTokens(names: string[], identifiers: string[]): string[] {
  const tokens = new Set<string>();
  for (const name of names) {
    const words = foldText(name).split(' ').filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      tokens.add(words[i]);
      tokens.add(words.slice(i).join(''));
    }
  }
  for (const id of identifiers) {
    const key = searchKey(id);
    if (key) tokens.add(key);
  }
  return [...tokens];
}

/** Separator of the name-pair tokens ("nguyen_an"); never produced by searchKey, so no other token holds it. */
const PAIR = '_';

/**
 * Every ordered pair of distinct words of a name ("nguyen_an", "an_nguyen", …), so that the family and
 * given name find the person without the middle name, in any order.
 */
export function namePairTokens(name: string): string[] {
  const words = foldText(name).split(' ').filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) for (let j = 0; j < words.length; j++) if (i !== j) out.add(words[i] + PAIR + words[j]);
  return [...out];
}

/**
 * A dossier code from each of its parts to the end: "000.17.22.H56-261204-0003" also gives
 * "h562612040003", "2612040003" and "0003", so the last digits on the slip find it.
 */
export function codeSuffixTokens(code: string): string[] {
  const parts = code.split(/[.\-/\s_]+/).filter(Boolean);
  return [...new Set(parts.map((_, i) => searchKey(parts.slice(i).join(''))).filter(Boolean))];
}

/** The tails of a number, from `min` digits up: "0912345678" gives "5678", "45678", … */
export function tailTokens(number: string, min = 4): string[] {
  const digits = number.replace(/\D/g, '');
  const out: string[] = [];
  for (let n = min; n < digits.length; n++) out.push(digits.slice(-n));
  return out;
}

export interface SearchPlan {
  /** The whole query without spaces, matched by prefix (codes, CCCD, phones, names in order). */
  whole: string;
  /** For two words or more: the first two as a pair token prefix, and the remaining words. */
  pair: string | null;
  rest: string[];
}

export function searchPlan(query: string): SearchPlan {
  const words = foldText(query).split(' ').filter(Boolean);
  return {
    whole: words.join(''),
    pair: words.length >= 2 ? words[0] + PAIR + words[1] : null,
    rest: words.slice(2),
  };
}

/** Whether a dossier's tokens answer the query, exactly as the desk's indexed search decides. */
export function tokensMatch(tokens: readonly string[], plan: SearchPlan): boolean {
  if (plan.whole && tokens.some((t) => t.startsWith(plan.whole))) return true;
  if (!plan.pair) return false;
  return tokens.some((t) => t.startsWith(plan.pair!)) && restMatches(tokens, plan.rest);
}

/** Every remaining query word begins some word of the name. */
export function restMatches(tokens: readonly string[], rest: readonly string[]): boolean {
  return rest.every((w) => tokens.some((t) => !t.includes(PAIR) && t.startsWith(w)));
}
