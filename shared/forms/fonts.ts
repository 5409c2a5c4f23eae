// Font handling: Tinos (Times New Roman metrics, full Vietnamese coverage) embedded as a subset.
//
// @pdf-lib/fontkit 1.1.1 (a fork of fontkit 1.7) writes a subset's `loca` table in the short format
// whenever the subset is small, halving every glyph offset. Tinos keeps glyphs at odd byte lengths
// (its own `loca` is long), so after the first odd glyph every later offset is off by one byte: in a
// rendered PDF almost every glyph is blank or garbage while `pdftotext` still reads the text perfectly.
// Upstream fontkit fixed it in 1.8.0 (foliojs/fontkit#191) by keeping the source font's loca format.
// `subsetSafeFontkit` applies that same fix by wrapping the fontkit we hand to pdf-lib: every TrueType
// subset is told to write a long `loca`, which costs 2 bytes per glyph and keeps every glyph intact.
// test/forms/glyphs.test.ts proves it on a raster rendering of all Vietnamese letters.
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import type { FontKey, FormFonts } from './types';

type FontkitFont = ReturnType<typeof fontkit.create>;

interface SubsetLike {
  cff?: unknown;
  loca?: { version?: number; offsets: number[] };
}

const parsed = new WeakMap<Uint8Array, FontkitFont>();

function patchSubset(subset: SubsetLike): void {
  if (subset.cff) return; // CFF-flavoured fonts have no loca
  let loca: SubsetLike['loca'];
  Object.defineProperty(subset, 'loca', {
    configurable: true,
    enumerable: true,
    get: () => loca,
    set: (value: SubsetLike['loca']) => {
      // TTFSubset.encode() assigns `{ offsets: [] }` and loca.preEncode() only picks (and, for the
      // short format, halves the offsets) when no version is set.
      if (value && value.version == null) value.version = 1;
      loca = value;
    },
  });
}

interface GlyphLike {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/**
 * Maps text to glyphs through the cmap only. pdf-lib uses nothing from fontkit's layout but the glyph
 * list (it draws with advance widths and ignores kerning and mark positions), and for NFC text in Tinos
 * shaping gives the same glyphs (forms.test.ts checks it) — at a fraction of the cost: OpenType shaping
 * was most of the time of a 500-row tracking book.
 */
function cmapLayout(this: FontkitFont, text: string): { glyphs: GlyphLike[]; positions: never[] } {
  const glyphs: GlyphLike[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    glyphs.push(this.glyphForCodePoint(cp) as unknown as GlyphLike);
  }
  return { glyphs, positions: [] };
}

/** fontkit's own (shaping) layout, kept for the equivalence test. */
export function shapedGlyphIds(bytes: Uint8Array, text: string): number[] {
  const font = openFont(bytes) as unknown as { shapedLayout: (t: string) => { glyphs: GlyphLike[] } };
  return font.shapedLayout(text).glyphs.map((g) => g.id);
}

export function cmapGlyphIds(bytes: Uint8Array, text: string): number[] {
  return cmapLayout.call(openFont(bytes), text).glyphs.map((g) => g.id);
}

/** Parses a font once per byte array; fontkit's Font is immutable apart from its glyph caches. */
export function openFont(bytes: Uint8Array): FontkitFont {
  let font = parsed.get(bytes);
  if (!font) {
    font = fontkit.create(bytes);
    const f = font as unknown as { layout: unknown; shapedLayout: unknown };
    f.shapedLayout = f.layout;
    f.layout = cmapLayout;
    const original = font.createSubset;
    (font as unknown as { createSubset: () => unknown }).createSubset = function (this: FontkitFont) {
      const subset = original.call(this) as unknown as SubsetLike;
      patchSubset(subset);
      return subset;
    };
    parsed.set(bytes, font);
  }
  return font;
}

/**
 * The font one document embeds: it shares the parsed tables of `openFont` but has its own glyph cache.
 * fontkit remembers a glyph's code points from the first time the glyph is created; a glyph first met
 * as a component of a composite (O inside Ố) has none, and pdf-lib would then leave it out of the
 * ToUnicode map — "HOÀN" would extract as "H ÀN" in every later document. A fresh cache per
 * document keeps text extraction exact.
 */
function documentFont(bytes: Uint8Array): FontkitFont {
  const font = Object.create(openFont(bytes)) as FontkitFont & { _glyphs: Record<number, unknown> };
  font._glyphs = {};
  return font;
}

/** The fontkit to register with pdf-lib: @pdf-lib/fontkit with the subset `loca` fix and a parse cache. */
export const subsetSafeFontkit = {
  create(bytes: Uint8Array): FontkitFont {
    return documentFont(bytes);
  },
};

export const INK_ASCENT = 0.92;
export const INK_DESCENT = 0.225;

/** Measures text the way pdf-lib draws it: the sum of glyph advances (pdf-lib applies no kerning). */
export class FontMetrics {
  /** Ink ascent and descent (positive) per 1 pt of size. */
  readonly ascent: number;
  readonly descent: number;
  private readonly widths = new Map<number, number>();
  private readonly font: FontkitFont;

  constructor(bytes: Uint8Array) {
    this.font = openFont(bytes);
    const upm = this.font.unitsPerEm;
    // The ink of Vietnamese letters reaches above the font's ascent: stacked marks (Ẵ, Ễ) rise to
    // 0.916 em in Tinos Bold, tails (g, ỳ) fall to 0.221 em. Text boxes use these ink extents so that
    // "no two boxes overlap" holds for the ink itself (layout.test.ts measures every letter's outline).
    this.ascent = Math.max(this.font.ascent / upm, INK_ASCENT);
    this.descent = Math.max(Math.abs(this.font.descent) / upm, INK_DESCENT);
  }

  /** The outline's extent of one code point, in em: [top above baseline, depth below]. */
  inkExtent(codePoint: number): [number, number] {
    const b = this.font.glyphForCodePoint(codePoint).bbox;
    return [b.maxY / this.font.unitsPerEm, -b.minY / this.font.unitsPerEm];
  }

  has(codePoint: number): boolean {
    return this.font.hasGlyphForCodePoint(codePoint);
  }

  /** Advance of one code point, in points at size 1. */
  advance(codePoint: number): number {
    let w = this.widths.get(codePoint);
    if (w === undefined) {
      const glyph = this.font.glyphForCodePoint(codePoint);
      w = glyph.advanceWidth / this.font.unitsPerEm;
      this.widths.set(codePoint, w);
    }
    return w;
  }

  width(text: string, size: number): number {
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      w += this.advance(cp);
    }
    return w * size;
  }

  /** Height of a text box (ink ascent + descent) at a size. */
  boxHeight(size: number): number {
    return (this.ascent + this.descent) * size;
  }
}

const metricsCache = new WeakMap<Uint8Array, FontMetrics>();

export function fontMetrics(bytes: Uint8Array): FontMetrics {
  let m = metricsCache.get(bytes);
  if (!m) {
    m = new FontMetrics(bytes);
    metricsCache.set(bytes, m);
  }
  return m;
}

export const FONT_KEYS: readonly FontKey[] = ['regular', 'bold', 'italic', 'boldItalic'];

/**
 * Text as it may be drawn: NFC, no control characters, tabs and odd spaces turned into spaces, and any
 * character the font lacks replaced by "?" so that nothing silently vanishes from a slip.
 */
export function cleanText(text: string, metrics?: FontMetrics): string {
  const nfc = String(text ?? '').normalize('NFC');
  let out = '';
  for (const ch of nfc) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) {
      out += '\n';
    } else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      out += cp === 0x09 ? ' ' : '';
    } else if (cp === 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x3000) {
      out += ' ';
    } else if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff || cp === 0x00ad) {
      // zero-width characters and soft hyphens carry nothing on paper
    } else if (metrics && !metrics.has(cp)) {
      out += '?';
    } else {
      out += ch;
    }
  }
  return out;
}

export type EmbeddedFonts = Record<FontKey, PDFFont>;

/** Embeds the four faces as subsets (with the loca fix) into a document. */
export async function embedFormFonts(doc: PDFDocument, fonts: FormFonts): Promise<EmbeddedFonts> {
  doc.registerFontkit(subsetSafeFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const [regular, bold, italic, boldItalic] = await Promise.all(
    FONT_KEYS.map((k) => {
      const bytes = fonts[k];
      if (!(bytes instanceof Uint8Array) || bytes.length < 1000) throw new Error(`Thiếu tệp phông chữ "${k}" để in biểu mẫu.`);
      return doc.embedFont(bytes, { subset: true });
    }),
  );
  return { regular, bold, italic, boldItalic };
}

export function metricsFor(fonts: FormFonts): Record<FontKey, FontMetrics> {
  return {
    regular: fontMetrics(fonts.regular),
    bold: fontMetrics(fonts.bold),
    italic: fontMetrics(fonts.italic),
    boldItalic: fontMetrics(fonts.boldItalic),
  };
}
