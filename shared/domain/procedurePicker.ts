// Which procedures the picker offers for what the officer typed, and in which order.
import { foldText } from '../text/fold';

/**
 * How well a procedure's name matches the typed words (accents optional), lower is better; null when a
 * word is missing. 0: the name starts with the query; 1: the query appears as a phrase from a word's
 * start; 2: every word starts a word of the name; 3: every word appears somewhere.
 */
export function matchQuality(name: string, query: string): number | null {
  const folded = foldText(name);
  const q = foldText(query);
  const words = q.split(' ').filter(Boolean);
  if (words.length === 0) return 3;
  if (!words.every((w) => folded.includes(w))) return null;
  if (folded.startsWith(q)) return 0;
  if (` ${folded}`.includes(` ${q}`)) return 1;
  const nameWords = folded.split(' ');
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return 2;
  return 3;
}

/**
 * The matching procedures, those this desk receives most often first, then by match quality, then by
 * name. A desk that certifies copies every day gets "Chứng thực bản sao…" first for "ban sao".
 */
export function rankProcedures<T extends { value: string; label: string }>(
  options: readonly T[],
  query: string,
  frequency: ReadonlyMap<string, number>,
): T[] {
  return options
    .map((o) => ({ o, quality: matchQuality(o.label, query), freq: frequency.get(o.value) ?? 0 }))
    .filter((m): m is { o: T; quality: number; freq: number } => m.quality !== null)
    .sort((a, b) => b.freq - a.freq || a.quality - b.quality || a.o.label.localeCompare(b.o.label, 'vi'))
    .map((m) => m.o);
}
