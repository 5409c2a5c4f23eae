// Checks a computed form layout: every box inside the page's margins, no two text or graphic boxes
// overlapping, every cell's text inside its cell. Used by the unit tests; cheap enough for a preview.
import type { FormLayout, LayoutBox } from './types';

const EPS = 0.05;

function describe(b: LayoutBox): string {
  const what = b.text ? `"${b.text}"` : b.role ?? b.kind;
  return `${b.kind} ${what} p${b.page + 1} @(${b.x.toFixed(1)}, ${b.y.toFixed(1)}) ${b.width.toFixed(1)}×${b.height.toFixed(1)}`;
}

export function overlaps(a: LayoutBox, b: LayoutBox, eps = EPS): boolean {
  return a.x < b.x + b.width - eps && b.x < a.x + a.width - eps && a.y < b.y + b.height - eps && b.y < a.y + a.height - eps;
}

export function inside(inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }, eps = EPS): boolean {
  return (
    inner.x >= outer.x - eps &&
    inner.y >= outer.y - eps &&
    inner.x + inner.width <= outer.x + outer.width + eps &&
    inner.y + inner.height <= outer.y + outer.height + eps
  );
}

/** Problems found, described for a human; empty when the layout is clean. */
export function checkLayout(layout: FormLayout, limit = 20): string[] {
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < limit) problems.push(p);
  };
  for (const b of layout.boxes) {
    const page = layout.pages[b.page];
    if (!page) {
      add(`${describe(b)} is on a page that does not exist`);
      continue;
    }
    if (!(b.width >= 0 && b.height > 0) || ![b.x, b.y, b.width, b.height].every(Number.isFinite)) add(`${describe(b)} has no size`);
    if (!inside(b, page.content)) add(`${describe(b)} leaves the margins`);
    if (b.kind === 'text' && b.cell != null) {
      const cell = layout.boxes[b.cell];
      if (!cell || cell.kind !== 'cell' || cell.page !== b.page) add(`${describe(b)} refers to a missing cell`);
      else if (!inside(b, cell)) add(`${describe(b)} overflows its cell ${describe(cell)}`);
    }
  }
  // Overlaps among ink boxes, page by page, with a sweep over y.
  const byPage = new Map<number, LayoutBox[]>();
  for (const b of layout.boxes) {
    if (b.kind !== 'text' && b.kind !== 'graphic') continue;
    let list = byPage.get(b.page);
    if (!list) byPage.set(b.page, (list = []));
    list.push(b);
  }
  for (const list of byPage.values()) {
    list.sort((a, b) => a.y - b.y);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      for (let j = i + 1; j < list.length && list[j].y < a.y + a.height - EPS; j++) {
        if (overlaps(a, list[j])) add(`${describe(a)} overlaps ${describe(list[j])}`);
      }
    }
  }
  // Cells may share edges but never cover each other.
  const cells = layout.boxes.filter((b) => b.kind === 'cell');
  const cellsByPage = new Map<number, LayoutBox[]>();
  for (const c of cells) {
    let list = cellsByPage.get(c.page);
    if (!list) cellsByPage.set(c.page, (list = []));
    list.push(c);
  }
  for (const list of cellsByPage.values()) {
    list.sort((a, b) => a.y - b.y);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length && list[j].y < list[i].y + list[i].height - 0.5; j++) {
        if (overlaps(list[i], list[j], 0.5)) add(`${describe(list[i])} overlaps ${describe(list[j])}`);
      }
    }
  }
  return problems;
}

/** The text of the boxes on one page, top to bottom, left to right, joined by spaces. */
export function pageText(layout: FormLayout, page: number): string {
  // Sort by baseline (the text box is 0.92 em above it, 0.225 em below) so runs of different sizes on one line stay together.
  const baseline = (b: LayoutBox) => b.y + (b.height * 0.92) / 1.145;
  return layout.boxes
    .filter((b) => b.page === page && b.kind === 'text')
    .sort((a, b) => (Math.abs(baseline(a) - baseline(b)) > 1 ? baseline(a) - baseline(b) : a.x - b.x))
    .map((b) => b.text)
    .join(' ')
    .replace(/ {2,}/g, ' ');
}
