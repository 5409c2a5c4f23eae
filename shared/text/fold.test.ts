import { describe, expect, it } from 'vitest';
import { foldText, searchKey, searchTokens } from './fold';

describe('foldText', () => {
  it('strips Vietnamese marks and folds đ', () => {
    expect(foldText('Nguyễn Văn Ân')).toBe('nguyen van an');
    expect(foldText('Đặng Thị Hường')).toBe('dang thi huong');
    expect(foldText('ĐỖ QUỐC VIỆT')).toBe('do quoc viet');
  });
  it('treats composed and decomposed input alike', () => {
    const composed = 'Trần Thị Ngọc Ánh'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(foldText(decomposed)).toBe(foldText(composed));
    expect(foldText(composed)).toBe('tran thi ngoc anh');
  });
  it('turns punctuation into single spaces', () => {
    expect(foldText('  Số 12, ngõ 3/5 -- Hà Nội ')).toBe('so 12 ngo 3 5 ha noi');
  });
});

describe('searchTokens', () => {
  const tokens = searchTokens(['Nguyễn Văn An'], ['000.17.22.H56-261121-0001', '001090012345', '0912 345 678']);
  const hits = (q: string) => tokens.some((t) => t.startsWith(searchKey(q)));

  it('finds a name without accents, whole or from any word', () => {
    expect(hits('nguyen van an')).toBe(true);
    expect(hits('van an')).toBe(true);
    expect(hits('An')).toBe(true);
    expect(hits('nguyen v')).toBe(true);
  });
  it('does not match words out of order or absent', () => {
    expect(hits('an nguyen')).toBe(false);
    expect(hits('tran')).toBe(false);
  });
  it('finds a code, CCCD and phone by prefix', () => {
    expect(hits('000.17.22.H56-261121')).toBe(true);
    expect(hits('0010900')).toBe(true);
    expect(hits('0912345678')).toBe(true);
  });
  it('finds Đặng by "dang"', () => {
    expect(searchTokens(['Đặng Thị Hường'], []).some((t) => t.startsWith(searchKey('dang')))).toBe(true);
  });
});
