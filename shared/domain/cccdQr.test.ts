import { describe, expect, it } from 'vitest';
import { parseCccdQr, splitScannedText } from './cccdQr';

describe('parseCccdQr', () => {
  it('reads a full 7-field card', () => {
    const r = parseCccdQr('001090012345|123456789|Nguyễn Văn An|15031990|Nam|Số 5, thôn Đông, xã An Bình, tỉnh Hưng Yên|20052021\r\n');
    expect(r).toEqual({
      ok: true,
      data: {
        idNumber: '001090012345',
        oldIdNumber: '123456789',
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '1990-03-15',
        gender: 'male',
        address: 'Số 5, thôn Đông, xã An Bình, tỉnh Hưng Yên',
        issueDate: '2021-05-20',
      },
    });
  });
  it('reads a card without the old CMND (empty or missing field)', () => {
    const empty = parseCccdQr('036305001234||Đặng Thị Hường|01022005|Nữ|Xóm 3, xã Hải Hậu|10102022');
    const missing = parseCccdQr('036305001234|Đặng Thị Hường|01022005|Nữ|Xóm 3, xã Hải Hậu|10102022');
    expect(empty.ok && empty.data.gender).toBe('female');
    expect(missing).toEqual(empty);
  });
  it('normalises decomposed Unicode from the scanner to NFC', () => {
    const r = parseCccdQr('001090012345||Nguyễn Văn An|15031990|Nam|Hà Nội|'.normalize('NFD'));
    expect(r.ok && r.data.fullName).toBe('Nguyễn Văn An'.normalize('NFC'));
  });
  it('rejects a partial scan with a reason in Vietnamese', () => {
    const r = parseCccdQr('001090012345|123456789|Nguyễn Văn');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/chỉ nhận được 3 trên 7 trường/);
  });
  it('rejects garbled fields', () => {
    expect(parseCccdQr('00109001234X||Nguyễn Văn An|15031990|Nam|Hà Nội|20052021')).toMatchObject({ ok: false, reason: expect.stringMatching(/12 chữ số/) });
    expect(parseCccdQr('001090012345||Nguyễn Văn An|31021990|Nam|Hà Nội|20052021')).toMatchObject({ ok: false, reason: expect.stringMatching(/ngày sinh/) });
    expect(parseCccdQr('001090012345||Nguyễn Văn An|15031990|X|Hà Nội|20052021')).toMatchObject({ ok: false, reason: expect.stringMatching(/giới tính/) });
    expect(parseCccdQr('no separators here')).toMatchObject({ ok: false });
  });
});

describe('splitScannedText', () => {
  it('separates what the officer typed from the scan', () => {
    expect(splitScannedText('Nguyễn001090012345||A|01011990|Nam|X|')).toEqual({ typed: 'Nguyễn', scanned: '001090012345||A|01011990|Nam|X|' });
    expect(splitScannedText('plain text')).toBeNull();
  });
  it('issue 9, defect 8: a garbled first field goes with the scan, not into the name', () => {
    expect(splitScannedText('Nguyễn0010900l2345|123|Nguyễn Văn An|15031990|Nam|X|')).toEqual({ typed: 'Nguyễn', scanned: '0010900l2345|123|Nguyễn Văn An|15031990|Nam|X|' });
    expect(splitScannedText('0010900l2345|123|Nguyễn Văn An|15031990|Nam|X|')?.typed).toBe('');
    expect(parseCccdQr('0010900l2345|123|Nguyễn Văn An|15031990|Nam|X|').ok).toBe(false);
  });
});
