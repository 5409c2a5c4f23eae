import type { ProcessingTime } from '../calendar/types';

export interface ProcedureComponent {
  id: string;
  name: string;
  required: boolean;
  /** What the citizen normally hands in. */
  originals: number;
  copies: number;
}

/** Fee rules as the catalog states them; amounts in đồng. */
export type FeeRule =
  | { kind: 'free'; note?: string }
  | { kind: 'flat'; amount: number; per: 'case' | 'copy' | 'contract' }
  | { kind: 'per_page'; firstPages: number; firstRate: number; laterRate: number; maxPerCopy: number };

export type OnlineKind = 'none' | 'partial' | 'full';

export interface Procedure {
  code: string; // mã TTHC
  name: string;
  fieldCode: string; // mã lĩnh vực
  fieldName: string;
  processingTime: ProcessingTime;
  /** Received at/after the cut-off (15:00) → counted from the next working day. */
  cutoffRule: boolean;
  fee: FeeRule;
  /** The fee for a dossier submitted online where the province sets a lower one (0 = free online); absent = the same fee. */
  onlineFee?: FeeRule;
  components: ProcedureComponent[];
  onlineKind: OnlineKind;
  /** Cơ quan chủ trì giải quyết. */
  resultAgency: string;
  active: boolean;
}

/** One document to certify (chứng thực bản sao): its own page count and number of copies. */
export interface CopyDocument {
  name: string;
  pages: number;
  copies: number;
}

export interface FeeBasis {
  copies: number;
  pages: number;
  /** For a per-page fee: each document is charged on its own; when absent, one document of `pages` × `copies`. */
  documents?: readonly Pick<CopyDocument, 'pages' | 'copies'>[];
}

/** The fee rule that applies: the catalog's online fee for a dossier submitted online, where it has one. */
export function feeRuleFor(procedure: Pick<Procedure, 'fee' | 'onlineFee'>, online: boolean): FeeRule {
  return online && procedure.onlineFee ? procedure.onlineFee : procedure.fee;
}

/** A per-page fee for one document: pages up to firstPages at firstRate, the rest at laterRate, capped per copy. */
export function documentFee(rule: Extract<FeeRule, { kind: 'per_page' }>, doc: Pick<CopyDocument, 'pages' | 'copies'>): number {
  const pages = Math.max(1, Math.floor(doc.pages || 1));
  const copies = Math.max(1, Math.floor(doc.copies || 1));
  const first = Math.min(pages, rule.firstPages);
  const perCopy = first * rule.firstRate + (pages - first) * rule.laterRate;
  return Math.min(perCopy, rule.maxPerCopy) * copies;
}

/** The fee of one dossier in đồng. */
export function computeFee(rule: FeeRule, basis: FeeBasis): number {
  const copies = Math.max(1, Math.floor(basis.copies || 1));
  switch (rule.kind) {
    case 'free':
      return 0;
    case 'flat':
      return rule.per === 'case' ? rule.amount : rule.amount * copies;
    case 'per_page': {
      const docs = basis.documents?.length ? basis.documents : [{ pages: basis.pages, copies: basis.copies }];
      return docs.reduce((sum, d) => sum + documentFee(rule, d), 0);
    }
  }
}

/**
 * What the form asks for the fee: a count of copies for a flat fee per copy or contract; a list of documents,
 * each with its pages and copies, for a per-page fee (certified copies).
 */
export function feeInputs(rule: FeeRule): { copies: boolean; documents: boolean } {
  return {
    copies: rule.kind === 'flat' && rule.per !== 'case',
    documents: rule.kind === 'per_page',
  };
}

export function describeFee(rule: FeeRule): string {
  switch (rule.kind) {
    case 'free':
      return rule.note ?? 'Miễn phí';
    case 'flat': {
      const per = { case: 'trường hợp', copy: 'bản', contract: 'hợp đồng' }[rule.per];
      return `${formatMoney(rule.amount)}/${per}`;
    }
    case 'per_page':
      return `${formatMoney(rule.firstRate)}/trang cho ${rule.firstPages} trang đầu, từ trang thứ ${rule.firstPages + 1} ${formatMoney(rule.laterRate)}/trang, tối đa ${formatMoney(rule.maxPerCopy)}/bản`;
  }
}

/** Money in đồng with `.` thousands: 200.000 đ. */
export function formatMoney(amount: number): string {
  const digits = String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${digits} đ`;
}

export function describeProcessingTime(t: ProcessingTime, cutoffRule: boolean, cutoff = '15:00'): string {
  switch (t.unit) {
    case 'same_day':
      return cutoffRule ? `Trong ngày (nhận sau ${cutoff.replace(':', ' giờ ')} trả vào ngày làm việc tiếp theo)` : 'Trong ngày';
    case 'hours':
      return `${t.value} giờ làm việc`;
    case 'working_days':
      return `${t.value} ngày làm việc`;
    case 'days':
      return `${t.value} ngày`;
  }
}

/** Why a count typed by the officer (pages, copies) is not usable; null when it is a whole number in [min, max]. */
export function countProblem(text: string | number, what: string, min: number, max: number): string | null {
  const raw = String(text ?? '').trim();
  if (raw === '') return `Vui lòng nhập ${what}.`;
  const n = Number(raw);
  if (!Number.isFinite(n)) return `${what[0].toUpperCase()}${what.slice(1)} phải là số.`;
  if (!Number.isInteger(n)) return `${what[0].toUpperCase()}${what.slice(1)} phải là số nguyên.`;
  if (n < min) return `${what[0].toUpperCase()}${what.slice(1)} ít nhất là ${min}.`;
  if (n > max) return `${what[0].toUpperCase()}${what.slice(1)} tối đa là ${max}.`;
  return null;
}

export const COUNT_LIMITS = { copies: 999, pages: 9999 } as const;

/** The live fee, or null while any pages or copies typed are not valid (never a fee for 0 or −1 pages). */
export function liveFee(
  rule: FeeRule,
  typed: { copies: string | number; documents?: readonly { pages: string | number; copies: string | number }[] },
): number | null {
  const needs = feeInputs(rule);
  if (needs.copies && countProblem(typed.copies, 'số bản', 1, COUNT_LIMITS.copies)) return null;
  if (needs.documents) {
    const docs = typed.documents ?? [];
    if (docs.length === 0) return null;
    if (docs.some((d) => countProblem(d.pages, 'số trang', 1, COUNT_LIMITS.pages) || countProblem(d.copies, 'số bản', 1, COUNT_LIMITS.copies))) return null;
    return computeFee(rule, { copies: 1, pages: 1, documents: docs.map((d) => ({ pages: Number(d.pages), copies: Number(d.copies) })) });
  }
  return computeFee(rule, { copies: needs.copies ? Number(typed.copies) : 1, pages: 1 });
}
