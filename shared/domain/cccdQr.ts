// The QR code on a chip CCCD: CCCD|old CMND|Full name|DOB ddmmyyyy|Gender|Permanent address|Issue date ddmmyyyy.
// Some cards omit the old number. Scanners type it as keystrokes, so anything may arrive: parse defensively.
import { dateKey, utcTime, type DateKey } from '../calendar/vnTime';
import type { Gender } from './identity';

export interface CccdQrData {
  idNumber: string;
  oldIdNumber: string;
  fullName: string;
  dateOfBirth: DateKey;
  gender: Gender;
  address: string;
  issueDate: DateKey | null;
}

export type CccdQrResult = { ok: true; data: CccdQrData } | { ok: false; reason: string };

function parseCompactDate(text: string): DateKey | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!m) return null;
  const day = +m[1], month = +m[2], year = +m[3];
  const d = new Date(utcTime(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return dateKey(year, month, day);
}

function parseGender(text: string): Gender | null {
  const g = text.normalize('NFC').trim().toLowerCase();
  if (g === 'nam' || g === 'male') return 'male';
  if (g === 'nữ' || g === 'nu' || g === 'female') return 'female';
  return null;
}

const fail = (reason: string): CccdQrResult => ({ ok: false, reason: `Không đọc được mã QR CCCD: ${reason} Thông tin đã nhập được giữ nguyên.` });

export function parseCccdQr(raw: string): CccdQrResult {
  const text = raw.normalize('NFC').replace(/[\r\n]+$/g, '').trim();
  if (!text.includes('|')) return fail('dữ liệu quét không có dấu phân cách "|".');
  let parts = text.split('|').map((p) => p.trim());
  // Without the old CMND number the card gives 6 fields instead of 7.
  if (parts.length === 6) parts = [parts[0], '', ...parts.slice(1)];
  if (parts.length < 7) return fail(`chỉ nhận được ${parts.length} trên 7 trường, có thể quét chưa hết mã.`);
  if (parts.length > 7) return fail(`nhận được ${parts.length} trường, nhiều hơn 7 trường của mã CCCD.`);
  const [idNumber, oldIdNumber, fullName, dob, genderText, address, issued] = parts;
  if (!/^\d{12}$/.test(idNumber)) return fail('số CCCD không gồm đúng 12 chữ số.');
  if (oldIdNumber !== '' && !/^\d{9}(\d{3})?$/.test(oldIdNumber)) return fail('số CMND cũ không hợp lệ.');
  if (!/^[\p{L}\s.'-]{2,100}$/u.test(fullName)) return fail('họ tên không hợp lệ.');
  const dateOfBirth = parseCompactDate(dob);
  if (!dateOfBirth) return fail('ngày sinh không đúng dạng ddmmyyyy.');
  const gender = parseGender(genderText);
  if (!gender) return fail(`giới tính "${genderText}" không phải Nam hoặc Nữ.`);
  if (address.length < 3 || address.length > 300) return fail('địa chỉ thường trú trống hoặc quá dài.');
  const issueDate = issued === '' ? null : parseCompactDate(issued);
  if (issued !== '' && !issueDate) return fail('ngày cấp không đúng dạng ddmmyyyy.');
  return {
    ok: true,
    data: { idNumber, oldIdNumber, fullName: fullName.replace(/\s+/g, ' '), dateOfBirth, gender, address, issueDate },
  };
}

/**
 * Scanners type into whatever field has focus. When a field's value holds scanned text, split it into
 * what the officer had typed before and the scan, so the officer's text can be put back.
 */
export function splitScannedText(fieldValue: string): { typed: string; scanned: string } | null {
  const bar = fieldValue.indexOf('|');
  if (bar < 0) return null;
  // The scan's first field runs back to the last space: a garbled one may hold letters ("0010900l2345"),
  // so walking back over digits alone would leave part of it in the field.
  let start = bar;
  while (start > 0 && !/\s/.test(fieldValue[start - 1])) start--;
  // Letters typed right before the scan ("Nguyễn" + "001090012345|…") stay the officer's.
  const run = fieldValue.slice(start, bar);
  const typedLetters = /^(\p{L}+)\d/u.exec(run);
  if (typedLetters && run.length - typedLetters[1].length >= 9) start += typedLetters[1].length;
  return { typed: fieldValue.slice(0, start), scanned: fieldValue.slice(start) };
}
