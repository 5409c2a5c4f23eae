// Vietnamese messages for every zod issue that a schema did not word itself, so no English text ever
// reaches a Vietnamese screen ("Invalid input: expected int, received number" → "Phải là số nguyên.").
// Installed once, as a side effect of importing this module; every shared schema module imports it.
import { z } from 'zod';

const TYPE_VI: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  bigint: 'số nguyên',
  boolean: 'giá trị đúng/sai',
  array: 'danh sách',
  object: 'đối tượng',
  date: 'ngày',
  null: 'giá trị rỗng',
  undefined: 'không có giá trị',
  nan: 'số không hợp lệ',
};

function received(input: unknown): string {
  if (input === null) return 'giá trị rỗng';
  if (input === undefined) return 'không có giá trị';
  if (Array.isArray(input)) return 'danh sách';
  if (typeof input === 'number') return Number.isNaN(input) ? 'số không hợp lệ' : Number.isInteger(input) ? 'số nguyên' : 'số thập phân';
  return TYPE_VI[typeof input] ?? typeof input;
}

const FORMAT_VI: Record<string, string> = {
  email: 'địa chỉ email',
  url: 'địa chỉ web',
  uuid: 'mã UUID',
  regex: 'đúng định dạng',
  date: 'ngày (yyyy-mm-dd)',
  datetime: 'ngày giờ',
};

/** The Vietnamese message of one zod issue. Exported for tests; installed below as zod's global map. */
export function vietnameseZodMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_VI[String(issue.expected)] ?? String(issue.expected);
      if (issue.input === undefined) return 'Vui lòng nhập giá trị.';
      return `Giá trị không hợp lệ: cần ${expected}, nhận được ${received(issue.input)}.`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Vui lòng nhập giá trị.' : `Cần ít nhất ${min} ký tự.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Cần ít nhất ${min} mục.`;
      return issue.inclusive === false ? `Phải lớn hơn ${min}.` : `Không được nhỏ hơn ${min}.`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `Quá dài (tối đa ${max} ký tự).`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Quá nhiều mục (tối đa ${max}).`;
      return issue.inclusive === false ? `Phải nhỏ hơn ${max}.` : `Không được lớn hơn ${max}.`;
    }
    case 'invalid_format':
      return `Không đúng định dạng ${FORMAT_VI[String(issue.format)] ?? ''}`.trim() + '.';
    case 'not_multiple_of':
      return `Phải là bội số của ${String(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `Có trường không được phép: ${issue.keys.join(', ')}.`;
    case 'invalid_union':
      return 'Giá trị không thuộc dạng nào được chấp nhận.';
    case 'invalid_key':
      return 'Khóa không hợp lệ.';
    case 'invalid_element':
      return 'Có phần tử không hợp lệ.';
    case 'invalid_value':
      return issue.values.length === 1 ? 'Giá trị không đúng.' : 'Giá trị không thuộc các lựa chọn cho phép.';
    case 'custom':
    default:
      return 'Giá trị không hợp lệ.';
  }
}

z.config({ customError: (issue) => vietnameseZodMessage(issue) });

/**
 * Characters no text field may carry, on the desk or at the province: C0 controls but tab and line feed,
 * DEL, C1 controls (ESC and CSI among them, which would drive the admin's terminal), and the bidirectional
 * controls and marks that make text read other than it is stored (U+061C, U+200E–F, U+202A–E, U+2066–9).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_TEXT_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export const FORBIDDEN_TEXT_MESSAGE = 'Có ký tự điều khiển hoặc ký tự đảo chiều văn bản không được phép (thường do dán từ nơi khác). Hãy gõ lại nội dung này.';

/** Text as it is kept: NFC, with Windows line ends (CR LF, lone CR) made line feeds. */
export const normaliseText = (s: string) => s.normalize('NFC').replace(/\r\n?/g, '\n');

/** Null when the text may be kept; otherwise the reason, in Vietnamese. */
export function textProblem(s: string): string | null {
  return FORBIDDEN_TEXT_CHARS.test(s) ? FORBIDDEN_TEXT_MESSAGE : null;
}

/**
 * A string schema that normalises to NFC before any check, so decomposed text (NFD) is judged as it looks,
 * and refuses control and bidirectional characters (one rule for the desk's forms and the sync contract).
 */
export const nfcString = () => z.string().overwrite(normaliseText).refine((s) => !FORBIDDEN_TEXT_CHARS.test(s), { message: FORBIDDEN_TEXT_MESSAGE });

/** Any value with every string in it normalised to NFC (IPC and sync payloads before their schemas). */
export function nfcDeep<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(nfcDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)])) as T;
  }
  return value;
}
