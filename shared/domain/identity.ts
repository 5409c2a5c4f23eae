// Citizen ID (CCCD) and phone rules.

export type Gender = 'male' | 'female';

/** The 4th digit of a CCCD encodes century and gender: 0/1 = 1900s, 2/3 = 2000s, … 8/9 = 2200s. */
export function cccdCenturyGenderDigit(birthYear: number, gender: Gender): number | null {
  const centuryIndex = Math.floor(birthYear / 100) - 19;
  if (centuryIndex < 0 || centuryIndex > 4) return null;
  return centuryIndex * 2 + (gender === 'female' ? 1 : 0);
}

export function decodeCccd(id: string): { provinceCode: string; gender: Gender; birthYear: number } | null {
  if (!/^\d{12}$/.test(id)) return null;
  const digit = +id[3];
  const century = 1900 + Math.floor(digit / 2) * 100;
  return {
    provinceCode: id.slice(0, 3),
    gender: digit % 2 === 0 ? 'male' : 'female',
    birthYear: century + +id.slice(4, 6),
  };
}

/** Why a CCCD does not agree with the stated date of birth and gender; null when it agrees. */
export function cccdMismatch(id: string, birthYear: number | null, gender: Gender | null): string | null {
  const decoded = decodeCccd(id);
  if (!decoded) return 'Số CCCD phải gồm đúng 12 chữ số.';
  if (birthYear != null && decoded.birthYear % 100 !== birthYear % 100) {
    return `Số CCCD ghi năm sinh ${String(decoded.birthYear % 100).padStart(2, '0')} (chữ số 5–6), không khớp năm sinh ${birthYear}.`;
  }
  if (birthYear != null && gender != null) {
    const expected = cccdCenturyGenderDigit(birthYear, gender);
    if (expected !== null && expected !== +id[3]) {
      const who = gender === 'female' ? 'nữ' : 'nam';
      return `Chữ số thứ 4 của CCCD phải là ${expected} cho công dân ${who} sinh năm ${birthYear}, nhưng là ${id[3]}.`;
    }
  }
  return null;
}

/** Strips the spaces, dots and dashes people type inside phone numbers. */
export function normalizePhone(text: string): string {
  return text.replace(/[\s.\-()]/g, '');
}

/** Mobile: 10 digits starting 03/05/07/08/09, or +84 without the 0. Landline: 11 digits starting 02. */
export function phoneProblem(text: string): string | null {
  const p = normalizePhone(text);
  if (/^0[35789]\d{8}$/.test(p) || /^\+84[35789]\d{8}$/.test(p) || /^02\d{9}$/.test(p)) return null;
  if (/^\+84/.test(p)) return 'Số điện thoại +84 phải có 9 chữ số sau +84, bắt đầu bằng 3, 5, 7, 8 hoặc 9.';
  if (!/^\+?\d+$/.test(p)) return 'Số điện thoại chỉ gồm chữ số.';
  return 'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09; số cố định gồm 11 chữ số, bắt đầu bằng 02.';
}
