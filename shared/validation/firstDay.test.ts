// Issue 9 ("What a first working day at a real desk found"): each defect reproduced at the rule.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as dossierModule from '../domain/dossier';
import * as settingsModule from '../domain/settings';
import { transitionDetailsSchemas } from '../domain/transitions';
import * as syncContract from '../sync/contract';
import * as hostContract from '../host/contract';
import { parseVnDate } from '../calendar/vnTime';
import { cccdMismatch } from '../domain/identity';
import { dossierSearchTokens } from '../domain/reception';
import { searchPlan, tokensMatch } from '../text/fold';

const applicant = {
  fullName: 'Nguyễn Văn An',
  idNumber: '001090012345',
  dateOfBirth: '15/03/1990',
  gender: 'male' as const,
  address: 'Thôn Đông, xã An Bình',
  phone: '0912345678',
  email: '',
};

describe('defect 1: decomposed Unicode (NFD) is normalised to NFC at the shared schemas', () => {
  it('accepts a name pasted in NFD and stores it in NFC, every text field alike', () => {
    const nfd = { ...applicant, fullName: 'Nguyễn Văn An'.normalize('NFD'), address: 'Thôn Đông, xã An Bình'.normalize('NFD') };
    expect(nfd.fullName).not.toBe(applicant.fullName);
    const r = dossierModule.applicantSchema.safeParse(nfd);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    expect(r.data!.fullName).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(r.data!.address).toBe('Thôn Đông, xã An Bình'.normalize('NFC'));
  });
  it('normalises office settings, transition reasons and the sync payload strings', () => {
    const office = settingsModule.officeSettingsSchema.parse({
      parentAgencyName: 'UBND XÃ AN BÌNH'.normalize('NFD'), agencyName: 'Bộ phận Một cửa'.normalize('NFD'), agencyCode: '000.17.22.H56',
      communeName: 'Xã An Bình'.normalize('NFD'), districtName: '', provinceName: 'Tỉnh Hưng Yên'.normalize('NFD'),
    });
    expect(office.communeName).toBe('Xã An Bình'.normalize('NFC'));
    const refuse = transitionDetailsSchemas.refuse.parse({ reason: 'Thiếu tờ khai'.normalize('NFD') });
    expect(refuse.reason).toBe('Thiếu tờ khai'.normalize('NFC'));
    const chu = syncContract.hoSoSchema.shape.ChuHoSo.parse('Trần Thị Bình'.normalize('NFD'));
    expect(chu).toBe('Trần Thị Bình'.normalize('NFC'));
  });
});

// Every zod schema the shared modules export, fed values of the wrong type.
function exportedSchemas(): [string, z.ZodType][] {
  const out: [string, z.ZodType][] = [];
  const modules: Record<string, Record<string, unknown>> = { dossier: dossierModule, settings: settingsModule, sync: syncContract, host: hostContract };
  for (const [m, mod] of Object.entries(modules)) {
    for (const [name, v] of Object.entries(mod)) if (v instanceof z.ZodType) out.push([`${m}.${name}`, v]);
  }
  for (const [name, v] of Object.entries(transitionDetailsSchemas)) out.push([`transition.${name}`, v]);
  return out;
}
const WRONG = [2.5, -1, 'x', true, null, [], {}, { a: 1 }, [1, 'b']];
const ENGLISH = /\b(Invalid|expected|received|Too (small|big)|Required|must|string|number|input|Unrecognized)\b/;

describe('defect 4: no English zod message reaches a Vietnamese screen', () => {
  const schemas = exportedSchemas();
  it('finds the shared schemas', () => expect(schemas.length).toBeGreaterThan(20));
  it.each(schemas)('%s answers wrong types in Vietnamese', (_name, schema) => {
    for (const value of WRONG) {
      const r = schema.safeParse(value);
      if (r.success) continue;
      for (const issue of r.error.issues) {
        expect(issue.message, JSON.stringify(value)).not.toMatch(ENGLISH);
        expect(issue.message.length).toBeGreaterThan(3);
      }
    }
  });
  it('a page count of 2.5 says it must be a whole number', () => {
    const r = dossierModule.receiveInputSchema.shape.feePages.safeParse(2.5);
    expect(r.error!.issues[0].message).toBe('Số trang phải là số nguyên.');
    expect(z.number().int().safeParse(2.5).error!.issues[0].message).toBe('Giá trị không hợp lệ: cần số nguyên, nhận được số thập phân.');
  });
});

describe('defect 5: search by what the citizen says', () => {
  const tokens = dossierSearchTokens({ code: '000.17.22.H56-261204-0003', applicant: { ...applicant, fullName: 'Nguyễn Văn An', phone: '0912345678' } });
  const hits = (q: string) => tokensMatch(tokens, searchPlan(q));
  it.each(['0003', '261204-0003', 'H56-261204-0003', '000.17.22.H56-261204-0003', '2612040003'])('code tail %s', (q) => expect(hits(q)).toBe(true));
  it.each(['nguyen an', 'an nguyen', 'Nguyễn An', 'van an', 'an van nguyen', 'nguyen van an', 'NGUYEN  AN'])('name tokens in any order: %s', (q) => expect(hits(q)).toBe(true));
  it('the last digits of a 7-digit sequence', () => {
    const long = dossierSearchTokens({ code: '000.17.22.H56-20261204-0000123', applicant });
    expect(tokensMatch(long, searchPlan('0123'))).toBe(true);
    expect(tokensMatch(long, searchPlan('20261204-0000123'))).toBe(true);
  });
  it.each(['5678', '45678', '0912345678'])('phone tail %s', (q) => expect(hits(q)).toBe(true));
  it.each(['0004', 'tran an', 'nguyen binh', '9999'])('does not find %s', (q) => expect(hits(q)).toBe(false));
});

describe('defect 11: CCCD checks', () => {
  it('refuses a province code that is not in the table (999, 003)', () => {
    expect(cccdMismatch('999090012345', 1990, 'male')).toMatch(/không phải mã tỉnh/);
    expect(cccdMismatch('003090012345', 1990, 'male')).toMatch(/không phải mã tỉnh/);
    expect(cccdMismatch('096090012345', 1990, 'male')).toBeNull();
  });
  it('refuses an 1885 birth date as a wrong date', () => {
    const r = dossierModule.applicantSchema.safeParse({ ...applicant, dateOfBirth: '15/03/1885', idNumber: '001085012345' });
    expect(r.success).toBe(false);
    const by = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(by.dateOfBirth).toMatch(/năm sinh phải từ 1900/);
    expect(by.idNumber).toBeUndefined();
  });
  it('reports a future birth date as a wrong date, not as a CCCD mismatch', () => {
    const next = new Date().getUTCFullYear() + 2;
    const r = dossierModule.applicantSchema.safeParse({ ...applicant, dateOfBirth: `01/01/${next}` });
    const by = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(by.dateOfBirth).toBe('Ngày sinh không được sau ngày hôm nay.');
    expect(by.idNumber).toBeUndefined();
  });
});

describe('friction: dates typed without separators', () => {
  it('reads 12031995 as 12/03/1995 and refuses impossible ones', () => {
    expect(parseVnDate('12031995')).toBe('1995-03-12');
    expect(parseVnDate('31021995')).toBeNull();
    expect(dossierModule.applicantSchema.parse({ ...applicant, dateOfBirth: '15031990' }).dateOfBirth).toBe('1990-03-15');
  });
});

describe('friction: receiving on a Saturday when Saturday reception is off warns', () => {
  it('warns on Saturday 05/12/2026 without Saturday reception, not with it, not on a Friday', async () => {
    const { receptionDayWarning } = await import('../calendar/workingDays');
    const { DEFAULT_CALENDAR_CONFIG } = await import('../calendar/types');
    const { vnTime } = await import('../calendar/vnTime');
    const saturday = vnTime(2026, 12, 5, 9, 0);
    expect(receptionDayWarning(saturday, DEFAULT_CALENDAR_CONFIG)).toMatch(/Thứ Bảy/);
    expect(receptionDayWarning(saturday, { ...DEFAULT_CALENDAR_CONFIG, saturdayMorning: true })).toBeNull();
    expect(receptionDayWarning(vnTime(2026, 12, 4, 9, 0), DEFAULT_CALENDAR_CONFIG)).toBeNull();
  });
});
