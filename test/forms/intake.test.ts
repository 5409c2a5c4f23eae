// Form 01 for an organisation that brings certified copies: the organisation's lines and the fee of each
// document, read back from the rendered PDF (pdftotext) as a person reading the slip would.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadFormFontsNode } from '../../shared/forms/fonts.node.js';
import { renderForm, type FormFonts } from '../../shared/forms/index';
import { OFFICER, SAMPLE_OFFICE, sampleDossier } from '../fixtures/forms/sample-data';
import { missing, pdfToText } from './tools';

const skipText = missing([['pdftotext', 'poppler-utils']]);
if (skipText) console.warn(`pdftotext checks skipped: ${skipText}`);
const flat = (s: string) => s.replace(/\s+/g, ' ');

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await loadFormFontsNode();
});

const organisationCopies = () =>
  sampleDossier({
    procedureCode: '2.000815',
    procedureName: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    applicant: {
      kind: 'organisation', fullName: 'Công ty TNHH Minh Phát', idNumber: '', taxCode: '0101234567', representative: 'Nguyễn Văn An',
      dateOfBirth: '', gender: '', address: 'Số 5 đường Trần Phú, xã An Bình', phone: '0912345678', email: '',
    },
    components: [
      { componentId: 'ban-chinh', name: 'Bản chính giấy tờ, văn bản cần chứng thực', originals: 1, copies: 0 },
      { componentId: 'ban-chup', name: 'Bản sao cần chứng thực', originals: 0, copies: 1 },
    ],
    copyDocuments: [
      { name: 'Giấy khai sinh', pages: 1, copies: 2, fee: 4000 },
      { name: 'Bằng tốt nghiệp', pages: 3, copies: 1, fee: 5000 },
      { name: 'Sổ đỏ', pages: 250, copies: 1, fee: 200000 },
    ],
    fee: 209000,
  });

describe.skipIf(!!skipText)('form 01 for an organisation with certified copies', () => {
  it('prints "Tổ chức", the tax code and representative, and the fee line with each document', async () => {
    const pdf = await renderForm('01', { office: SAMPLE_OFFICE, dossier: organisationCopies(), officerName: OFFICER, copies: 1 }, fonts);
    if (process.env.SCRATCH_FORMS) {
      mkdirSync(process.env.SCRATCH_FORMS, { recursive: true });
      writeFileSync(`${process.env.SCRATCH_FORMS}/form-01-organisation.pdf`, pdf);
    }
    const text = flat(await pdfToText(pdf));
    expect(text).toContain('Tổ chức: Công ty TNHH Minh Phát');
    expect(text).toContain('Mã số thuế: 0101234567; Người đại diện: Nguyễn Văn An');
    expect(text).not.toContain('Ông/Bà');
    expect(text).toContain('Phí, lệ phí: 209.000 đ');
    expect(text).toContain('Gồm: Giấy khai sinh (1 trang × 2 bản): 4.000 đ; Bằng tốt nghiệp (3 trang × 1 bản): 5.000 đ; Sổ đỏ (250 trang × 1 bản): 200.000 đ.');
  });

  it('form 03 addresses the organisation, not "Ông/Bà"', async () => {
    const pdf = await renderForm('03', { office: SAMPLE_OFFICE, dossier: organisationCopies(), officerName: OFFICER, reason: 'Bản chính bị tẩy xóa', issuedAt: 0 }, fonts);
    const text = flat(await pdfToText(pdf));
    expect(text).toContain('hồ sơ của Quý tổ chức: Công ty TNHH Minh Phát');
    expect(text).not.toContain('Ông/Bà');
  });
});
