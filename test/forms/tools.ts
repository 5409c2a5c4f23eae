// Node-only helpers for looking at printed PDFs the way a person would: poppler renders them
// (pdftoppm), pdftotext extracts their text, tesseract reads them back, zbarimg scans their codes.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const present = new Map<string, boolean>();
export function hasTool(name: string): boolean {
  if (!present.has(name)) present.set(name, spawnSync('sh', ['-c', `command -v ${name}`]).status === 0);
  return present.get(name)!;
}

export function hasTesseractVie(): boolean {
  if (!hasTool('tesseract')) return false;
  const r = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return /^vie$/m.test(`${r.stdout}\n${r.stderr}`);
}

/** A message for it.skipIf: which Debian package would make the test run. */
export function missing(tools: Array<[string, string]>): string | null {
  const lack = tools.filter(([t]) => (t === 'tesseract-vie' ? !hasTesseractVie() : !hasTool(t)));
  return lack.length ? `needs ${lack.map(([t, pkg]) => `${t} (apt-get install ${pkg})`).join(', ')}` : null;
}

export async function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'forms-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Gray {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white. */
  data: Uint8Array;
}

/** Parses a binary PGM (P5, maxval 255), as `pdftoppm -gray` writes it. */
export function parsePgm(buf: Uint8Array): Gray {
  let pos = 0;
  const token = (): string => {
    while (pos < buf.length) {
      const c = buf[pos];
      if (c === 0x23) while (pos < buf.length && buf[pos] !== 0x0a) pos++;
      else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    let s = '';
    while (pos < buf.length && ![0x20, 0x0a, 0x0d, 0x09].includes(buf[pos])) s += String.fromCharCode(buf[pos++]);
    return s;
  };
  if (token() !== 'P5') throw new Error('not a binary PGM');
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (max !== 255) throw new Error('PGM maxval must be 255');
  pos++; // the single whitespace after maxval
  return { width, height, data: buf.subarray(pos, pos + width * height) };
}

export async function pdfToGray(pdf: Uint8Array, page: number, dpi: number): Promise<Gray> {
  return withTmp(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'out')]);
    return parsePgm(new Uint8Array(await readFile(path.join(dir, 'out.pgm'))));
  });
}

/** Renders one page to a PNG file in `dir` and returns its path. */
export async function pdfToPng(pdf: Uint8Array, page: number, dpi: number, dir: string, name = 'page'): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, name)]);
  return path.join(dir, `${name}.png`);
}

export async function pdfToText(pdf: Uint8Array, options: string[] = []): Promise<string> {
  return withTmp(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', ...options, file, '-'], { maxBuffer: 64 << 20 });
    return stdout;
  });
}

export async function ocr(png: string, psm = 6): Promise<string> {
  const { stdout } = await run('tesseract', [png, 'stdout', '-l', 'vie', '--psm', String(psm)], { maxBuffer: 16 << 20 });
  return stdout.normalize('NFC');
}

/** Symbols zbarimg finds, as "QR-Code:…" / "CODE-128:…" lines. */
export async function zbar(png: string): Promise<string[]> {
  try {
    const { stdout } = await run('zbarimg', ['-q', '-Sdisable', '-Sqrcode.enable', '-Scode128.enable', png]);
    return stdout.split('\n').filter(Boolean);
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    if (e.code === 4) return []; // nothing found
    throw err;
  }
}
