// Certified copies per document, the online fee, organisation applicants: rules of the reception form.
import { describe, expect, it } from 'vitest';
import { SEED_CATALOG } from './catalog';
import { applicantSchema, normalizeTaxCode, receiveInputSchema } from './dossier';
import { buildDossier } from './reception';
import { computeFee, countProblem, documentFee, feeRuleFor, liveFee, type FeeRule } from './procedure';
import { SAMPLE_DESK, SAMPLE_OFFICE, sampleReceiveData } from '../../test/fixtures/dossiers';
import { DEFAULT_CALENDAR_CONFIG } from '../calendar/types';
import { DEFAULT_CODE_PATTERN } from '../codes/dossierCode';
import { vnTime } from '../calendar/vnTime';
import { toHoSo } from '../sync/mapping';
import { hoSoSchema } from '../sync/contract';

// TT 226/2016/TT-BTC: 2.000 đ/page for pages 1–2, 1.000 đ from page 3, at most 200.000 đ per copy.
const PER_PAGE: FeeRule = { kind: 'per_page', firstPages: 2, firstRate: 2000, laterRate: 1000, maxPerCopy: 200000 };
const PER_COPY: FeeRule = { kind: 'flat', amount: 8000, per: 'copy' };
const CERTIFY = SEED_CATALOG.find((p) => p.code === '2.000815')!;
const EXTRACT = SEED_CATALOG.find((p) => p.code === '2.000635')!;
const MARRIAGE_STATUS = SEED_CATALOG.find((p) => p.code === '1.004873')!;
const NOW = vnTime(2026, 11, 23, 9, 0);

describe('countProblem: a count typed by the officer', () => {
  it('accepts whole numbers inside the range, edges included', () => {
    expect(countProblem('1', 'số trang', 1, 9999)).toBeNull();
    expect(countProblem(' 9999 ', 'số trang', 1, 9999)).toBeNull();
    expect(countProblem(7, 'số bản', 1, 999)).toBeNull();
  });
  it('says what is wrong, in Vietnamese, for empty, text, fractions and numbers out of range', () => {
    expect(countProblem('', 'số trang', 1, 9999)).toBe('Vui lòng nhập số trang.');
    expect(countProblem('ba', 'số trang', 1, 9999)).toBe('Số trang phải là số.');
    expect(countProblem('2.5', 'số trang', 1, 9999)).toBe('Số trang phải là số nguyên.');
    expect(countProblem('0', 'số bản', 1, 999)).toBe('Số bản ít nhất là 1.');
    expect(countProblem('-1', 'số bản', 1, 999)).toBe('Số bản ít nhất là 1.');
    expect(countProblem('1000', 'số bản', 1, 999)).toBe('Số bản tối đa là 999.');
  });
});

describe('liveFee: the fee shown while the officer types', () => {
  it('sums each document on its own (hand-worked: 4.000 + 5.000 + 200.000 = 209.000 đ)', () => {
    // 1 page × 2 copies = 2 × 2.000; 3 pages = 2×2.000 + 1×1.000; 250 pages = 4.000 + 248.000 = 252.000, capped at 200.000.
    const documents = [{ pages: '1', copies: '2' }, { pages: '3', copies: '1' }, { pages: '250', copies: '1' }];
    expect(liveFee(PER_PAGE, { copies: '1', documents })).toBe(209000);
  });
  it('is not the fee of one document of the summed pages (254 pages would be 200.000 đ)', () => {
    expect(computeFee(PER_PAGE, { copies: 1, pages: 254 })).toBe(200000);
    expect(computeFee(PER_PAGE, { copies: 1, pages: 1, documents: [{ pages: 1, copies: 2 }, { pages: 3, copies: 1 }, { pages: 250, copies: 1 }] })).toBe(209000);
  });
  it('caps per copy, not per document: 300 pages × 2 copies = 400.000 đ', () => {
    expect(documentFee(PER_PAGE as Extract<FeeRule, { kind: 'per_page' }>, { pages: 300, copies: 2 })).toBe(400000);
  });
  it('shows no fee while any document has 0, −1, 2.5 or no pages, or no document at all', () => {
    for (const pages of ['0', '-1', '2.5', '']) {
      expect(liveFee(PER_PAGE, { copies: '1', documents: [{ pages: '2', copies: '1' }, { pages, copies: '1' }] })).toBeNull();
    }
    expect(liveFee(PER_PAGE, { copies: '1', documents: [{ pages: '2', copies: '0' }] })).toBeNull();
    expect(liveFee(PER_PAGE, { copies: '1', documents: [] })).toBeNull();
  });
  it('charges a flat fee per copy by the copies typed (3 × 8.000 = 24.000 đ), and never for 0 copies', () => {
    expect(liveFee(PER_COPY, { copies: '3' })).toBe(24000);
    expect(liveFee(PER_COPY, { copies: '0' })).toBeNull();
    expect(liveFee({ kind: 'free' }, { copies: '' })).toBe(0);
  });
});

describe('the online fee (catalog data set by the HĐND)', () => {
  it('applies only when the dossier is submitted online', () => {
    expect(feeRuleFor(EXTRACT, false)).toBe(EXTRACT.fee);
    expect(computeFee(feeRuleFor(EXTRACT, true), { copies: 3, pages: 1 })).toBe(12000);
    expect(computeFee(feeRuleFor(MARRIAGE_STATUS, true), { copies: 1, pages: 1 })).toBe(0);
    // No online fee in the catalog: the same fee.
    expect(feeRuleFor(CERTIFY, true)).toBe(CERTIFY.fee);
  });
  it('is what the saved dossier charges and what travels as HinhThuc 1', () => {
    const data = { ...sampleReceiveData({}, EXTRACT), feeCopies: 3, online: true };
    const { dossier } = buildDossier(data, { id: crypto.randomUUID(), now: NOW, procedure: EXTRACT, office: SAMPLE_OFFICE, desk: SAMPLE_DESK, codePattern: DEFAULT_CODE_PATTERN, calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: null });
    expect(dossier.fee).toBe(12000);
    expect(toHoSo(dossier).HinhThuc).toBe(1);
  });
});

describe('certified copies on the dossier and on the wire', () => {
  it('keeps each document with its fee, and one fee line per document in DanhSachLePhi', () => {
    const data = {
      ...sampleReceiveData({}, CERTIFY),
      documents: [{ name: 'Giấy khai sinh', pages: 1, copies: 2 }, { name: '', pages: 3, copies: 1 }, { name: 'Sổ đỏ', pages: 250, copies: 1 }],
    };
    const { dossier } = buildDossier(data, { id: crypto.randomUUID(), now: NOW, procedure: CERTIFY, office: SAMPLE_OFFICE, desk: SAMPLE_DESK, codePattern: DEFAULT_CODE_PATTERN, calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: null });
    expect(dossier.fee).toBe(209000);
    expect(dossier.copyDocuments).toEqual([
      { name: 'Giấy khai sinh', pages: 1, copies: 2, fee: 4000 },
      { name: 'Giấy tờ 2', pages: 3, copies: 1, fee: 5000 },
      { name: 'Sổ đỏ', pages: 250, copies: 1, fee: 200000 },
    ]);
    const h = hoSoSchema.parse(toHoSo(dossier));
    expect(h.DanhSachLePhi.map((l) => l.Gia)).toEqual([4000, 5000, 200000]);
    expect(h.DanhSachLePhi[0].TenPhiLePhi).toBe('Chứng thực bản sao: Giấy khai sinh (1 trang × 2 bản)');
    expect(h.copyDocuments).toEqual([{ name: 'Giấy khai sinh', pages: 1, copies: 2 }, { name: 'Giấy tờ 2', pages: 3, copies: 1 }, { name: 'Sổ đỏ', pages: 250, copies: 1 }]);
  });
  it('refuses a certified-copy dossier with no document', () => {
    const data = { ...sampleReceiveData({}, CERTIFY), documents: [] };
    expect(() => buildDossier(data, { id: crypto.randomUUID(), now: NOW, procedure: CERTIFY, office: SAMPLE_OFFICE, desk: SAMPLE_DESK, codePattern: DEFAULT_CODE_PATTERN, calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: null }))
      .toThrow('Vui lòng nhập ít nhất một giấy tờ cần chứng thực');
  });
  it('explains a wrong page count in Vietnamese', () => {
    const r = receiveInputSchema.shape.documents.safeParse([{ name: 'A', pages: 0, copies: 1 }]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('Ít nhất 1 trang.');
  });
});

describe('organisation applicants (LoaiDoiTuong 2)', () => {
  const org = { kind: 'organisation' as const, fullName: 'Công ty TNHH Minh Phát & Cộng sự', idNumber: '', taxCode: '0101234567', representative: 'Nguyễn Văn An', dateOfBirth: '', gender: '' as const, address: 'Số 5 Trần Phú', phone: '', email: '' };

  it('needs name, tax code and representative; not a birth date or gender', () => {
    const r = applicantSchema.safeParse(org);
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ kind: 'organisation', taxCode: '0101234567', representative: 'Nguyễn Văn An', dateOfBirth: '', gender: '' });
  });
  it('validates the tax code: 10 digits, or 13 for a branch', () => {
    expect(normalizeTaxCode('0101234567')).toBe('0101234567');
    expect(normalizeTaxCode('0101234567-001')).toBe('0101234567-001');
    expect(normalizeTaxCode('0101234567001')).toBe('0101234567-001');
    for (const bad of ['010123456', '01012345678', '0101234567-01', 'abcdefghij']) expect(normalizeTaxCode(bad)).toBeNull();
    const r = applicantSchema.safeParse({ ...org, taxCode: '12345' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['taxCode', 'Mã số thuế gồm 10 chữ số, hoặc 13 chữ số với chi nhánh (0101234567-001).']]);
    const missing = applicantSchema.safeParse({ ...org, taxCode: '', representative: '' });
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['taxCode', 'representative']);
  });
  it('still needs a person\'s birth date and gender', () => {
    const r = applicantSchema.safeParse({ ...org, kind: 'person', fullName: 'Nguyễn Văn An', idNumber: '001090012345' });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['dateOfBirth', 'gender']);
  });
  it('travels as LoaiDoiTuong 2 with the tax code as MaDoiTuong', () => {
    const applicant = applicantSchema.parse(org);
    const data = { ...sampleReceiveData({}, EXTRACT), applicant };
    const { dossier } = buildDossier(data, { id: crypto.randomUUID(), now: NOW, procedure: EXTRACT, office: SAMPLE_OFFICE, desk: SAMPLE_DESK, codePattern: DEFAULT_CODE_PATTERN, calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: null });
    const h = hoSoSchema.parse(toHoSo(dossier));
    expect(h).toMatchObject({ LoaiDoiTuong: 2, MaDoiTuong: '0101234567', ChuHoSo: 'Công ty TNHH Minh Phát & Cộng sự', applicantRepresentative: 'Nguyễn Văn An', applicantDateOfBirth: '', applicantGender: '' });
    // A citizen stays LoaiDoiTuong 1 with the CCCD.
    const person = buildDossier(sampleReceiveData({}, EXTRACT), { id: crypto.randomUUID(), now: NOW, procedure: EXTRACT, office: SAMPLE_OFFICE, desk: SAMPLE_DESK, codePattern: DEFAULT_CODE_PATTERN, calendar: DEFAULT_CALENDAR_CONFIG, lastSequence: null }).dossier;
    expect(toHoSo(person)).toMatchObject({ LoaiDoiTuong: 1, MaDoiTuong: '001090012345' });
    expect(toHoSo(person)).not.toHaveProperty('applicantRepresentative');
  });
});
