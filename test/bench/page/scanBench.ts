// scan_pdf_20p_ms: 20 colour A4 pages scanned at 200 dpi (1654 × 2339 px JPEG, text, a stamp, paper
// grain like a flatbed scan) assembled into one PDF the way the scan editor does it: each JPEG decoded
// once by the browser as a check, embedded as it is, the pages arranged for saving, the SHA-256 taken.
import { appendScans, arrangePages } from '@shared/scans/assemble';
import { A4_MM, paperPixels } from '@shared/scans/rules';
import { sha256Hex } from '../../../renderer/src/db/scans';

const LINES = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'TỜ KHAI ĐĂNG KÝ KHAI SINH',
  'Kính gửi: Ủy ban nhân dân xã An Bình, tỉnh Hưng Yên',
  'Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn An',
  'Nơi cư trú: Số 12 ngõ 34, thôn Đông Hạ, xã An Bình',
  'Giấy tờ tùy thân: CCCD số 001090012345, cấp ngày 20/05/2021',
  'Quan hệ với người được đăng ký khai sinh: cha',
  'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:',
  'Họ, chữ đệm, tên: Nguyễn Minh Khang   Giới tính: Nam',
  'Ngày, tháng, năm sinh: 01/11/2026   ghi bằng chữ: ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu',
  'Nơi sinh: Bệnh viện đa khoa tỉnh Hưng Yên   Dân tộc: Kinh   Quốc tịch: Việt Nam',
];

async function scannedPage(n: number): Promise<Uint8Array> {
  const { width, height } = paperPixels(A4_MM.width, A4_MM.height, 200); // 1654 × 2339
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#f7f4ec'; // paper
  g.fillRect(0, 0, width, height);
  // Paper grain and scanner noise: what makes a real scan's JPEG larger than a clean rendering.
  const grain = g.getImageData(0, 0, width, height);
  let s = 7 + n;
  for (let i = 0; i < grain.data.length; i += 4) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const d = (s >> 16) % 13 - 6;
    grain.data[i] += d;
    grain.data[i + 1] += d;
    grain.data[i + 2] += d;
  }
  g.putImageData(grain, 0, 0);
  g.fillStyle = '#1b1b1b';
  g.font = 'bold 40px serif';
  g.fillText(LINES[0], 420, 160);
  g.font = '34px serif';
  for (let line = 0; line < 56; line++) g.fillText(`${line + 1}. ${LINES[(line + n) % LINES.length]}`, 140, 260 + line * 36);
  g.strokeStyle = '#c0282d'; // the red seal
  g.lineWidth = 10;
  g.beginPath();
  g.arc(1250, 2050, 160, 0, Math.PI * 2);
  g.stroke();
  g.fillStyle = '#c0282d';
  g.font = 'bold 36px sans-serif';
  g.fillText(`TRANG ${n + 1}`, 1160, 2062);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  return new Uint8Array(await blob.arrayBuffer());
}

async function decodeCheck(format: 'jpeg' | 'png', bytes: Uint8Array): Promise<void> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format === 'jpeg' ? 'image/jpeg' : 'image/png' }));
  bitmap.close();
}

export async function measureScans(runs = 5): Promise<{ ms: number[]; pdfBytes: number; inputBytes: number; pages: number }> {
  const files = [];
  for (let n = 0; n < 20; n++) files.push({ name: `trang-${n + 1}.jpg`, bytes: await scannedPage(n) });
  const inputBytes = files.reduce((a, f) => a + f.bytes.byteLength, 0);
  const ms: number[] = [];
  let pdfBytes = 0;
  let pages = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const added = await appendScans(null, files, { dpi: 200, decodeCheck, title: 'bench.pdf' });
    if (added.refused.length) throw new Error(added.refused[0].message);
    const saved = await arrangePages(added.pdf, Array.from({ length: added.pageCount }, (_, index) => ({ index, rotate: 0 })), 'bench.pdf');
    await sha256Hex(saved.pdf);
    ms.push(performance.now() - t0);
    pdfBytes = saved.pdf.byteLength;
    pages = saved.pageCount;
  }
  return { ms, pdfBytes, inputBytes, pages };
}
