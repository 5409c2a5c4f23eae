import { describe, expect, it } from 'vitest';
import { cccdMismatch, decodeCccd, phoneProblem } from './identity';
import { applicantSchema } from './dossier';

describe('CCCD', () => {
  it('decodes century, gender and birth year (Thông tư 59/2021/TT-BCA layout)', () => {
    expect(decodeCccd('001090012345')).toEqual({ provinceCode: '001', gender: 'male', birthYear: 1990 });
    expect(decodeCccd('079305001234')).toEqual({ provinceCode: '079', gender: 'female', birthYear: 2005 });
    expect(decodeCccd('12345')).toBeNull();
  });
  it('accepts an ID that agrees with birth year and gender', () => {
    expect(cccdMismatch('001090012345', 1990, 'male')).toBeNull();
    expect(cccdMismatch('001190012345', 1990, 'female')).toBeNull();
    expect(cccdMismatch('036205001234', 2005, 'male')).toBeNull();
  });
  it('explains a gender or century digit that disagrees', () => {
    expect(cccdMismatch('001090012345', 1990, 'female')).toBe('Chữ số thứ 4 của CCCD phải là 1 cho công dân nữ sinh năm 1990, nhưng là 0.');
    expect(cccdMismatch('001290012345', 1990, 'male')).toMatch(/phải là 0/);
  });
  it('explains birth-year digits that disagree', () => {
    expect(cccdMismatch('001091012345', 1990, 'male')).toMatch(/năm sinh 91 .* 1990/);
  });
});

describe('phone numbers', () => {
  it.each(['0912345678', '0387 654 321', '+84912345678', '02437654321', '0243.765.4321'])('accepts %s', (p) => {
    expect(phoneProblem(p)).toBeNull();
  });
  it.each(['0112345678', '091234567', '09123456789', '+840912345678', '09abc45678', '0612345678'])('rejects %s', (p) => {
    expect(phoneProblem(p)).not.toBeNull();
  });
});

describe('applicantSchema', () => {
  const base = {
    fullName: '  Nguyễn   Văn An ',
    idNumber: '001090012345',
    dateOfBirth: '15/03/1990',
    gender: 'male' as const,
    address: 'Thôn Đông, xã An Bình',
    phone: '0912 345 678',
    email: '',
  };
  it('normalises a valid applicant', () => {
    const r = applicantSchema.parse(base);
    expect(r).toMatchObject({ fullName: 'Nguyễn Văn An', dateOfBirth: '1990-03-15', phone: '0912345678' });
  });
  it('reports every wrong field in Vietnamese', () => {
    const r = applicantSchema.safeParse({ ...base, idNumber: '001190012345', dateOfBirth: '31/02/1990', phone: '123', email: 'x@' });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages.dateOfBirth).toMatch(/Ngày sinh không hợp lệ/);
    expect(messages.phone).toMatch(/Số điện thoại/);
    expect(messages.email).toBe('Email không hợp lệ.');
  });
  it('cross-checks the CCCD against gender', () => {
    const r = applicantSchema.safeParse({ ...base, gender: 'female' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.find((i) => i.path[0] === 'idNumber')?.message).toMatch(/Chữ số thứ 4/);
  });
});
