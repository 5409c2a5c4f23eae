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
  components: ProcedureComponent[];
  onlineKind: OnlineKind;
  /** Cơ quan chủ trì giải quyết. */
  resultAgency: string;
  active: boolean;
}

export interface FeeBasis {
  copies: number;
  pages: number;
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
      const pages = Math.max(1, Math.floor(basis.pages || 1));
      const first = Math.min(pages, rule.firstPages);
      const perCopy = first * rule.firstRate + (pages - first) * rule.laterRate;
      return Math.min(perCopy, rule.maxPerCopy) * copies;
    }
  }
}

/** Whether the fee depends on pages or copies, so the form asks for them. */
export function feeInputs(rule: FeeRule): { copies: boolean; pages: boolean } {
  return {
    copies: rule.kind === 'per_page' || (rule.kind === 'flat' && rule.per !== 'case'),
    pages: rule.kind === 'per_page',
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

/** The live fee, or null while the pages or copies typed are not valid (never a fee for 0 or −1 pages). */
export function liveFee(rule: FeeRule, typed: { copies: string | number; pages: string | number }): number | null {
  const needs = feeInputs(rule);
  if (needs.copies && countProblem(typed.copies, 'số bản', 1, 999)) return null;
  if (needs.pages && countProblem(typed.pages, 'số trang', 1, 9999)) return null;
  return computeFee(rule, { copies: needs.copies ? Number(typed.copies) : 1, pages: needs.pages ? Number(typed.pages) : 1 });
}
