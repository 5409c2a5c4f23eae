import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanText, cmapGlyphIds, embedFormFonts, fontMetrics, metricsFor, shapedGlyphIds } from './fonts';
import { loadFormFontsNode } from './fonts.node.js';
import { MM, pageSpec, styleRuns, TYPE_A5, Writer, type Run } from './layout';
import { checkLayout } from './layoutCheck';
import type { FormFonts } from './types';
import { DONG_SIGN, VIETNAMESE_LOWER, VIETNAMESE_UPPER } from './vietnamese';

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await loadFormFontsNode();
});

async function writer(paper: 'A4' | 'A5' = 'A5'): Promise<Writer> {
  const doc = await PDFDocument.create();
  const embedded = await embedFormFonts(doc, fonts);
  return new Writer(doc, embedded, metricsFor(fonts), pageSpec(paper), TYPE_A5);
}

const LONG_NAME = 'Công Tằng Tôn Nữ Thị Hoàng Phương Quỳnh Như Nguyễn Lê Khánh Uyên';

describe('text', () => {
  it('normalises to NFC, drops invisible characters and marks glyphs the font lacks', () => {
    const nfd = 'Nguyễn Thị Ánh'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Thị Ánh');
    expect(cleanText(nfd)).toBe('Nguyễn Thị Ánh');
    expect(cleanText('a\u200bb\u00adc\td\u00a0e')).toBe('abc d e');
    expect(cleanText('Tên 漢字 😀', fontMetrics(fonts.regular))).toBe('Tên ?? ?');
  });

  it('the font has every Vietnamese letter and ₫ in all four faces', () => {
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const m = fontMetrics(fonts[face]);
      for (const ch of [...VIETNAMESE_LOWER, ...VIETNAMESE_UPPER, DONG_SIGN]) expect(m.has(ch.codePointAt(0)!), `${face} ${ch}`).toBe(true);
    }
  });

  it('text boxes contain the ink of every Vietnamese letter (stacked marks, tails) and fit in a line', () => {
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const m = fontMetrics(fonts[face]);
      for (const ch of [...VIETNAMESE_LOWER, ...VIETNAMESE_UPPER, DONG_SIGN, 'g', 'j', 'p', 'q', 'y', 'Q', 'f']) {
        const [up, down] = m.inkExtent(ch.codePointAt(0)!);
        expect(up, `${face} ${ch}`).toBeLessThanOrEqual(m.ascent);
        expect(down, `${face} ${ch}`).toBeLessThanOrEqual(m.descent);
      }
      expect(m.boxHeight(1)).toBeLessThan(TYPE_A5.lineGap);
    }
  });

  it('measures exactly what pdf-lib draws', async () => {
    const doc = await PDFDocument.create();
    const embedded = await embedFormFonts(doc, fonts);
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      for (const text of [LONG_NAME, 'ĐƯỜNG NGUYỄN THỊ ĐỊNH, TỔ DÂN PHỐ Ỷ LAN', '000.17.22.H56-261121-0001', [...VIETNAMESE_LOWER].join('') + DONG_SIGN]) {
        expect(fontMetrics(fonts[face]).width(text, 11)).toBeCloseTo(embedded[face].widthOfTextAtSize(text, 11), 6);
      }
    }
  });

  it('maps NFC Vietnamese to the same glyphs as full OpenType shaping', () => {
    const samples = [[...VIETNAMESE_LOWER, ...VIETNAMESE_UPPER].join(''), `${LONG_NAME} ${DONG_SIGN} fi fl ffi`];
    for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      for (const s of samples) expect(cmapGlyphIds(fonts[face], s)).toEqual(shapedGlyphIds(fonts[face], s));
    }
  });
});

describe('wrapping', () => {
  it('wraps a long name inside a narrow width, keeping every word', async () => {
    const w = await writer();
    const width = 40 * MM;
    const lines = w.wrap([{ text: LONG_NAME, font: 'bold', size: 10.5 }], width);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(width + 0.01);
    expect(lines.map((l) => styleRuns(l).map((s) => s.text).join('')).join(' ')).toBe(LONG_NAME);
  });

  it('cuts a word wider than the line, preferably after punctuation', async () => {
    const w = await writer();
    const lines = w.wrap([{ text: '000.17.22.H56-261121-0001', font: 'regular', size: 10 }], 75);
    expect(lines.map((l) => l.segs[0].text)).toEqual(['000.17.22.H56-', '261121-0001']);
    const tiny = w.wrap([{ text: 'ĐƯỜNGĐƯỜNGĐƯỜNG', font: 'bold', size: 10 }], 30);
    for (const l of tiny) expect(l.width).toBeLessThanOrEqual(30.01);
    expect(tiny.map((l) => l.segs[0].text).join('')).toBe('ĐƯỜNGĐƯỜNGĐƯỜNG');
  });

  it('keeps styles of mixed runs and honours explicit line breaks', async () => {
    const w = await writer();
    const runs: Run[] = [
      { text: 'Ông/Bà: ', font: 'regular', size: 10.5 },
      { text: 'Nguyễn Văn Đức', font: 'bold', size: 10.5 },
      { text: '\nĐịa chỉ: thôn Nà Sản', font: 'regular', size: 10.5 },
    ];
    const lines = w.wrap(runs, 300);
    expect(lines).toHaveLength(2);
    expect(styleRuns(lines[0]).map((s) => [s.text.trim(), s.font])).toEqual([
      ['Ông/Bà:', 'regular'],
      ['Nguyễn Văn Đức', 'bold'],
    ]);
  });
});

describe('pagination', () => {
  it('flows a table onto new pages, repeating the header row and the section header', async () => {
    const w = await writer();
    let continued = 0;
    w.beginSection({
      label: 'Bản lưu hồ sơ',
      onContinue: () => {
        continued++;
        w.paragraph([{ text: 'Mã hồ sơ: 000.17.22.H56-261121-0001 (tiếp theo)', font: 'bold', size: 9 }], { role: 'continuation' });
      },
    });
    const rows = Array.from({ length: 40 }, (_, i) => [String(i + 1), `${LONG_NAME} — giấy tờ số ${i + 1}`, '1', '0']);
    w.table({
      columns: [
        { title: 'STT', weight: 9, align: 'center' },
        { title: 'Tên giấy tờ', weight: 61 },
        { title: 'Bản chính', weight: 15, align: 'center' },
        { title: 'Bản sao', weight: 15, align: 'center' },
      ],
      rows,
      size: 9.5,
    });
    w.endSection();
    const layout = w.layout();
    expect(layout.pages.length).toBeGreaterThan(2);
    expect(continued).toBe(layout.pages.length - 1);
    for (let p = 0; p < layout.pages.length; p++) {
      const texts = layout.boxes.filter((b) => b.page === p && b.kind === 'text');
      expect(texts.filter((b) => b.role === 'table-header').map((b) => b.text)).toEqual(['STT', 'Tên giấy tờ', 'Bản chính', 'Bản sao']);
      expect(texts.find((b) => b.role === 'page-number')?.text).toBe(`Trang ${p + 1}/${layout.pages.length}`);
      expect(texts.find((b) => b.role === 'copy-label')?.text).toBe('Bản lưu hồ sơ');
      if (p > 0) expect(texts.some((b) => b.role === 'continuation' && b.text?.includes('000.17.22.H56-261121-0001'))).toBe(true);
    }
    // Every row printed once, in order.
    const indexes = layout.boxes.filter((b) => b.role === 'table-cell' && b.kind === 'text' && /^\d+$/.test(b.text ?? '') && b.x < 80).map((b) => Number(b.text));
    expect(indexes).toEqual(rows.map((_, i) => i + 1));
    expect(checkLayout(layout)).toEqual([]);
  });

  it('splits a row taller than a page between lines instead of clipping it', async () => {
    const w = await writer();
    w.beginSection();
    const huge = Array.from({ length: 120 }, (_, i) => `dòng ${i + 1}`).join('\n');
    w.table({ columns: [{ title: 'STT', weight: 10 }, { title: 'Nội dung', weight: 90 }], rows: [['1', huge]], size: 9.5 });
    w.endSection();
    const layout = w.layout();
    expect(layout.pages.length).toBeGreaterThan(1);
    const printed = layout.boxes.filter((b) => b.kind === 'text' && b.text?.startsWith('dòng')).map((b) => b.text);
    expect(printed).toHaveLength(120);
    expect(printed[119]).toBe('dòng 120');
    expect(checkLayout(layout)).toEqual([]);
  });

  it('a single page gets no page number', async () => {
    const w = await writer();
    w.beginSection();
    w.paragraph('Một dòng.');
    w.endSection();
    expect(w.layout().boxes.some((b) => b.role === 'page-number')).toBe(false);
  });
});

describe('checkLayout', () => {
  it('reports boxes outside the margins, overlaps and text overflowing its cell', () => {
    const page = { index: 0, width: 400, height: 600, content: { x: 50, y: 40, width: 300, height: 500 }, section: 0 };
    const problems = checkLayout({
      pages: [page],
      boxes: [
        { page: 0, kind: 'text', x: 45, y: 50, width: 20, height: 10, text: 'lề' },
        { page: 0, kind: 'text', x: 100, y: 100, width: 50, height: 10, text: 'a' },
        { page: 0, kind: 'text', x: 140, y: 105, width: 50, height: 10, text: 'b' },
        { page: 0, kind: 'cell', x: 200, y: 200, width: 40, height: 20 },
        { page: 0, kind: 'text', x: 205, y: 205, width: 50, height: 10, text: 'tràn', cell: 3 },
      ],
    });
    expect(problems.some((p) => p.includes('"lề"') && p.includes('margins'))).toBe(true);
    expect(problems.some((p) => p.includes('"a"') && p.includes('overlaps'))).toBe(true);
    expect(problems.some((p) => p.includes('"tràn"') && p.includes('overflows'))).toBe(true);
  });
});
