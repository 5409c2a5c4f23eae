import { describe, expect, it } from 'vitest';
import {
  HOST_CHANNELS,
  HOST_CONTRACT,
  HOST_FUNCTION_NAMES,
  HostError,
  MAX_PDF_BYTES,
  printPdfRequestSchema,
  savePdfRequestSchema,
  secretKeyRequestSchema,
  secretSetRequestSchema,
  toHostError,
} from '../shared/host/contract';

const pdf = (extra = 100) => {
  const b = new Uint8Array(5 + extra);
  b.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
  return b;
};

const validPrint = () => ({
  pdf: pdf(),
  silent: true,
  copies: 2,
  pageSize: 'A5' as const,
  landscape: false,
  jobName: 'Giấy tiếp nhận 000.17.22.H56-250701-0001',
});

describe('host contract', () => {
  it('names the same functions in the contract, the name list and the channel map', () => {
    expect([...HOST_FUNCTION_NAMES].sort()).toEqual(Object.keys(HOST_CONTRACT).sort());
    expect(Object.keys(HOST_CHANNELS).sort()).toEqual([...HOST_FUNCTION_NAMES].sort());
    for (const name of HOST_FUNCTION_NAMES) expect(HOST_CHANNELS[name]).toBe(`deskHost:${name}`);
    expect(HOST_FUNCTION_NAMES).toEqual([
      'appInfo',
      'listPrinters',
      'printPdf',
      'savePdf',
      'saveFile',
      'secretGet',
      'secretSet',
      'secretDelete',
      'backupChooseFolder',
      'backupFolder',
      'backupWrite',
      'scanFolderChoose',
      'scanFolder',
      'scanInbox',
      'scanInboxRead',
      'scanInboxDone',
    ]);
  });

  it('functions without payload accept only undefined', () => {
    expect(HOST_CONTRACT.appInfo.request.safeParse(undefined).success).toBe(true);
    expect(HOST_CONTRACT.appInfo.request.safeParse({}).success).toBe(false);
    expect(HOST_CONTRACT.listPrinters.request.safeParse('x').success).toBe(false);
  });

  it('accepts a well-formed print request, with or without a printer', () => {
    expect(printPdfRequestSchema.safeParse(validPrint()).success).toBe(true);
    expect(printPdfRequestSchema.safeParse({ ...validPrint(), printer: 'HP_LaserJet' }).success).toBe(true);
    // A Node Buffer is a Uint8Array too (what main may receive).
    expect(printPdfRequestSchema.safeParse({ ...validPrint(), pdf: Buffer.from(pdf()) }).success).toBe(true);
  });

  it.each([
    ['copies 0', { copies: 0 }],
    ['copies 21', { copies: 21 }],
    ['copies 1.5', { copies: 1.5 }],
    ['page size A3', { pageSize: 'A3' }],
    ['silent missing', { silent: undefined }],
    ['not a PDF', { pdf: new Uint8Array([1, 2, 3, 4, 5, 6]) }],
    ['empty PDF', { pdf: new Uint8Array() }],
    ['bytes as array', { pdf: [0x25, 0x50, 0x44, 0x46, 0x2d] }],
    ['bytes as string', { pdf: '%PDF-1.7' }],
    ['empty printer', { printer: '' }],
    ['control char in printer', { printer: 'HP\u0000' }],
    ['empty job name', { jobName: '' }],
    ['long job name', { jobName: 'x'.repeat(121) }],
    ['unknown key', { extra: true }],
  ])('refuses a print request with %s', (_label, patch) => {
    expect(printPdfRequestSchema.safeParse({ ...validPrint(), ...patch }).success).toBe(false);
  });

  it('refuses a PDF over 20 MB', () => {
    const big = new Uint8Array(MAX_PDF_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(printPdfRequestSchema.safeParse({ ...validPrint(), pdf: big }).success).toBe(false);
    const limit = new Uint8Array(MAX_PDF_BYTES);
    limit.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(printPdfRequestSchema.safeParse({ ...validPrint(), pdf: limit }).success).toBe(true);
  });

  it.each(['a/b.pdf', 'a\\b.pdf', '..', 'C:x.pdf', 'a?.pdf', 'x\n.pdf', '', '   '])(
    'refuses the file name %j',
    (suggestedName) => {
      expect(savePdfRequestSchema.safeParse({ pdf: pdf(), suggestedName }).success).toBe(false);
    },
  );

  it('accepts a Vietnamese file name', () => {
    expect(
      savePdfRequestSchema.safeParse({ pdf: pdf(), suggestedName: 'Giấy tiếp nhận 000.17.22.H56-250701-0001.pdf' }).success,
    ).toBe(true);
  });

  it.each([
    ['device.token', true],
    ['a', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['Device', false],
    ['../etc/passwd', false],
    ['a b', false],
    ['khoá', false],
  ])('secret key %j valid: %s', (key, ok) => {
    expect(secretKeyRequestSchema.safeParse({ key }).success).toBe(ok);
  });

  it('limits secret values', () => {
    expect(secretSetRequestSchema.safeParse({ key: 'k', value: 'v' }).success).toBe(true);
    expect(secretSetRequestSchema.safeParse({ key: 'k', value: 'v'.repeat(8193) }).success).toBe(false);
    expect(secretSetRequestSchema.safeParse({ key: 'k', value: 1 }).success).toBe(false);
  });

  it('response schemas describe the documented shapes', () => {
    expect(HOST_CONTRACT.printPdf.response.safeParse({ ok: true }).success).toBe(true);
    expect(HOST_CONTRACT.printPdf.response.safeParse({ ok: false, reason: 'Đã hủy lệnh in.' }).success).toBe(true);
    expect(HOST_CONTRACT.printPdf.response.safeParse({ ok: false }).success).toBe(false);
    expect(HOST_CONTRACT.savePdf.response.safeParse({ saved: true, path: '/x.pdf' }).success).toBe(true);
    expect(HOST_CONTRACT.savePdf.response.safeParse({ saved: false }).success).toBe(true);
    expect(HOST_CONTRACT.appInfo.response.safeParse({ version: '1', platform: 'linux', shell: 'electron' }).success).toBe(true);
    expect(HOST_CONTRACT.appInfo.response.safeParse({ version: '1', platform: 'linux', shell: 'node' }).success).toBe(false);
    expect(HOST_CONTRACT.secretGet.response.safeParse({ value: null }).success).toBe(true);
  });

  it('HostError survives the trip through an Electron invoke rejection', () => {
    const wire = new HostError('invalid-payload', 'Yêu cầu printPdf không hợp lệ: copies: quá lớn').toWire();
    const electronMessage = `Error invoking remote method 'deskHost:printPdf': Error: ${wire}`;
    const back = toHostError(new Error(electronMessage));
    expect(back).toBeInstanceOf(HostError);
    expect(back.code).toBe('invalid-payload');
    expect(back.message).toBe('Yêu cầu printPdf không hợp lệ: copies: quá lớn');
    expect(toHostError(new Error('boom')).code).toBe('internal');
    expect(toHostError(new Error('DESK_HOST_ERROR[made-up] x')).code).toBe('internal');
  });
});
