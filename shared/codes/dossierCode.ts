// Dossier codes (mã hồ sơ), issued offline. Each desk owns a disjoint block of each day's sequence
// numbers, so two desks of one agency can never issue the same code, with or without a network.
import { formatVnDate, vnParts } from '../calendar/vnTime';

export const DEFAULT_CODE_PATTERN = '{AGENCY}-{YYMMDD}-{SEQ:4}';

export interface CodePattern {
  pattern: string;
  digits: number;
}

export class CodePatternError extends Error {}

/** Checks a pattern: it needs {AGENCY}, one date token ({YYMMDD} or {YYYYMMDD}) and one {SEQ:n}, n from 3 to 9. */
export function parseCodePattern(pattern: string): CodePattern {
  const seq = [...pattern.matchAll(/\{SEQ:(\d+)\}/g)];
  const dates = pattern.match(/\{(YYMMDD|YYYYMMDD)\}/g) ?? [];
  const unknown = pattern.replace(/\{(AGENCY|YYMMDD|YYYYMMDD|SEQ:\d+)\}/g, '').match(/[{}]/);
  if (!pattern.includes('{AGENCY}')) throw new CodePatternError('Mẫu mã hồ sơ phải có {AGENCY} (mã đơn vị).');
  if (dates.length !== 1) throw new CodePatternError('Mẫu mã hồ sơ phải có đúng một {YYMMDD} hoặc {YYYYMMDD}.');
  if (seq.length !== 1) throw new CodePatternError('Mẫu mã hồ sơ phải có đúng một {SEQ:n} (n chữ số thứ tự).');
  if (unknown) throw new CodePatternError('Mẫu mã hồ sơ chỉ dùng {AGENCY}, {YYMMDD}, {YYYYMMDD} và {SEQ:n}.');
  const digits = +seq[0][1];
  if (digits < 3 || digits > 9) throw new CodePatternError('Số chữ số thứ tự {SEQ:n} phải từ 3 đến 9.');
  return { pattern, digits };
}

export interface SequenceRange {
  first: number;
  last: number;
}

/** Desk k of n owns the k-th equal block of 0…10^digits−1 (0 itself is never issued). */
export function deskSequenceRange(digits: number, deskNo: number, desksInAgency: number): SequenceRange {
  if (!Number.isInteger(deskNo) || deskNo < 1 || deskNo > desksInAgency) {
    throw new CodePatternError(`Số quầy ${deskNo} nằm ngoài 1–${desksInAgency}.`);
  }
  const block = Math.floor(10 ** digits / desksInAgency);
  if (block < 2) throw new CodePatternError(`${digits} chữ số thứ tự không đủ chia cho ${desksInAgency} quầy.`);
  return { first: Math.max(1, (deskNo - 1) * block), last: deskNo * block - 1 };
}

export class CodeSpaceExhaustedError extends Error {
  constructor(
    readonly deskNo: number,
    readonly range: SequenceRange,
    readonly day: string,
  ) {
    super(
      `Quầy số ${deskNo} đã cấp hết ${range.last - range.first + 1} mã hồ sơ dành cho quầy trong ngày ${day} ` +
        `(số thứ tự ${range.first} đến ${range.last}). Hồ sơ chưa được lưu. Hãy tiếp nhận tại quầy khác, ` +
        `hoặc đề nghị quản trị tăng số chữ số thứ tự trong mẫu mã hồ sơ.`,
    );
    this.name = 'CodeSpaceExhaustedError';
  }
}

/** The sequence number after `lastIssued` within the desk's block, or an explained error. Never wraps. */
export function nextSequence(lastIssued: number | null, range: SequenceRange, deskNo: number, receivedAt: number): number {
  const next = lastIssued == null || lastIssued < range.first ? range.first : lastIssued + 1;
  if (next > range.last) throw new CodeSpaceExhaustedError(deskNo, range, formatVnDate(receivedAt));
  return next;
}

/** The day a code's sequence belongs to (Vietnam time), e.g. "261121". */
export function codeDay(receivedAt: number): string {
  const p = vnParts(receivedAt);
  return `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

export function formatDossierCode(pattern: CodePattern, agencyCode: string, receivedAt: number, seq: number): string {
  const p = vnParts(receivedAt);
  const mm = String(p.month).padStart(2, '0');
  const dd = String(p.day).padStart(2, '0');
  return pattern.pattern
    .replace('{AGENCY}', agencyCode)
    .replace('{YYYYMMDD}', `${p.year}${mm}${dd}`)
    .replace('{YYMMDD}', `${String(p.year % 100).padStart(2, '0')}${mm}${dd}`)
    .replace(/\{SEQ:\d+\}/, String(seq).padStart(pattern.digits, '0'));
}

/** A regular expression that matches exactly the codes a pattern produces for an agency. */
export function codeRegex(pattern: CodePattern, agencyCode: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = pattern.pattern
    .split(/(\{[A-Z]+(?::\d+)?\})/)
    .map((part) => {
      if (part === '{AGENCY}') return escape(agencyCode);
      if (part === '{YYMMDD}') return '\\d{6}';
      if (part === '{YYYYMMDD}') return '\\d{8}';
      if (part.startsWith('{SEQ:')) return `\\d{${pattern.digits}}`;
      return escape(part);
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** The sequence number a code of this pattern and agency carries, or null when the code is not one of its codes. */
export function codeSequence(pattern: CodePattern, agencyCode: string, code: string): number | null {
  if (!codeRegex(pattern, agencyCode).test(code)) return null;
  // The pattern's text before {SEQ:n}, with the agency and date put in, has a fixed length: the digits follow.
  const before = pattern.pattern.slice(0, pattern.pattern.search(/\{SEQ:\d+\}/));
  const offset = before.replace('{AGENCY}', agencyCode).replace('{YYYYMMDD}', '00000000').replace('{YYMMDD}', '000000').length;
  return Number(code.slice(offset, offset + pattern.digits));
}

/**
 * Why a desk may not use this code, in Vietnamese, or null: a code must be of the agency's pattern with the
 * desk's own agency code, and its sequence number in the desk's block (the province checks every pushed code).
 */
export function deskCodeProblem(code: string, desk: { agencyCode: string; deskNo: number; desksInAgency: number; codePattern: string }): string | null {
  let pattern: CodePattern;
  let range: SequenceRange;
  try {
    pattern = parseCodePattern(desk.codePattern);
    range = deskSequenceRange(pattern.digits, desk.deskNo, desk.desksInAgency);
  } catch (e) {
    return `Không kiểm tra được mã hồ sơ: ${(e as Error).message}`;
  }
  const seq = codeSequence(pattern, desk.agencyCode, code);
  if (seq == null) return `Mã hồ sơ ${code} không theo mẫu mã của đơn vị ${desk.agencyCode} (${desk.codePattern}): quầy chỉ được dùng mã của đơn vị mình.`;
  if (seq < range.first || seq > range.last) {
    return `Số thứ tự ${seq} của mã hồ sơ ${code} không thuộc dãy số của quầy ${desk.deskNo} (${range.first}–${range.last}): quầy chỉ được cấp mã trong dãy của mình.`;
  }
  return null;
}
