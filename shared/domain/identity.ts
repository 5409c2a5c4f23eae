// Citizen ID (CCCD) and phone rules.

export type Gender = 'male' | 'female';

/**
 * Province codes of the place of birth registration, the first 3 digits of a CCCD (Thông tư 07/2016/TT-BCA,
 * Phụ lục; kept by Thông tư 59/2021/TT-BCA): the 63 provinces before the 2025 mergers. Not every
 * 3-digit number is a province: 003, 005, 999 … are not.
 */
export const CCCD_PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

/** The earliest birth year a CCCD can encode (century digit 0/1 = 1900s). */
export const CCCD_MIN_BIRTH_YEAR = 1900;

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
  if (!(decoded.provinceCode in CCCD_PROVINCE_CODES)) {
    return `Số CCCD bắt đầu bằng ${decoded.provinceCode}, không phải mã tỉnh nơi đăng ký khai sinh nào (001 Hà Nội … 096 Cà Mau).`;
  }
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
