import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostError } from '../../../shared/host/contract';
import { createBrowserHost, SECRETS_DB_NAME } from './browser';

const PDF_TEXT = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 595]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF';
const pdf = () => new TextEncoder().encode(PDF_TEXT);

function readAll(storeName: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(SECRETS_DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
      req.onsuccess = () => {
        db.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error);
    };
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('browser host', () => {
  it('identifies itself as the browser shell and sees no printers', async () => {
    const host = createBrowserHost({ version: '1.2.3' });
    await expect(host.appInfo()).resolves.toMatchObject({ version: '1.2.3', shell: 'browser' });
    await expect(host.listPrinters()).resolves.toEqual([]);
  });

  it('keeps secrets encrypted with a non-extractable key in its own IndexedDB, never in localStorage', async () => {
    const host = createBrowserHost();
    const before = localStorage.length;
    await host.secretSet({ key: 'device.token', value: 'tok-Nguyễn-0001' });
    await expect(host.secretGet({ key: 'device.token' })).resolves.toEqual({ value: 'tok-Nguyễn-0001' });
    // A fresh host (e.g. after reload) reads it back with the stored key.
    await expect(createBrowserHost().secretGet({ key: 'device.token' })).resolves.toEqual({ value: 'tok-Nguyễn-0001' });

    const [key] = (await readAll('keys')) as CryptoKey[];
    expect(key).toBeInstanceOf(CryptoKey);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();

    const records = (await readAll('secrets')) as { iv: Uint8Array; data: ArrayBuffer }[];
    expect(records).toHaveLength(1);
    const stored = new TextDecoder().decode(records[0].data);
    expect(stored).not.toContain('tok-');
    expect(localStorage.length).toBe(before);

    await host.secretDelete({ key: 'device.token' });
    await expect(host.secretGet({ key: 'device.token' })).resolves.toEqual({ value: null });
    await expect(host.secretGet({ key: 'never.set' })).resolves.toEqual({ value: null });
  });

  it('validates requests with the contract, like main does', async () => {
    const host = createBrowserHost();
    const err = await host.secretGet({ key: '../x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('invalid-payload');
    await expect(
      host.printPdf({ pdf: new Uint8Array([1, 2, 3]), silent: true, copies: 1, pageSize: 'A4', landscape: false, jobName: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid-payload' });
    await expect(host.savePdf({ pdf: pdf(), suggestedName: 'a/b.pdf' })).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('saves through a download link', async () => {
    const clicks: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.href });
    });
    const host = createBrowserHost();
    await expect(host.savePdf({ pdf: pdf(), suggestedName: 'Giấy tiếp nhận 0001' })).resolves.toEqual({
      saved: true,
      path: 'Giấy tiếp nhận 0001.pdf',
    });
    expect(clicks).toHaveLength(1);
    expect(clicks[0].download).toBe('Giấy tiếp nhận 0001.pdf');
    expect(clicks[0].href).toMatch(/^blob:/);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('saves an export (.xlsx, .csv) through a download link with its type; bytes of another kind are refused', async () => {
    const clicks: { download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download });
    });
    const host = createBrowserHost();
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]);
    await expect(host.saveFile({ kind: 'xlsx', bytes: zip, suggestedName: 'so-theo-doi-ho-so-2026-11-01-2026-11-30' })).resolves.toEqual({ saved: true, path: 'so-theo-doi-ho-so-2026-11-01-2026-11-30.xlsx' });
    await expect(host.saveFile({ kind: 'csv', bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0x54]), suggestedName: 'a.csv' })).resolves.toEqual({ saved: true, path: 'a.csv' });
    expect(clicks.map((c) => c.download)).toEqual(['so-theo-doi-ho-so-2026-11-01-2026-11-30.xlsx', 'a.csv']);
    await expect(host.saveFile({ kind: 'xlsx', bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0x54]), suggestedName: 'a' })).rejects.toMatchObject({ code: 'invalid-payload' });
    await expect(host.saveFile({ kind: 'csv', bytes: zip, suggestedName: '../a' })).rejects.toMatchObject({ code: 'invalid-payload' });
    expect(clicks).toHaveLength(2);
  });

  it('prints through a hidden iframe on a blob: URL', async () => {
    const host = createBrowserHost({ printLoadTimeoutMs: 5000 });
    const printed = vi.fn();
    // Intercept the frame's print(): a real print dialog cannot be driven here.
    const append = document.body.appendChild.bind(document.body);
    vi.spyOn(document.body, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
      const r = append(node);
      if (node instanceof HTMLIFrameElement) {
        node.addEventListener('load', () => {}, { once: true });
        Object.defineProperty(node, 'contentWindow', { value: { focus() {}, print: printed } });
      }
      return r;
    });
    const result = await host.printPdf({ pdf: pdf(), silent: false, copies: 1, pageSize: 'A5', landscape: false, jobName: 'Phiếu' });
    const frame = document.querySelector('iframe');
    expect(frame?.src).toMatch(/^blob:/);
    expect(frame?.getAttribute('aria-hidden')).toBe('true');
    expect(result).toEqual({ ok: true, outcome: 'dialog_opened' }); // issue 9, defect 10: a browser only knows its dialog opened
    expect(printed).toHaveBeenCalledTimes(1);
  });
});
