// Waybill numbers (mã bưu gửi). The international form is UPU S10: two letters (service indicator),
// eight digits (serial), one check digit, two letters (the issuing country, e.g. VN). Domestic numbers
// vary by operator and province: those come as configured patterns, never as constants here.
import { z } from 'zod';
import { nfcString } from '../validation/zodVi';

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
const S10_SHAPE = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/** The S10 check digit of an eight-digit serial: 11 − (Σ digit × weight) mod 11, with 10 → 0 and 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('Số hiệu S10 phải gồm đúng 8 chữ số.');
  const sum = S10_WEIGHTS.reduce((s, w, i) => s + w * Number(serial[i]), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

/** A domestic waybill form the province uses, e.g. VNPost's own 13-character numbers. */
export const waybillPatternSchema = z.strictObject({
  name: nfcString().trim().min(1, 'Vui lòng đặt tên cho mẫu mã bưu gửi.').max(80, 'Tên mẫu quá dài (tối đa 80 ký tự).'),
  /** A regular expression over the whole number (upper case, spaces removed); anchored when used. */
  regex: z.string().trim().min(1, 'Vui lòng nhập biểu thức của mẫu.').max(200, 'Biểu thức quá dài (tối đa 200 ký tự).')
    .refine((r) => compilePattern(r) !== null, 'Biểu thức của mẫu không hợp lệ.'),
  /** How the number looks, shown to the user when nothing matches ("EB + 9 chữ số + VN"). */
  example: nfcString().trim().max(40, 'Ví dụ quá dài (tối đa 40 ký tự).').default(''),
});
export type WaybillPattern = z.output<typeof waybillPatternSchema>;
export const waybillPatternsSchema = z.array(waybillPatternSchema).max(20, 'Tối đa 20 mẫu mã bưu gửi.');

function compilePattern(source: string): RegExp | null {
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return null;
  }
}

/** What the scanner or the keyboard gave, as the waybill is compared: NFC, upper case, no spaces or dashes. */
export function normalizeWaybill(raw: string): string {
  return raw.normalize('NFC').toUpperCase().replace(/[\s-]+/g, '');
}

export type WaybillCheck =
  | { ok: true; value: string; kind: 's10'; country: string; service: string }
  | { ok: true; value: string; kind: 'pattern'; pattern: string }
  | { ok: false; value: string; message: string };

/**
 * Is this a waybill number: S10 with the right check digit, or one of the province's patterns? An S10-shaped
 * number that no pattern accepts and whose check digit is wrong is explained (which digit it should be).
 */
export function checkWaybill(raw: string, patterns: readonly WaybillPattern[] = []): WaybillCheck {
  const value = normalizeWaybill(raw);
  if (value === '') return { ok: false, value, message: 'Vui lòng nhập mã bưu gửi.' };
  const s10 = S10_SHAPE.exec(value);
  const expected = s10 ? s10CheckDigit(s10[2]) : null;
  if (s10 && Number(s10[3]) === expected) return { ok: true, value, kind: 's10', service: s10[1], country: s10[4] };
  // A form the province configured wins over the S10 shape it may share (its numbers carry no S10 check).
  for (const p of patterns) {
    if (compilePattern(p.regex)?.test(value)) return { ok: true, value, kind: 'pattern', pattern: p.name };
  }
  if (s10) {
    const [, service, serial, check, country] = s10;
    return {
      ok: false,
      value,
      message:
        `Mã bưu gửi ${value} sai chữ số kiểm tra: với dãy số ${serial}, chữ số kiểm tra (ký tự thứ 11) phải là ${expected}, ` +
        `không phải ${check}. Mã đúng sẽ là ${service}${serial}${expected}${country}. Hãy đối chiếu lại với mã in trên bưu gửi.`,
    };
  }
  const forms = ['theo chuẩn UPU S10: 2 chữ cái, 8 chữ số, 1 chữ số kiểm tra, 2 chữ cái (ví dụ RB123456785VN)',
    ...patterns.map((p) => `theo mẫu "${p.name}"${p.example ? ` (ví dụ ${p.example})` : ''}`)];
  return { ok: false, value, message: `Mã bưu gửi "${value}" không đúng định dạng. Mã hợp lệ phải ${forms.join('; hoặc ')}.` };
}

/** Could this burst be a waybill (any form)? Used by the scanner listener before it looks the number up. */
export function looksLikeWaybill(raw: string, patterns: readonly WaybillPattern[] = []): boolean {
  const value = normalizeWaybill(raw);
  return S10_SHAPE.test(value) || patterns.some((p) => compilePattern(p.regex)?.test(value));
}
