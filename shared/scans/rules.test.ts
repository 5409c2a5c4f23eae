import { describe, expect, it } from 'vitest';
import { A4_MM, MAX_SCAN_FILE_BYTES, ScanError, checkScanFile, checkDpi, componentSlot, pageSizeAtDpi, paperPixels, parseSlot, RESULT_SLOT, scanFileName, shortSha, sniffFormat } from './rules';

const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0, 0, 0, 0, 0]);

describe('sniffFormat: the formats\' own signatures, never the extension', () => {
  it('knows the four accepted formats by their first bytes', () => {
    expect(sniffFormat(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf'); // ISO 32000-1 §7.5.2
    expect(sniffFormat(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg'); // T.81: SOI FF D8, then a marker
    expect(sniffFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png'); // PNG §5.2
    expect(sniffFormat(bytes(0x49, 0x49, 0x2a, 0x00))).toBe('tiff'); // "II" + 42 little-endian
    expect(sniffFormat(bytes(0x4d, 0x4d, 0x00, 0x2a))).toBe('tiff'); // "MM" + 42 big-endian
  });
  it('refuses look-alikes: GIF, BMP, BigTIFF, a PDF header not at the start, text', () => {
    expect(sniffFormat(new TextEncoder().encode('GIF89a......'))).toBeNull();
    expect(sniffFormat(bytes(0x42, 0x4d))).toBeNull();
    expect(sniffFormat(bytes(0x49, 0x49, 0x2b, 0x00))).toBeNull();
    expect(sniffFormat(new TextEncoder().encode(' %PDF-1.7'))).toBeNull();
    expect(sniffFormat(new TextEncoder().encode('hello.pdf'))).toBeNull();
    expect(sniffFormat(new Uint8Array())).toBeNull();
  });
});

describe('checkScanFile', () => {
  it('explains a zero-byte file, a too large one and an unsupported format in Vietnamese', () => {
    expect(() => checkScanFile('a.jpg', new Uint8Array())).toThrow(/rỗng \(0 byte\)/);
    expect(() => checkScanFile('b.pdf', new Uint8Array(MAX_SCAN_FILE_BYTES + 1))).toThrow(/quá lớn .*tối đa 100 MB/);
    expect(() => checkScanFile('c.gif', new TextEncoder().encode('GIF89a......'))).toThrow(/là ảnh GIF, không phải PDF, JPEG, PNG hay TIFF/);
    expect(() => checkScanFile('d.docx', bytes(0x50, 0x4b, 0x03, 0x04))).toThrow(ScanError);
  });
  it('names the format of a good file whatever its name says', () => {
    expect(checkScanFile('scan.pdf', bytes(0xff, 0xd8, 0xff, 0xdb))).toBe('jpeg');
  });
});

describe('geometry at the configured resolution', () => {
  it('A4 at 200 dpi is 1654 × 2339 px (210 mm / 25.4 × 200 = 1653.5; 297 / 25.4 × 200 = 2338.6)', () => {
    expect(paperPixels(A4_MM.width, A4_MM.height, 200)).toEqual({ width: 1654, height: 2339 });
  });
  it('A4 at 300 dpi is the well-known 2480 × 3508 px', () => {
    expect(paperPixels(210, 297, 300)).toEqual({ width: 2480, height: 3508 });
  });
  it('those pixels at 200 dpi make a page within half a pixel of A4 (595.28 × 841.89 pt)', () => {
    const { width, height } = pageSizeAtDpi(1654, 2339, 200);
    expect(width).toBeCloseTo(595.44, 2); // 1654 × 72 / 200
    expect(height).toBeCloseTo(842.04, 2);
    expect(Math.abs(width - 595.28)).toBeLessThan(72 / 200 / 2 + 0.01);
  });
  it('refuses a resolution outside 72–1200 dpi', () => {
    expect(checkDpi(200)).toBe(200);
    expect(() => checkDpi(50)).toThrow(/72 đến 1200/);
    expect(() => checkDpi(200.5)).toThrow(ScanError);
  });
});

describe('slots and names', () => {
  it('a component slot and the result slot', () => {
    expect(componentSlot('to-khai')).toBe('component:to-khai');
    expect(parseSlot('component:to-khai')).toEqual({ kind: 'component', componentId: 'to-khai' });
    expect(parseSlot(RESULT_SLOT)).toEqual({ kind: 'result' });
    expect(parseSlot('other')).toBeNull();
  });
  it('names the PDF by the dossier code and the component in plain ASCII', () => {
    expect(scanFileName('000.17.22.H56-261123-0001', 'Tờ khai đăng ký khai sinh')).toBe('000.17.22.H56-261123-0001_to-khai-dang-ky-khai-sinh.pdf');
    expect(scanFileName('000.17.22.H56-261123-0001', 'Kết quả')).toBe('000.17.22.H56-261123-0001_ket-qua.pdf');
  });
  it('shortens a SHA-256 for the screen', () => {
    expect(shortSha('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe('e3b0c442…b855');
  });
});
