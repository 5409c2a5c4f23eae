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
