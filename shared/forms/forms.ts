// The seven forms of TT 03/2025/TT-VPCP Phụ lục I, laid out per NĐ 30/2020 with the Writer engine.
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatDateKey, formatVnClock, formatVnDate, vnParts } from '../calendar/vnTime';
import { RESULT_DELIVERY_LABEL_VI, type Dossier } from '../domain/dossier';
import { describeProcessingTime, formatMoney } from '../domain/procedure';
import type { OfficeSettings } from '../domain/settings';
import { STATUS_LABEL_VI } from '../domain/status';
import { encodeCode128 } from './code128';
import { embedFormFonts, metricsFor } from './fonts';
import { MM, pageSpec, TYPE_A4, TYPE_A4_BOOK, TYPE_A5, Writer, type Align, type Line, type Run, type TableCell } from './layout';
import {
  DEFAULT_TEMPLATES,
  HANDOVER_TEMPLATES,
  FEE_REPORT_TEMPLATE,
  fillText,
  type CodeSection,
  type FormTemplate,
  type PairSection,
  type ParagraphSection,
  type Section,
  type SignaturesSection,
  type SizeName,
  type TableSection,
} from './templates';
import type {
  FontKey,
  Form01Input,
  Form02Input,
  Form03Input,
  Form04Input,
  Form05Input,
  Form06Input,
  Form07Input,
  FormFonts,
  FormInputs,
  FeeReportInput,
  FeeReportLine,
  FormKind,
  HandoverSlipInput,
  Margins,
  PaperSize,
  RenderedForm,
  SignerInput,
  TrackingRow,
} from './types';

export interface RenderOptions {
  /** Margins in mm, over the NĐ 30 defaults for the paper. */
  margins?: Partial<Margins>;
  /** "Now" for forms dated at printing (02–05, 07), for reproducible output. */
  now?: number;
}

type Vars = Record<string, string>;

// ---- values --------------------------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, '0');

/** NĐ 30: days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02", "tháng 11"). */
export function nd30DateParts(epochMs: number): { day: string; month: string; year: string } {
  const p = vnParts(epochMs);
  return { day: pad2(p.day), month: p.month <= 2 ? pad2(p.month) : String(p.month), year: String(p.year) };
}

/** "09 giờ 05 phút, ngày 21/11/2026" (Vietnam time). */
export function formatVnTimeLong(epochMs: number): string {
  const p = vnParts(epochMs);
  return `${pad2(p.hour)} giờ ${pad2(p.minute)} phút, ngày ${formatVnDate(epochMs)}`;
}

/**
 * The place on the place/date line (NĐ 30/2020): the place's proper name, "An Bình", not its rank
 * "Xã An Bình", unless the unit is named after a number ("Phường 5"). A unit named after a person keeps
 * its rank through the override (the office's placeName setting).
 */
export function placeName(office: OfficeSettings, override?: string): string {
  const given = (override || office.placeName || office.communeName || '').normalize('NFC').trim();
  if (!given) return '';
  if (override || office.placeName) return given;
  const m = /^(xã|phường|thị trấn|đặc khu)\s+(.*)$/iu.exec(given);
  if (!m) return given;
  if (/^\d/.test(m[2])) return m[1][0].toLocaleUpperCase('vi') + m[1].slice(1).toLocaleLowerCase('vi') + ' ' + m[2];
  return m[2];
}

/**
 * The unit's name inside a sentence ("… Bộ phận Một cửa đã tiếp nhận …"): as typed, or, when typed in
 * capitals for the header, in sentence case.
 */
export function unitSentenceName(agencyName: string): string {
  const n = String(agencyName ?? '').normalize('NFC').trim();
  if (!n || n !== n.toLocaleUpperCase('vi')) return n;
  const lower = n.toLocaleLowerCase('vi');
  return lower[0].toLocaleUpperCase('vi') + lower.slice(1);
}

const upper = (s: string) => String(s ?? '').normalize('NFC').toLocaleUpperCase('vi').normalize('NFC');

function commonVars(office: OfficeSettings, date: number, documentNo: string | undefined, title: string, place?: string): Vars {
  const d = nd30DateParts(date);
  return {
    parentAgencyName: upper(office.parentAgencyName),
    agencyName: upper(office.agencyName),
    unitName: unitSentenceName(office.agencyName),
    agencyCode: office.agencyCode,
    communeName: office.communeName,
    districtName: office.districtName,
    provinceName: office.provinceName,
    place: placeName(office, place),
    day: d.day,
    month: d.month,
    year: d.year,
    date: formatVnDate(date),
    documentNo: documentNo ?? '',
    title,
  };
}

function deliveryLabel(t: FormTemplate, value: string): string {
  return t.labels?.[`delivery.${value}`] ?? (RESULT_DELIVERY_LABEL_VI as Record<string, string>)[value] ?? value;
}

function dossierVars(d: Dossier, t: FormTemplate, extra: { cutoffRule?: boolean; processingTimeText?: string } = {}): Vars {
  const a = d.applicant;
  let processingTime = extra.processingTimeText ?? '';
  if (!processingTime && d.processingTime) {
    try {
      processingTime = describeProcessingTime(d.processingTime, extra.cutoffRule ?? false);
    } catch {
      processingTime = '';
    }
  }
  const organisation = a.kind === 'organisation';
  return {
    applicantLabel: organisation ? 'Tổ chức' : 'Ông/Bà',
    addressee: organisation ? 'Quý tổ chức' : 'Ông/Bà',
    organisationLine: organisation
      ? [`Mã số thuế: ${a.taxCode ?? ''}`, `Người đại diện: ${a.representative ?? ''}`, a.idNumber ? `CCCD: ${a.idNumber}` : ''].filter(Boolean).join('; ')
      : '',
    // Certified copies: each document's pages, copies and fee, so the citizen can check the sum.
    feeDetail: d.fee > 0 && d.copyDocuments?.length
      ? `Gồm: ${d.copyDocuments.map((doc) => `${doc.name} (${doc.pages} trang × ${doc.copies} bản): ${formatMoney(doc.fee)}`).join('; ')}.`
      : '',
    code: d.code,
    procedureName: d.procedureName,
    procedureCode: d.procedureCode,
    fieldName: d.fieldName,
    resultAgency: d.resultAgency,
    applicantName: a.fullName,
    honorific: a.gender === 'female' ? 'Bà' : a.gender === 'male' ? 'Ông' : 'Ông/Bà',
    idNumber: a.idNumber,
    address: a.address,
    phone: a.phone,
    email: a.email,
    sets: String(d.sets),
    fee: d.fee > 0 ? formatMoney(d.fee) : 'Miễn phí',
    feeDue: d.fee > 0 ? formatMoney(d.fee) : '',
    receivedAt: formatVnTimeLong(d.receivedAt),
    receivedDate: formatVnDate(d.receivedAt),
    appointmentAt: formatVnTimeLong(d.appointmentAt),
    appointmentDate: formatVnDate(d.appointmentAt),
    resultPlace: deliveryLabel(t, d.resultDelivery),
    processingTime,
    status: STATUS_LABEL_VI[d.status] ?? '',
  };
}

// ---- building blocks -----------------------------------------------------------------------------

interface Ctx {
  w: Writer;
  t: FormTemplate;
  vars: Vars;
  paper: PaperSize;
}

function sizeOf(w: Writer, name: SizeName | undefined): number {
  const T = w.type;
  switch (name) {
    case 'small':
      return T.small;
    case 'title':
      return T.title;
    case 'table':
      return T.table;
    case 'code':
      return T.code;
    default:
      return T.body;
  }
}

function boldOf(font: FontKey): FontKey {
  return font === 'italic' || font === 'boldItalic' ? 'boldItalic' : 'bold';
}

/** Template text → styled runs. */
function runs(ctx: Ctx, text: string, font: FontKey, size: number, caps = false): Run[] {
  return fillText(text, ctx.vars, ctx.t.emptyValue).map((p) => ({ text: caps ? upper(p.text) : p.text, font: p.bold ? boldOf(font) : font, size }));
}

/** Draws NĐ 30's header: agency (left) and national motto (right), then number and place/date. */
function officialHeader(ctx: Ctx): void {
  const { w, t } = ctx;
  const T = w.type;
  const h = t.header;
  const W = w.width;
  const motto = runs(ctx, h.motto, 'bold', T.motto);
  const indep = runs(ctx, h.independence, 'bold', T.independence);
  const natural = Math.max(...[motto, indep].map((r) => r.reduce((s, x) => s + w.measure(w.clean(x.text, x.font), x.font, x.size), 0)));
  const gap = 4 * MM;
  const rightW = Math.min(Math.max(natural + 4, W * 0.55), W * 0.7);
  const leftW = W - rightW - gap;
  const leftX = w.left;
  const rightX = w.right - rightW;
  const top = w.y;

  // Left: parent agency (regular capitals), agency (bold capitals), a short rule.
  let y = top;
  const parent = w.wrapBalanced(runs(ctx, h.parentAgency, 'regular', T.header, true), leftW);
  const hasParent = parent.some((l) => l.segs.length);
  if (hasParent) y += w.drawBlock(parent, leftX, y, leftW, 'center', { role: 'header' });
  const agency = w.wrapBalanced(runs(ctx, h.agency, 'bold', T.header, true), leftW);
  y += w.drawBlock(agency, leftX, y, leftW, 'center', { role: 'header' });
  const agencyWidth = Math.max(...agency.map((l) => l.width));
  const ruleW = Math.max(agencyWidth * 0.4, 12 * MM * (T === TYPE_A4 ? 1 : 0.7));
  y += 1;
  w.hline(leftX + (leftW - ruleW) / 2, leftX + (leftW + ruleW) / 2, y, 0.6, 'agency-rule');
  const leftBottom = y + 0.3 * T.header;

  // Right: motto, "Độc lập - Tự do - Hạnh phúc" with a rule as long as the line.
  let ry = top;
  const mottoLines = w.wrap(motto, rightW);
  ry += w.drawBlock(mottoLines, rightX, ry, rightW, 'center', { role: 'motto' });
  const indepLines = w.wrap(indep, rightW);
  ry += w.drawBlock(indepLines, rightX, ry, rightW, 'center', { role: 'motto' });
  const lastIndep = indepLines[indepLines.length - 1];
  ry += 1;
  w.hline(rightX + (rightW - lastIndep.width) / 2, rightX + (rightW + lastIndep.width) / 2, ry, 0.6, 'motto-rule');
  const rightBottom = ry + 0.3 * T.header;

  // Number (left) and place/date (right, italic) on one row.
  const rowTop = Math.max(leftBottom, rightBottom) + 0.25 * T.body;
  let bottom = rowTop;
  if (h.number) {
    const numLines = w.wrap(runs(ctx, h.number, 'regular', T.body), leftW);
    bottom = Math.max(bottom, rowTop + w.drawBlock(numLines, leftX, rowTop, leftW, 'center', { role: 'number' }));
  }
  if (h.placeDate) {
    const pdLines = w.wrap(runs(ctx, h.placeDate, 'italic', T.body), rightW);
    bottom = Math.max(bottom, rowTop + w.drawBlock(pdLines, rightX, rowTop, rightW, 'center', { role: 'place-date' }));
  }
  w.y = bottom + 0.6 * T.body;
}

function title(ctx: Ctx): void {
  const { w, t } = ctx;
  const T = w.type;
  w.flow(w.wrapBalanced(runs(ctx, t.title, 'bold', T.title, true), w.width), { align: 'center', role: 'title' });
  if (t.subtitle) w.paragraph(runs(ctx, t.subtitle, 'italic', T.body), { align: 'center', role: 'subtitle' });
  w.space(0.4 * T.body);
}

/** The header of continuation pages: agency and code, then "(tiếp theo)". */
function continuationHeader(ctx: Ctx): () => void {
  return () => {
    const { w, t } = ctx;
    const c = t.continuation;
    if (!c) return;
    const T = w.type;
    const size = T.small;
    const top = w.y;
    const gap = 3 * MM;
    const left = c.left ? runs(ctx, c.left, 'regular', size) : [];
    const right = c.right ? runs(ctx, c.right, 'regular', size) : [];
    const natural = (r: Run[]) => (r.length ? w.wrap(r, 1e6)[0].width : 0);
    const ln = natural(left);
    const rn = natural(right);
    let leftW: number;
    if (ln + gap + rn <= w.width) leftW = ln + 0.5;
    else leftW = Math.min(0.7, Math.max(0.3, ln / (ln + rn))) * (w.width - gap);
    const rightW = w.width - gap - leftW;
    let hgt = 0;
    if (left.length) hgt = Math.max(hgt, w.drawBlock(w.wrap(left, leftW), w.left, top, leftW, 'left', { role: 'continuation' }));
    if (right.length) hgt = Math.max(hgt, w.drawBlock(w.wrap(right, rightW), w.right - rightW, top, rightW, 'right', { role: 'continuation' }));
    w.y = top + hgt + 1;
    w.hline(w.left, w.right, w.y, 0.4, 'continuation-rule');
    w.y += 0.3 * T.body;
    if (c.title) {
      w.paragraph(runs(ctx, c.title, 'bold', T.body), { align: 'center', role: 'continuation-title' });
      w.space(0.3 * T.body);
    }
  };
}

function isEmpty(vars: Vars, names: string[] | undefined): boolean {
  return (names ?? []).some((n) => !vars[n] || !String(vars[n]).trim());
}

function paragraphSection(ctx: Ctx, s: ParagraphSection): void {
  const { w } = ctx;
  if (isEmpty(ctx.vars, s.omitIfEmpty)) return;
  if (s.spaceBefore) w.space(s.spaceBefore * MM);
  const font = s.style ?? 'regular';
  w.paragraph(runs(ctx, s.text, font, sizeOf(w, s.size)), {
    align: s.align ?? 'left',
    firstIndent: (s.indent ?? 0) * MM,
    hangIndent: (s.hang ?? 0) * MM,
  });
}

function pairSection(ctx: Ctx, s: PairSection): void {
  const { w } = ctx;
  if (isEmpty(ctx.vars, s.omitIfEmpty)) return;
  if (s.spaceBefore) w.space(s.spaceBefore * MM);
  const size = w.type.body;
  const left = runs(ctx, s.left, 'regular', size);
  const right = runs(ctx, s.right, 'regular', size);
  const [l] = w.wrap(left, 1e6);
  const [r] = w.wrap(right, 1e6);
  const gap = 4 * MM;
  if (l.width + gap + r.width <= w.width) {
    const xr = Math.max(w.left + l.width + gap, Math.min(w.left + w.width * 0.5, w.right - r.width));
    const pitch = Math.max(l.pitch, r.pitch);
    w.ensure(pitch);
    w.drawLine(l, w.left, w.y, l.width + 1);
    w.drawLine(r, xr, w.y, w.right - xr);
    w.y += pitch;
  } else {
    w.paragraph(left);
    w.paragraph(right);
  }
}

/** Dark QR modules as rectangles, one per horizontal run, relative to (x, y). */
function qrRects(modules: { size: number; get(r: number, c: number): number | boolean }, unit: number, x: number, y: number): Array<[number, number, number, number]> {
  const n = modules.size;
  const rects: Array<[number, number, number, number]> = [];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules.get(r, c)) c++;
      rects.push([x + start * unit, y + r * unit, (c - start) * unit, unit]);
    }
  }
  return rects;
}

/** Form 01's code block: label and code in large type, Code 128 below, QR at the right. */
function codeSection(ctx: Ctx, s: CodeSection, code: string): void {
  const { w } = ctx;
  const T = w.type;
  const a4 = ctx.paper === 'A4';
  if (s.spaceBefore) w.space(s.spaceBefore * MM);
  const gap = 5 * MM;

  const qr = s.qr !== false ? QRCode.create(code, { errorCorrectionLevel: 'M' }) : null;
  const qrUnit = a4 ? 2.6 : 1.9;
  const qrQuiet = 4;
  const qrTotal = qr ? (qr.modules.size + 2 * qrQuiet) * qrUnit : 0;

  const bar = s.barcode !== false ? encodeCode128(code) : null;
  const barQuiet = 10;
  const maxX = a4 ? 1.2 : 0.95;
  const minX = 0.6;
  const leftAvail = w.width - (qr ? qrTotal + gap : 0);
  let barX = bar ? Math.min(maxX, leftAvail / (bar.modules + 2 * barQuiet)) : 0;
  let barOwnRow = false;
  if (bar && barX < minX) {
    barOwnRow = true;
    barX = Math.min(maxX, w.width / (bar.modules + 2 * barQuiet));
  }
  const barH = a4 ? 34 : 26;
  const barTotalW = bar ? (bar.modules + 2 * barQuiet) * barX : 0;

  // Label and code on one line when they fit, else the code on its own line(s).
  const labelRuns: Run[] = runs(ctx, s.label, 'regular', T.body);
  const codeRun: Run = { text: code, font: 'bold', size: T.code };
  const textAvail = leftAvail;
  let textLines: Line[] = w.wrap([...labelRuns, { text: ' ', font: 'regular', size: T.body }, codeRun], textAvail);
  if (textLines.length > 1) textLines = [...w.wrap(labelRuns, textAvail), ...w.wrap([codeRun], textAvail)];
  const textW = Math.max(...textLines.map((l) => l.width));
  const textH = Writer.height(textLines);

  const leftW = Math.max(textW, barOwnRow ? 0 : barTotalW);
  const leftH = textH + (bar && !barOwnRow ? 2 + barH : 0);
  const groupW = leftW + (qr ? gap + qrTotal : 0);
  const groupH = Math.max(leftH, qrTotal);
  const totalH = groupH + (barOwnRow ? 2 + barH : 0);
  w.ensure(totalH);

  const top = w.y;
  const x0 = w.left + (w.width - groupW) / 2;
  const leftTop = top + (groupH - leftH) / 2;
  w.drawBlock(textLines, x0, leftTop, leftW, 'center', { role: 'code' });
  const drawBars = (bx: number, by: number) => {
    if (!bar) return;
    w.fillRects(bar.bars.map(([start, width]) => [bx + (barQuiet + start) * barX, by, width * barX, barH]));
    w.graphicBox(bx, by, barTotalW, barH, 'barcode');
  };
  if (bar && !barOwnRow) drawBars(x0 + (leftW - barTotalW) / 2, leftTop + textH + 2);
  if (qr) {
    const qx = x0 + leftW + gap;
    const qy = top + (groupH - qrTotal) / 2;
    w.fillRects(qrRects(qr.modules, qrUnit, qx + qrQuiet * qrUnit, qy + qrQuiet * qrUnit));
    w.graphicBox(qx, qy, qrTotal, qrTotal, 'qr');
  }
  w.y = top + groupH;
  if (bar && barOwnRow) {
    drawBars(w.left + (w.width - barTotalW) / 2, w.y + 2);
    w.y += 2 + barH;
  }
  w.space(0.2 * T.body);
}

type RowSource = Record<string, string>;

function tableSection(ctx: Ctx, s: TableSection, rows: RowSource[]): void {
  const { w } = ctx;
  const size = sizeOf(w, s.size ?? 'table');
  if (s.spaceBefore) w.space(s.spaceBefore * MM);
  let cells: TableCell[][] = rows.map((r) => s.columns.map((c) => r[c.key] ?? ''));
  if (!cells.length && s.emptyText) {
    const widest = s.columns.reduce((best, c, i) => (c.weight > s.columns[best].weight ? i : best), 0);
    cells = [s.columns.map((_, i) => (i === widest ? s.emptyText! : ''))];
  }
  w.table({
    columns: s.columns.map((c) => ({
      title: fillText(c.title, ctx.vars, '').map((p) => p.text).join(''),
      weight: c.weight,
      align: c.align ?? 'left',
    })),
    rows: cells,
    size,
    headerSize: size,
    heading: s.heading ? runs(ctx, s.heading, 'regular', w.type.body) : undefined,
    headingGap: s.heading ? 0.15 * w.type.body : 0,
  });
}

function signaturesSection(ctx: Ctx, s: SignaturesSection, signerOverride?: SignerInput, recipients?: string[]): void {
  const { w } = ctx;
  const T = w.type;
  if (s.spaceBefore) w.space(s.spaceBefore * MM);
  const signers = s.signers.map((g, i) =>
    i === s.signers.length - 1 && signerOverride
      ? { title: signerOverride.title ?? g.title, note: signerOverride.note ?? g.note, name: signerOverride.name ?? g.name }
      : g,
  );
  const gap = 4 * MM;
  const cols: Array<{ x: number; width: number }> = [];
  const recip = s.recipients ? { heading: s.recipients.heading, items: recipients ?? s.recipients.items } : null;
  let recipCol: { x: number; width: number } | null = null;
  if (recip) {
    const rw = (w.width - gap) * 0.45;
    recipCol = { x: w.left, width: rw };
    const sw = (w.width - gap - rw - gap * (signers.length - 1)) / signers.length;
    signers.forEach((_, i) => cols.push({ x: w.left + rw + gap + i * (sw + gap), width: sw }));
  } else if (signers.length === 1) {
    const sw = (w.width - gap) * 0.55;
    cols.push({ x: w.right - sw, width: sw });
  } else {
    const sw = (w.width - gap * (signers.length - 1)) / signers.length;
    signers.forEach((_, i) => cols.push({ x: w.left + i * (sw + gap), width: sw }));
  }

  const blocks = signers.map((g, i) => {
    const width = cols[i].width;
    const titleLines = w.wrap(runs(ctx, g.title, 'bold', T.body, true), width);
    const noteLines = g.note ? w.wrap(runs(ctx, g.note, 'italic', T.small), width) : [];
    const nameText = g.name ? fillText(g.name, ctx.vars, '').map((p) => p.text).join('') : '';
    const nameLines = nameText.trim() ? w.wrap([{ text: nameText, font: 'bold', size: T.body }], width) : [];
    const height = Writer.height(titleLines) + Writer.height(noteLines) + T.signatureSpace + Writer.height(nameLines);
    return { titleLines, noteLines, nameLines, height };
  });
  let recipBlock: { lines: Line[]; height: number } | null = null;
  if (recip && recipCol) {
    const lines = [
      ...w.wrap(runs(ctx, recip.heading, 'boldItalic', T.small + 1), recipCol.width),
      ...recip.items.flatMap((it) => w.wrap(runs(ctx, it, 'regular', T.small), recipCol!.width, { hangIndent: 2 * MM })),
    ];
    recipBlock = { lines, height: Writer.height(lines) };
  }
  const height = Math.max(...blocks.map((b) => b.height), recipBlock?.height ?? 0);
  w.ensure(height);
  const top = w.y;
  blocks.forEach((b, i) => {
    const { x, width } = cols[i];
    let y = top;
    y += w.drawBlock(b.titleLines, x, y, width, 'center', { role: 'signer-title' });
    y += w.drawBlock(b.noteLines, x, y, width, 'center', { role: 'signer-note' });
    y += T.signatureSpace;
    w.drawBlock(b.nameLines, x, y, width, 'center', { role: 'signer-name' });
  });
  if (recipBlock && recipCol) w.drawBlock(recipBlock.lines, recipCol.x, top + 0.2 * T.body, recipCol.width, 'left', { role: 'recipients' });
  w.y = top + height;
}

interface Sources {
  code?: string;
  tables?: Partial<Record<TableSection['source'], RowSource[]>>;
  signer?: SignerInput;
  recipients?: string[];
}

function sections(ctx: Ctx, list: Section[], src: Sources): void {
  for (const s of list) {
    switch (s.kind) {
      case 'paragraph':
        paragraphSection(ctx, s);
        break;
      case 'pair':
        pairSection(ctx, s);
        break;
      case 'code':
        if (src.code) codeSection(ctx, s, src.code);
        break;
      case 'table':
        tableSection(ctx, s, src.tables?.[s.source] ?? []);
        break;
      case 'signatures':
        signaturesSection(ctx, s, src.signer, src.recipients);
        break;
      case 'space':
        ctx.w.space(s.mm * MM);
        break;
    }
  }
}

// ---- documents -----------------------------------------------------------------------------------

async function newDocument(kind: FormKind | FormTemplate, fonts: FormFonts, paperOverride: PaperSize | undefined, options: RenderOptions) {
  const t = typeof kind === 'string' ? DEFAULT_TEMPLATES[kind] : kind;
  const paper = paperOverride ?? t.paper;
  const doc = await PDFDocument.create();
  const embedded = await embedFormFonts(doc, fonts);
  const spec = pageSpec(paper, t.orientation, options.margins);
  const type = paper === 'A5' ? TYPE_A5 : t.orientation === 'landscape' ? TYPE_A4_BOOK : TYPE_A4;
  const w = new Writer(doc, embedded, metricsFor(fonts), spec, type);
  return { t, paper, doc, w };
}

async function finish(doc: PDFDocument, w: Writer, title: string, date: number): Promise<RenderedForm> {
  doc.setTitle(title.normalize('NFC'));
  doc.setLanguage('vi-VN');
  doc.setCreator('Bộ phận một cửa cấp xã');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(new Date(date));
  doc.setModificationDate(new Date(date));
  const bytes = await doc.save({ useObjectStreams: true });
  return { bytes, layout: w.layout() };
}

function standardPage(ctx: Ctx, label?: string): void {
  ctx.w.beginSection({ label, onContinue: continuationHeader(ctx), pageNumberText: ctx.t.pageNumber });
  officialHeader(ctx);
  title(ctx);
}

async function layoutForm01(input: Form01Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const { t, paper, doc, w } = await newDocument('01', fonts, input.paperSize, options);
  const d = input.dossier;
  const date = input.issuedAt ?? d.receivedAt;
  const vars: Vars = {
    ...commonVars(input.office, date, input.documentNo, t.title, input.placeName),
    ...dossierVars(d, t, input),
    officerName: input.officerName,
    bookNo: input.bookNo ?? '',
    sequenceNo: input.sequenceNo == null ? '' : String(input.sequenceNo),
  };
  const ctx: Ctx = { w, t, vars, paper };
  const components = d.components.map((c, i) => ({
    index: String(i + 1),
    name: c.name,
    originals: String(c.originals),
    copies: String(c.copies),
    total: String(c.originals + c.copies),
  }));
  const copies = input.copies ?? 2;
  const labels = t.copyLabels ?? [];
  for (let k = 0; k < copies; k++) {
    standardPage(ctx, copies > 1 ? labels[k] : undefined);
    sections(ctx, t.sections, { code: d.code, tables: { components } });
    w.endSection();
  }
  return finish(doc, w, `${t.title} – ${d.code}`, date);
}

type DossierFormInput = Form02Input | Form03Input | Form04Input | Form05Input | Form06Input;

/** Forms 02–06: one dossier, one copy, the standard page, then the template's sections. */
async function layoutDossierForm(
  kind: '02' | '03' | '04' | '05' | '06',
  input: DossierFormInput,
  fonts: FormFonts,
  options: RenderOptions,
  extraVars: Vars,
  sources: Omit<Sources, 'code'>,
  date: number,
): Promise<RenderedForm> {
  const { t, paper, doc, w } = await newDocument(kind, fonts, input.paperSize, options);
  const d = input.dossier;
  const vars: Vars = {
    ...commonVars(input.office, date, input.documentNo, t.title, input.placeName),
    ...dossierVars(d, t),
    ...extraVars,
  };
  const ctx: Ctx = { w, t, vars, paper };
  standardPage(ctx);
  sections(ctx, t.sections, { code: d.code, ...sources });
  w.endSection();
  return finish(doc, w, `${t.title} – ${d.code}`, date);
}

const issued = (input: DossierFormInput, options: RenderOptions) => input.issuedAt ?? options.now ?? Date.now();

/** A quantity the officer entered; nothing entered prints nothing (never an invented 0 or 1). */
const count = (n: number | null | undefined) => (n == null ? '' : String(n));

async function layoutForm02(input: Form02Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const supplements = input.items.map((it, i) => ({
    index: String(i + 1),
    name: it.name,
    originals: count(it.originals),
    certifiedCopies: count(it.certifiedCopies),
    photocopies: count(it.photocopies),
    note: it.note ?? '',
  }));
  const vars = { officerName: input.officerName, officerPhone: input.officerPhone ?? '', officerEmail: input.officerEmail ?? '', reason: input.reason };
  return layoutDossierForm('02', input, fonts, options, vars, { tables: { supplements } }, issued(input, options));
}

async function layoutForm03(input: Form03Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  return layoutDossierForm('03', input, fonts, options, { officerName: input.officerName, reason: input.reason }, {}, issued(input, options));
}

async function layoutForm04(input: Form04Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const vars = {
    originalAppointmentAt: formatVnTimeLong(input.originalAppointmentAt),
    newAppointmentAt: formatVnTimeLong(input.newAppointmentAt),
    reason: input.reason,
  };
  return layoutDossierForm('04', input, fonts, options, vars, { signer: input.signer, recipients: input.recipients }, issued(input, options));
}

async function layoutForm05(input: Form05Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  return layoutDossierForm('05', input, fonts, options, { reason: input.reason }, { signer: input.signer, recipients: input.recipients }, issued(input, options));
}

const timeCell = (ms: number | null | undefined) => (ms == null ? '' : `${formatVnClock(ms)}\n${formatVnDate(ms)}`);

async function layoutForm06(input: Form06Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const d = input.dossier;
  // The official layout: "1. Giao: … 2. Nhận: …", the time as "…giờ…phút, ngày…", and the two signers.
  const steps = input.steps.map((s, i) => ({
    index: String(i + 1),
    agency: `${i + 1}. Giao: ${s.from}\n${i + 1}. Nhận: ${s.to}`,
    from: s.fromPerson ? `${s.from}\n${s.fromPerson}` : s.from,
    to: s.toPerson ? `${s.to}\n${s.toPerson}` : s.to,
    time: `${formatVnTimeLong(s.at)}\nNgười giao: ${s.fromPerson || '…………'}\nNgười nhận: ${s.toPerson || '…………'}\n(Ký, ghi rõ họ tên)\n\n`,
    result: s.result ?? '',
    note: s.note ?? '',
  }));
  const vars = { resultAgency: input.resultAgency ?? d.resultAgency, coordinatingAgencies: input.coordinatingAgencies ?? '' };
  // The control slip follows the dossier from its reception.
  return layoutDossierForm('06', input, fonts, options, vars, { tables: { steps } }, input.issuedAt ?? d.receivedAt);
}

/** What the book shows in "Trả kết quả" for a dossier that ended without a result (or has none yet). */
const TRACKING_OUTCOME: Partial<Record<Dossier['status'], string>> = {
  refused: 'Không được tiếp nhận',
  withdrawn: 'Công dân rút hồ sơ',
  stopped: 'Dừng xử lý',
  supplement_requested: 'Chờ bổ sung',
  financial_obligation: 'Chờ nộp nghĩa vụ tài chính',
};

/** A tracking-book row from a dossier. */
export function trackingRowFromDossier(d: Dossier): TrackingRow {
  return {
    code: d.code,
    procedureName: d.procedureName,
    applicantName: d.applicant.fullName,
    address: d.applicant.address,
    phone: d.applicant.phone,
    resultAgency: d.resultAgency,
    receivedAt: d.receivedAt,
    appointmentAt: d.appointmentAt,
    returnedAt: d.returnedAt,
    resultDelivery: d.resultDelivery,
    sets: d.sets,
    note: d.note,
    outcome: TRACKING_OUTCOME[d.status],
  };
}

async function layoutForm07(input: Form07Input, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const { t, paper, doc, w } = await newDocument('07', fonts, undefined, options);
  const date = input.issuedAt ?? options.now ?? Date.now();
  const vars: Vars = {
    ...commonVars(input.office, date, undefined, t.title, input.placeName),
    bookNo: input.bookNo ?? '',
    fromDate: formatDateKey(input.from),
    toDate: formatDateKey(input.to),
    count: String(input.rows.length),
  };
  const ctx: Ctx = { w, t, vars, paper };
  const tracking = input.rows.map((r, i) => ({
    index: String(i + 1),
    code: r.code,
    procedure: r.procedureName,
    applicant: r.applicantName,
    address: r.address,
    phone: r.phone,
    addressPhone: [r.address, r.phone].filter((x) => x && x.trim()).join(', '),
    resultAgency: r.resultAgency,
    receivedAt: timeCell(r.receivedAt),
    appointmentAt: timeCell(r.appointmentAt),
    returnedAt: r.outcome ? (r.returnedAt != null ? `${r.outcome}\n${formatVnDate(r.returnedAt)}` : r.outcome) : timeCell(r.returnedAt),
    outcome: r.outcome ?? '',
    delivery: deliveryLabel(t, String(r.resultDelivery)),
    signature: '',
    sets: r.sets == null ? '' : String(r.sets),
    note: r.note ?? '',
  }));
  standardPage(ctx);
  sections(ctx, t.sections, { tables: { tracking } });
  w.endSection();
  return finish(doc, w, `${t.title} ${vars.fromDate} – ${vars.toDate}`, date);
}

/** The handover slip of a postal batch (biên bản bàn giao): list, counts, both sides' signatures. */
export async function layoutHandoverSlip(input: HandoverSlipInput, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const { t, paper, doc, w } = await newDocument(HANDOVER_TEMPLATES[input.kind], fonts, 'A4', options);
  const date = input.handoverAt;
  const sets = input.rows.reduce((s, r) => s + r.sets, 0);
  const vars: Vars = {
    ...commonVars(input.office, date, input.batchCode, t.title, input.placeName),
    batchCode: input.batchCode,
    handoverAt: formatVnTimeLong(date),
    giverSide: input.giverSide,
    giverName: input.giverName,
    receiverSide: input.receiverSide,
    receiverName: input.receiverName ?? '',
    count: String(input.rows.length),
    sets: String(sets),
    note: input.note ?? '',
  };
  const ctx: Ctx = { w, t, vars, paper };
  const handover = input.rows.map((r, i) => ({
    index: String(i + 1),
    code: r.code,
    waybill: r.waybill,
    applicant: r.applicantName,
    procedure: r.procedureName,
    sets: String(r.sets),
    note: r.note ?? '',
  }));
  standardPage(ctx);
  sections(ctx, t.sections, { code: input.batchCode, tables: { handover } });
  w.endSection();
  return finish(doc, w, `${t.title} – ${input.batchCode}`, date);
}

/** The daily fee report: one line per officer and procedure, the total row, two signers. */
export async function layoutFeeReport(input: FeeReportInput, fonts: FormFonts, options: RenderOptions = {}): Promise<RenderedForm> {
  const { t, paper, doc, w } = await newDocument(FEE_REPORT_TEMPLATE, fonts, 'A4', options);
  const date = input.issuedAt ?? options.now ?? Date.now();
  const money = (n: number) => formatMoney(n).replace(/\s*đ$/, '');
  const vars: Vars = {
    ...commonVars(input.office, date, undefined, t.title, input.placeName),
    feeDay: formatDateKey(input.day),
    total: money(input.total.total),
    count: String(input.total.count),
    preparedBy: input.preparedBy,
  };
  const ctx: Ctx = { w, t, vars, paper };
  const line = (r: Omit<FeeReportLine, 'officer' | 'procedureName'>) => ({ count: String(r.count), cash: money(r.cash), transfer: money(r.transfer), qr: money(r.qr), total: money(r.total) });
  const fees = input.rows.map((r, i) => ({ index: String(i + 1), officer: r.officer, procedure: r.procedureName, ...line(r) }));
  if (fees.length > 0) fees.push({ index: '', officer: 'Tổng cộng', procedure: '', ...line(input.total) });
  standardPage(ctx);
  sections(ctx, t.sections, { tables: { fees } });
  w.endSection();
  return finish(doc, w, `${t.title} ngày ${vars.feeDay}`, date);
}

const LAYOUTS: { [K in FormKind]: (input: FormInputs[K], fonts: FormFonts, options?: RenderOptions) => Promise<RenderedForm> } = {
  '01': layoutForm01,
  '02': layoutForm02,
  '03': layoutForm03,
  '04': layoutForm04,
  '05': layoutForm05,
  '06': layoutForm06,
  '07': layoutForm07,
};

/** Renders a form and returns the PDF with its computed layout (for tests and previews). */
export function layoutForm<K extends FormKind>(kind: K, input: FormInputs[K], fonts: FormFonts, options?: RenderOptions): Promise<RenderedForm> {
  const fn = LAYOUTS[kind] as (input: FormInputs[K], fonts: FormFonts, options?: RenderOptions) => Promise<RenderedForm>;
  if (!fn) return Promise.reject(new Error(`Không có biểu mẫu số ${String(kind)}.`));
  return fn(input, fonts, options);
}

/** Renders a form to PDF bytes. */
export async function renderForm<K extends FormKind>(kind: K, input: FormInputs[K], fonts: FormFonts, options?: RenderOptions): Promise<Uint8Array> {
  return (await layoutForm(kind, input, fonts, options)).bytes;
}


export type { Align };
