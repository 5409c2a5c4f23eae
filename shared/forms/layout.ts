// A small layout engine on pdf-lib: measured wrapping of styled runs, paragraphs that flow across
// pages, tables whose cells wrap and whose header row repeats, a reserved top band for the copy label
// and "Trang x/y", and a record of every box drawn so tests can prove nothing leaves the margins or
// overlaps. Coordinates here are points from the page's top-left corner, y downwards; pdf-lib's
// bottom-left origin appears only at the moment of drawing.
import {
  beginText,
  endText,
  type PDFName,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFontAndSize,
  setLineWidth,
  setTextMatrix,
  showText,
  stroke,
  fill,
  type PDFDocument,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { cleanText, type EmbeddedFonts, type FontMetrics } from './fonts';
import type { FontKey, FormLayout, LayoutBox, Margins, PageLayout, PaperSize } from './types';

export const MM = 72 / 25.4;
const round = (v: number) => Math.round(v * 1000) / 1000;
const BLACK = rgb(0, 0, 0);
const EPS = 0.01;

export const PAPER_POINTS: Record<PaperSize, [number, number]> = {
  A4: [595.28, 841.89],
  A5: [419.53, 595.28],
};

/** NĐ 30/2020 Phụ lục I: top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm (A4). */
export const MARGINS_A4: Margins = { top: 20, right: 15, bottom: 20, left: 30 };
/** A5 is A4 scaled by 1/√2; the margins scale with it (rounded), staying inside any printer's reach. */
export const MARGINS_A5: Margins = { top: 14, right: 10.5, bottom: 14, left: 21 };

/** Type sizes in points. NĐ 30: agency 12–13, motto 12–13, "Độc lập…" 13–14, title 13–14, body 13–14. */
export interface TypeScale {
  header: number;
  motto: number;
  independence: number;
  title: number;
  body: number;
  table: number;
  small: number;
  code: number;
  /** Line pitch as a multiple of the size. */
  lineGap: number;
  /** Blank space for a handwritten signature, points. */
  signatureSpace: number;
}

export const TYPE_A4: TypeScale = {
  header: 12.5,
  motto: 12.5,
  independence: 13.5,
  title: 14,
  body: 13,
  table: 12,
  small: 11,
  code: 20,
  lineGap: 1.2,
  signatureSpace: 62,
};

export const TYPE_A5: TypeScale = {
  header: 9.5,
  motto: 9.5,
  independence: 10.5,
  title: 12,
  body: 10.5,
  table: 9.5,
  small: 8.5,
  code: 15,
  lineGap: 1.2,
  signatureSpace: 42,
};

/** A4 landscape registers (the tracking book): NĐ 30 sizes for the header, compact table text. */
export const TYPE_A4_BOOK: TypeScale = {
  ...TYPE_A4,
  header: 12,
  motto: 12,
  independence: 13,
  body: 12,
  table: 9,
  small: 9.5,
};

export interface PageSpec {
  width: number;
  height: number;
  margins: Margins;
}

export function pageSpec(paper: PaperSize, orientation: 'portrait' | 'landscape' = 'portrait', margins?: Partial<Margins>): PageSpec {
  const [w, h] = PAPER_POINTS[paper];
  const base = paper === 'A4' ? MARGINS_A4 : MARGINS_A5;
  return {
    width: orientation === 'portrait' ? w : h,
    height: orientation === 'portrait' ? h : w,
    margins: { ...base, ...margins },
  };
}

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Run {
  text: string;
  font: FontKey;
  size: number;
}

export interface Seg {
  text: string;
  font: FontKey;
  size: number;
  /** Offset from the line's start. */
  dx: number;
  width: number;
  space: boolean;
}

export interface Line {
  segs: Seg[];
  /** Advance width without trailing spaces. */
  width: number;
  /** Largest ascent / descent of the line's runs, points. */
  ascent: number;
  descent: number;
  pitch: number;
  /** The line ends a paragraph (a justified paragraph leaves it ragged). */
  last: boolean;
  indent: number;
}

export interface WrapOptions {
  /** Extra indent of the first line (points). */
  firstIndent?: number;
  /** Indent of every following line (points). */
  hangIndent?: number;
}

interface Token {
  text: string;
  font: FontKey;
  size: number;
  kind: 'word' | 'space' | 'break';
}

const BREAK_AFTER = /[-/.,;:_)\]]/;

/**
 * The pieces a line is drawn as: consecutive words and spaces of one style merged into one run, unless
 * the line is justified (`stretch` > 0 per space), when each word is placed on its own.
 */
export function styleRuns(line: Line, stretch = 0): Seg[] {
  const out: Seg[] = [];
  let extra = 0;
  for (const seg of line.segs) {
    if (seg.space) {
      if (stretch > 0) {
        extra += stretch;
        continue;
      }
    }
    const prev = out[out.length - 1];
    if (stretch === 0 && prev && prev.font === seg.font && prev.size === seg.size) {
      prev.text += seg.text;
      prev.width = seg.dx + seg.width - prev.dx;
    } else if (!seg.space) {
      out.push({ ...seg, dx: seg.dx + extra, space: false });
    } else {
      out.push({ ...seg, space: false });
    }
  }
  // A run never ends with spaces that belong to no word on the line.
  return out.filter((r) => r.text.trim() !== '');
}

export class Writer {
  readonly spec: PageSpec;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
  readonly boxes: LayoutBox[] = [];
  readonly pages: Array<{ pdf: PDFPage; layout: PageLayout; label?: string }> = [];
  /** Cursor: top of the next line, points from the page top. */
  y = 0;
  /** Run on every continuation page, in order, after the band (section header, then table header). */
  private hooks: Array<() => void> = [];
  private section = -1;
  private sectionOptions: SectionOptions = {};
  private sectionStart = 0;
  private inHook = false;
  private current = -1;
  /** Where the cursor stood once the last page break's headers were drawn. */
  private freshTop = { page: -1, y: 0 };

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: EmbeddedFonts,
    readonly metrics: Record<FontKey, FontMetrics>,
    spec: PageSpec,
    readonly type: TypeScale,
  ) {
    this.spec = spec;
    this.left = spec.margins.left * MM;
    this.right = spec.width - spec.margins.right * MM;
    this.top = spec.margins.top * MM;
    this.bottom = spec.height - spec.margins.bottom * MM;
    this.width = this.right - this.left;
  }

  get pageIndex(): number {
    return this.current;
  }

  get page(): PDFPage {
    return this.pages[this.pageIndex].pdf;
  }

  /** Height of the top band holding the copy label and the page number. */
  get bandHeight(): number {
    return this.type.small * this.type.lineGap + 0.25 * this.type.body;
  }

  remaining(): number {
    return this.bottom - this.y;
  }

  // ---- measuring and wrapping -------------------------------------------------------------------

  clean(text: string, font: FontKey = 'regular'): string {
    return cleanText(text, this.metrics[font]);
  }

  measure(text: string, font: FontKey, size: number): number {
    return this.metrics[font].width(text, size);
  }

  pitch(size: number): number {
    return size * this.type.lineGap;
  }

  /** Greedy wrapping of styled runs into lines of at most `width` points. Words longer than a line are cut. */
  wrap(runs: Run[], width: number, options: WrapOptions = {}): Line[] {
    const tokens: Token[] = [];
    for (const run of runs) {
      const text = this.clean(run.text, run.font);
      for (const part of text.split(/(\n| +)/)) {
        if (part === '') continue;
        if (part === '\n') tokens.push({ text: part, font: run.font, size: run.size, kind: 'break' });
        else if (part[0] === ' ') tokens.push({ text: part, font: run.font, size: run.size, kind: 'space' });
        else tokens.push({ text: part, font: run.font, size: run.size, kind: 'word' });
      }
    }
    const first = options.firstIndent ?? 0;
    const hang = options.hangIndent ?? 0;
    const lines: Line[] = [];
    let segs: Seg[] = [];
    let x = 0;
    let pending: Token[] = [];
    let indent = first;
    const avail = () => Math.max(1, width - indent);
    const baseSize = runs.find((r) => r.text !== '')?.size ?? runs[0]?.size ?? this.type.body;

    const push = (t: Token, space: boolean) => {
      const w = this.measure(t.text, t.font, t.size);
      const prev = segs[segs.length - 1];
      if (prev && prev.font === t.font && prev.size === t.size && prev.space === space && !space) {
        prev.text += t.text;
        prev.width += w;
      } else {
        segs.push({ text: t.text, font: t.font, size: t.size, dx: x, width: w, space });
      }
      x += w;
    };
    const flush = (last: boolean) => {
      while (segs.length && segs[segs.length - 1].space) segs.pop();
      lines.push(this.makeLine(segs, last, indent, baseSize));
      segs = [];
      x = 0;
      pending = [];
      indent = hang;
    };

    for (const t of tokens) {
      if (t.kind === 'break') {
        flush(true);
        continue;
      }
      if (t.kind === 'space') {
        if (segs.length) pending.push(t);
        continue;
      }
      let word = t.text;
      const pendingWidth = pending.reduce((s, p) => s + this.measure(p.text, p.font, p.size), 0);
      const w = this.measure(word, t.font, t.size);
      if (x + pendingWidth + w <= avail() + EPS) {
        for (const p of pending) push(p, true);
        pending = [];
        push(t, false);
        continue;
      }
      if (segs.length) flush(false);
      // A word wider than a whole line is cut, preferably after punctuation.
      while (this.measure(word, t.font, t.size) > avail() + EPS) {
        const cut = this.cutPoint(word, t.font, t.size, avail());
        push({ ...t, text: word.slice(0, cut) }, false);
        flush(false);
        word = word.slice(cut);
      }
      push({ ...t, text: word }, false);
    }
    if (segs.length || lines.length === 0) flush(true);
    else if (lines.length) lines[lines.length - 1].last = true;
    return lines;
  }

  /** Like wrap, but with lines of even length (for centred headings): "ỦY BAN NHÂN DÂN / XÃ MƯỜNG ẢNG". */
  wrapBalanced(runs: Run[], width: number): Line[] {
    const lines = this.wrap(runs, width);
    if (lines.length < 2) return lines;
    let lo = width / lines.length;
    let hi = width;
    for (let i = 0; i < 12; i++) {
      const mid = (lo + hi) / 2;
      if (this.wrap(runs, mid).length > lines.length) lo = mid;
      else hi = mid;
    }
    return this.wrap(runs, hi);
  }

  private cutPoint(word: string, font: FontKey, size: number, width: number): number {
    const chars = Array.from(word);
    let fit = 0;
    let w = 0;
    let units = 0;
    for (const ch of chars) {
      const cw = this.measure(ch, font, size);
      if (w + cw > width + EPS) break;
      w += cw;
      units += ch.length;
      fit++;
    }
    if (fit === 0) return chars[0].length; // a single glyph wider than the column: still progress
    // Prefer the last punctuation inside the fitting part, if it keeps at least a third of the line.
    let best = units;
    let pos = 0;
    for (let k = 0; k < fit; k++) {
      pos += chars[k].length;
      if (BREAK_AFTER.test(chars[k]) && k < fit - 1 && k + 1 >= fit / 3) best = pos;
    }
    return best;
  }

  private makeLine(segs: Seg[], last: boolean, indent: number, baseSize: number): Line {
    let ascent = 0;
    let descent = 0;
    let maxSize = 0;
    for (const s of segs) {
      const m = this.metrics[s.font];
      ascent = Math.max(ascent, m.ascent * s.size);
      descent = Math.max(descent, m.descent * s.size);
      maxSize = Math.max(maxSize, s.size);
    }
    if (!segs.length) {
      const m = this.metrics.regular;
      ascent = m.ascent * baseSize;
      descent = m.descent * baseSize;
      maxSize = baseSize;
    }
    const end = segs.length ? segs[segs.length - 1] : null;
    return { segs, width: end ? end.dx + end.width : 0, ascent, descent, pitch: this.pitch(maxSize), last, indent };
  }

  static height(lines: Line[]): number {
    return lines.reduce((s, l) => s + l.pitch, 0);
  }

  // ---- drawing primitives -----------------------------------------------------------------------

  /** Draws one line whose box starts at (x, top) within a column of `width`. */
  drawLine(line: Line, x: number, top: number, width: number, align: Align = 'left', extra: Partial<LayoutBox> = {}): void {
    const page = this.page;
    const inner = width - line.indent;
    const x0 = x + line.indent;
    const baseline = top + (line.pitch - line.ascent - line.descent) / 2 + line.ascent;
    let offset = 0;
    let spaceStretch = 0;
    if (align === 'center') offset = (inner - line.width) / 2;
    else if (align === 'right') offset = inner - line.width;
    else if (align === 'justify' && !line.last) {
      const spaces = line.segs.filter((s) => s.space).length;
      if (spaces > 0) spaceStretch = Math.max(0, inner - line.width) / spaces;
      // A line broken before a long unbreakable word would get gaping spaces: leave it ragged.
      if (spaceStretch > 0.45 * (line.pitch / this.type.lineGap)) spaceStretch = 0;
    }
    const ops: PDFOperator[] = [beginText()];
    let curFont: FontKey | null = null;
    let curSize = 0;
    for (const seg of styleRuns(line, spaceStretch)) {
      const sx = x0 + offset + seg.dx;
      const m = this.metrics[seg.font];
      if (seg.font !== curFont || seg.size !== curSize) {
        ops.push(setFontAndSize(this.fontKey(page, seg.font), seg.size));
        curFont = seg.font;
        curSize = seg.size;
      }
      ops.push(setTextMatrix(1, 0, 0, 1, round(sx), round(this.spec.height - baseline)), showText(this.fonts[seg.font].encodeText(seg.text)));
      this.boxes.push({
        page: this.pageIndex,
        kind: 'text',
        x: sx,
        y: baseline - m.ascent * seg.size,
        width: seg.width,
        height: m.boxHeight(seg.size),
        text: seg.text,
        ...extra,
      });
    }
    if (ops.length > 1) {
      ops.push(endText());
      page.pushOperators(...ops);
    }
  }

  private fontKeys = new Map<PDFPage, Map<FontKey, PDFName>>();

  /** The page's resource name of a font, registered once per page. */
  private fontKey(page: PDFPage, font: FontKey): PDFName {
    let keys = this.fontKeys.get(page);
    if (!keys) this.fontKeys.set(page, (keys = new Map()));
    let key = keys.get(font);
    if (!key) {
      const f = this.fonts[font];
      key = page.node.newFontDictionary(f.name, f.ref);
      keys.set(font, key);
    }
    return key;
  }

  /** Draws lines as a block at (x, top) with no page break; returns its height. */
  drawBlock(lines: Line[], x: number, top: number, width: number, align: Align = 'left', extra: Partial<LayoutBox> = {}): number {
    let y = top;
    for (const line of lines) {
      this.drawLine(line, x, y, width, align, extra);
      y += line.pitch;
    }
    return y - top;
  }

  /** Flows lines at the cursor, breaking pages between lines. */
  flow(lines: Line[], options: { x?: number; width?: number; align?: Align; keepTogether?: boolean; role?: string } = {}): void {
    const x = options.x ?? this.left;
    const width = options.width ?? this.right - x;
    if (options.keepTogether) this.ensure(Writer.height(lines));
    for (const line of lines) {
      this.ensure(line.pitch);
      this.drawLine(line, x, this.y, width, options.align ?? 'left', options.role ? { role: options.role } : {});
      this.y += line.pitch;
    }
  }

  /** Wraps and flows a paragraph at the cursor. */
  paragraph(runs: Run[] | string, options: { align?: Align; x?: number; width?: number; firstIndent?: number; hangIndent?: number; keepTogether?: boolean; role?: string; font?: FontKey; size?: number } = {}): Line[] {
    const r = typeof runs === 'string' ? [{ text: runs, font: options.font ?? 'regular', size: options.size ?? this.type.body }] : runs;
    const x = options.x ?? this.left;
    const width = options.width ?? this.right - x;
    const lines = this.wrap(r, width, { firstIndent: options.firstIndent, hangIndent: options.hangIndent });
    this.flow(lines, { x, width, align: options.align, keepTogether: options.keepTogether, role: options.role });
    return lines;
  }

  space(points: number): void {
    this.y = Math.min(this.y + points, this.bottom);
  }

  hline(x1: number, x2: number, y: number, thickness = 0.6, role = 'rule'): void {
    this.page.drawLine({ start: { x: x1, y: this.spec.height - y }, end: { x: x2, y: this.spec.height - y }, thickness, color: BLACK });
    this.boxes.push({ page: this.pageIndex, kind: 'rule', x: x1, y: y - thickness / 2, width: x2 - x1, height: thickness, role });
  }

  /** Fills rectangles given as [x, y, width, height] in points from the page's top-left corner (QR modules, bars). */
  fillRects(rects: Array<[number, number, number, number]>): void {
    if (!rects.length) return;
    const ops: PDFOperator[] = [pushGraphicsState()];
    for (const [x, y, w, h] of rects) ops.push(rectangle(round(x), round(this.spec.height - y - h), round(w), round(h)));
    ops.push(fill(), popGraphicsState());
    this.page.pushOperators(...ops);
  }

  graphicBox(x: number, y: number, width: number, height: number, role: string): void {
    this.boxes.push({ page: this.pageIndex, kind: 'graphic', x, y, width, height, role });
  }

  // ---- pages and sections -----------------------------------------------------------------------

  /** Starts a new section (e.g. one copy of a slip) on a fresh page. */
  beginSection(options: SectionOptions = {}): void {
    this.section++;
    this.sectionOptions = options;
    this.sectionStart = this.pages.length;
    this.hooks = [];
    this.addPage();
    if (options.onContinue) this.hooks.push(options.onContinue);
  }

  /** Draws "Trang x/y" in the band of every page of the section, when it has more than one page. */
  endSection(): void {
    const pages = this.pages.slice(this.sectionStart);
    const total = pages.length;
    if (total > 1 && this.sectionOptions.pageNumber !== false) {
      const tpl = this.sectionOptions.pageNumberText ?? 'Trang {page}/{pages}';
      pages.forEach((p, i) => {
        if (i === 0 && !tpl.includes('{pages}')) return; // NĐ 30: no number on the first page
        const text = tpl.replace('{page}', String(i + 1)).replace('{pages}', String(total));
        const size = this.type.small;
        const w = this.measure(text, 'regular', size);
        let x = this.left + (this.width - w) / 2;
        if (p.label) {
          const lw = this.measure(this.clean(p.label, 'italic'), 'italic', size);
          if (x + w > this.right - lw - 6) x = this.left; // the copy label takes the centre: number goes left
        }
        const [line] = this.wrap([{ text, font: 'regular', size }], this.width);
        const saved = this.current;
        this.current = this.pages.indexOf(p);
        this.drawLine(line, x, this.top, w + 1, 'left', { role: 'page-number' });
        this.current = saved;
      });
    }
    this.hooks = [];
  }

  /** A new page in the current section: band, then the continuation hooks (section header, table header). */
  newPage(): void {
    if (this.inHook) throw new Error('Phần đầu trang tiếp theo quá cao so với khổ giấy.');
    this.addPage();
    this.inHook = true;
    try {
      for (const hook of this.hooks) hook();
    } finally {
      this.inHook = false;
    }
    this.freshTop = { page: this.current, y: this.y };
  }

  /** True right after a page break's headers, before anything else was drawn. */
  atFreshTop(): boolean {
    return this.freshTop.page === this.current && Math.abs(this.freshTop.y - this.y) < EPS;
  }

  private addPage(): void {
    const pdf = this.doc.addPage([this.spec.width, this.spec.height]);
    const layout: PageLayout = {
      index: this.pages.length,
      width: this.spec.width,
      height: this.spec.height,
      content: { x: this.left, y: this.top, width: this.width, height: this.bottom - this.top },
      section: this.section,
    };
    const label = this.sectionOptions.label;
    this.pages.push({ pdf, layout, label });
    this.current = this.pages.length - 1;
    if (label) {
      const size = this.type.small;
      const [line] = this.wrap([{ text: label, font: 'italic', size }], this.width);
      this.drawLine(line, this.left, this.top, this.width, 'right', { role: 'copy-label' });
    }
    this.y = this.top + this.bandHeight;
    this.freshTop = { page: this.current, y: this.y };
  }

  /** Makes room for `height` points, starting a new page when they do not fit. Returns true on a break. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom + EPS) return false;
    if (this.atFreshTop()) return false; // taller than a page: a break would only add a blank page
    this.newPage();
    return true;
  }

  pushHook(hook: () => void): void {
    this.hooks.push(hook);
  }

  popHook(hook: () => void): void {
    const i = this.hooks.lastIndexOf(hook);
    if (i >= 0) this.hooks.splice(i, 1);
  }

  // ---- tables -----------------------------------------------------------------------------------

  table(spec: TableSpec): void {
    const padX = spec.padX ?? 0.35 * spec.size;
    const padY = spec.padY ?? 0.2 * spec.size;
    const headerSize = spec.headerSize ?? spec.size;
    const total = spec.columns.reduce((s, c) => s + c.weight, 0);
    const xs: number[] = [];
    const ws: number[] = [];
    let acc = this.left;
    spec.columns.forEach((c, i) => {
      xs.push(acc);
      const w = i === spec.columns.length - 1 ? this.right - acc : (this.width * c.weight) / total;
      ws.push(w);
      acc += w;
    });
    const wrapCell = (cell: TableCell, i: number, font: FontKey, size: number) =>
      this.wrap(typeof cell === 'string' ? [{ text: cell, font, size }] : cell, Math.max(1, ws[i] - 2 * padX));

    const headerLines = spec.columns.map((c, i) => wrapCell(c.title, i, 'bold', headerSize));
    const headerHeight = Math.max(...headerLines.map((l) => Writer.height(l))) + 2 * padY;

    const drawHeader = () => {
      const top = this.y;
      spec.columns.forEach((_, i) => {
        const cell = this.cellBox(xs[i], top, ws[i], headerHeight, 'table-header');
        const h = Writer.height(headerLines[i]);
        const y = top + padY + (headerHeight - 2 * padY - h) / 2;
        this.drawBlock(headerLines[i], xs[i] + padX, y, ws[i] - 2 * padX, 'center', { cell, role: 'table-header' });
      });
      this.y = top + headerHeight;
    };

    const bodyRows = spec.rows.map((row) => row.map((cell, i) => wrapCell(cell, i, spec.font ?? 'regular', spec.size)));
    const rowHeight = (cells: Line[][]) => Math.max(spec.minRowHeight ?? 0, Math.max(...cells.map((l) => Writer.height(l))) + 2 * padY);

    // Keep the heading, the header row and the first row together.
    const heading = spec.heading ? this.wrap(spec.heading, this.width) : [];
    const firstRow = bodyRows.length ? Math.min(rowHeight(bodyRows[0]), this.bottom - this.top - this.bandHeight - headerHeight) : 0;
    this.ensure(Writer.height(heading) + (spec.headingGap ?? 0) + headerHeight + firstRow);
    if (heading.length) {
      this.flow(heading);
      this.y += spec.headingGap ?? 0;
    }
    drawHeader();
    const hook = () => drawHeader();
    this.pushHook(hook);
    try {
      for (const cells of bodyRows) {
        let rest: Line[][] | null = cells;
        while (rest) {
          const h = rowHeight(rest);
          if (this.y + h <= this.bottom + EPS) {
            this.drawRow(rest, xs, ws, padX, padY, h, spec);
            this.y += h;
            break;
          }
          if (!this.atFreshTop()) {
            // Move the row whole to the next page (where the header row is repeated).
            this.newPage();
            continue;
          }
          // A row taller than a whole page: split it between lines.
          const avail = this.remaining() - 2 * padY;
          const head: Line[][] = [];
          const tail: Line[][] = [];
          for (const lines of rest) {
            let used = 0;
            let k = 0;
            while (k < lines.length && used + lines[k].pitch <= avail + EPS) used += lines[k++].pitch;
            head.push(lines.slice(0, k));
            tail.push(lines.slice(k));
          }
          if (head.every((l) => l.length === 0)) throw new Error('Khổ giấy quá nhỏ cho một dòng của bảng.');
          const hh = Math.max(...head.map((l) => Writer.height(l))) + 2 * padY;
          this.drawRow(head, xs, ws, padX, padY, hh, spec);
          this.y += hh;
          rest = tail.some((l) => l.length) ? tail : null;
          if (rest) this.newPage();
        }
      }
    } finally {
      this.popHook(hook);
    }
  }

  private cellBox(x: number, top: number, width: number, height: number, role: string): number {
    this.page.pushOperators(
      pushGraphicsState(),
      setLineWidth(0.5),
      rectangle(round(x), round(this.spec.height - top - height), round(width), round(height)),
      stroke(),
      popGraphicsState(),
    );
    this.boxes.push({ page: this.pageIndex, kind: 'cell', x, y: top, width, height, role });
    return this.boxes.length - 1;
  }

  private drawRow(cells: Line[][], xs: number[], ws: number[], padX: number, padY: number, height: number, spec: TableSpec): void {
    const top = this.y;
    cells.forEach((lines, i) => {
      const cell = this.cellBox(xs[i], top, ws[i], height, spec.role ?? 'table-cell');
      const align = spec.columns[i].align ?? 'left';
      let y = top + padY;
      if (spec.columns[i].valign === 'middle') y = top + (height - Writer.height(lines)) / 2;
      this.drawBlock(lines, xs[i] + padX, y, ws[i] - 2 * padX, align, { cell, role: spec.role ?? 'table-cell' });
    });
  }

  layout(): FormLayout {
    return { pages: this.pages.map((p) => p.layout), boxes: this.boxes };
  }
}

export interface SectionOptions {
  /** Small italic text at the top right of every page (e.g. "Bản giao người nộp hồ sơ"). */
  label?: string;
  /** Draws the section's own header on continuation pages. */
  onContinue?: () => void;
  /** false: no "Trang x/y" even on multi-page sections. */
  pageNumber?: boolean;
  pageNumberText?: string;
}

export type TableCell = string | Run[];

export interface TableColumnSpec {
  title: TableCell;
  weight: number;
  align?: Align;
  valign?: 'top' | 'middle';
}

export interface TableSpec {
  columns: TableColumnSpec[];
  rows: TableCell[][];
  size: number;
  headerSize?: number;
  font?: FontKey;
  padX?: number;
  padY?: number;
  minRowHeight?: number;
  role?: string;
  /** Lines kept on the same page as the header row and first row. */
  heading?: Run[];
  headingGap?: number;
}
