import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCsp, createAppRequestHandler, mimeTypeFor, registerAppScheme, resolveRequestPath } from './protocol';

describe('registerAppScheme', () => {
  it('registers app:// as standard, secure, fetch- and CORS-enabled', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }),
      },
    ]);
    // Never bypass CSP.
    expect(registerSchemesAsPrivileged.mock.calls[0][0][0].privileges.bypassCSP).toBeUndefined();
  });
});

describe('buildCsp', () => {
  it('is strict and adds the sync origins to connect-src only', () => {
    const csp = buildCsp({ connectOrigins: ['https://motcua.example.gov.vn'] });
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['style-src']).toBe("'self' 'unsafe-inline'");
    expect(directives['img-src']).toBe("'self' data: blob:");
    expect(directives['connect-src']).toBe("'self' https://motcua.example.gov.vn");
    expect(directives['base-uri']).toBe("'none'");
    expect(directives['form-action']).toBe("'none'");
    expect(directives['frame-src']).toBe('blob:');
    expect(csp).not.toContain('unsafe-eval');
    expect(buildCsp()).toContain("connect-src 'self';");
  });
});

describe('resolveRequestPath', () => {
  const root = path.resolve('/srv/desk/renderer');

  it('maps the root and plain files under the root', () => {
    expect(resolveRequestPath(root, 'app://desk/')).toEqual({ ok: true, filePath: path.join(root, 'index.html'), navigation: true });
    expect(resolveRequestPath(root, 'app://desk/assets/index-abc.js')).toEqual({
      ok: true,
      filePath: path.join(root, 'assets', 'index-abc.js'),
      navigation: false,
    });
    expect(resolveRequestPath(root, 'app://desk/dossiers/123?x=1#y')).toMatchObject({ ok: true, navigation: true });
    expect(resolveRequestPath(root, 'app://desk/fonts/Tinos%20Regular.ttf')).toMatchObject({
      ok: true,
      filePath: path.join(root, 'fonts', 'Tinos Regular.ttf'),
    });
  });

  it('keeps dot-dot that the URL parser resolves inside the root', () => {
    // The WHATWG parser already folds /../ (and %2e%2e) in the path: it can never climb above "/".
    const r = resolveRequestPath(root, 'app://desk/../../etc/passwd');
    expect(r).toMatchObject({ ok: true, filePath: path.join(root, 'etc', 'passwd') });
    const r2 = resolveRequestPath(root, 'app://desk/%2e%2e/%2e%2e/etc/passwd');
    expect(r2).toMatchObject({ ok: true, filePath: path.join(root, 'etc', 'passwd') });
  });

  it.each([
    ['encoded slashes', 'app://desk/..%2f..%2fetc%2fpasswd', 403],
    ['encoded slashes, upper case', 'app://desk/assets/..%2F..%2F..%2Fetc%2Fpasswd', 403],
    ['encoded backslashes', 'app://desk/..%5c..%5cwindows%5cwin.ini', 403],
    ['NUL byte', 'app://desk/index.html%00.png', 403],
    ['drive letter', 'app://desk/C:/Windows/win.ini', 403],
    ['encoded drive letter', 'app://desk/C%3A%5CWindows%5Cwin.ini', 403],
    ['single encoded dot segment', 'app://desk/assets/%2e%2e%2f%2e%2e%2fsecret', 403],
    ['another host', 'app://evil/index.html', 403],
    ['another scheme', 'file:///etc/passwd', 403],
    ['bad escape', 'app://desk/%E0%A4%A', 400],
  ])('refuses %s', (_label, url, status) => {
    expect(resolveRequestPath(root, url)).toEqual({ ok: false, status });
  });

  it('refuses traversal with Windows path rules too', () => {
    const winRoot = 'C:\\Program Files\\Desk\\resources\\app.asar\\dist\\renderer';
    expect(resolveRequestPath(winRoot, 'app://desk/..%5C..%5C..%5Cx', path.win32)).toEqual({ ok: false, status: 403 });
    expect(resolveRequestPath(winRoot, 'app://desk/assets/a.js', path.win32)).toEqual({
      ok: true,
      filePath: `${winRoot}\\assets\\a.js`,
      navigation: false,
    });
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.MJS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.ttf', 'font/ttf'],
    ['a.wasm', 'application/wasm'],
    ['a.json', 'application/json; charset=utf-8'],
    ['noext', 'application/octet-stream'],
  ])('%s → %s', (file, type) => expect(mimeTypeFor(file)).toBe(type));
});

describe('createAppRequestHandler (real files)', () => {
  let base: string;
  let root: string;
  let handler: (r: Request) => Promise<Response>;
  const csp = buildCsp();

  beforeAll(async () => {
    base = await fsp.mkdtemp(path.join(os.tmpdir(), 'desk-protocol-'));
    root = path.join(base, 'renderer');
    await fsp.mkdir(path.join(root, 'assets'), { recursive: true });
    await fsp.writeFile(path.join(root, 'index.html'), '<!doctype html><title>Một cửa</title>');
    await fsp.writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await fsp.writeFile(path.join(base, 'secret.txt'), 'TOP SECRET');
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    handler = createAppRequestHandler({
      root,
      csp,
      fs: { realpath: (p) => fsp.realpath(p), stat: (p) => fsp.stat(p), readFile: (p) => fsp.readFile(p) },
    });
  });
  afterAll(async () => {
    await fsp.rm(base, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html at the root with the CSP and nosniff', async () => {
    const res = await get('app://desk/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(csp);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('Một cửa');
  });

  it('serves assets with their MIME type', async () => {
    const res = await get('app://desk/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for navigation-like paths only', async () => {
    const nav = await get('app://desk/dossiers/new');
    expect(nav.status).toBe(200);
    expect(await nav.text()).toContain('Một cửa');
    const asset = await get('app://desk/assets/missing.js');
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-security-policy')).toBe(csp);
  });

  it('never serves a file outside the root', async () => {
    for (const url of [
      'app://desk/..%2fsecret.txt',
      'app://desk/assets/..%2f..%2fsecret.txt',
      'app://desk/assets/link.txt', // symlink pointing outside
      'app://other/secret.txt',
    ]) {
      const res = await get(url);
      expect(res.status, url).not.toBe(200);
      expect(await res.text(), url).not.toContain('TOP SECRET');
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://desk/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://desk/assets/app.js', 'POST');
    expect(post.status).toBe(405);
  });
});
