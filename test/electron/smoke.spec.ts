/**
 * Electron smoke test (Playwright `_electron`). Needs an Electron binary; where there is none (as on the
 * build machines here: electron ≥ 42 downloads its binary lazily on first use, which cannot happen here),
 * it SKIPS, saying so. It never triggers a download: it does not require('electron') (whose index.js
 * downloads when the binary is missing) but reads the package's path.txt and checks the file exists.
 *
 * Build first: node scripts/build-electron.mjs (and the renderer into dist/renderer for a full page).
 * On Linux without a display run it under xvfb-run.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_FUNCTION_NAMES } from '../../shared/host/contract';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const mainBundle = path.join(repoRoot, 'dist', 'electron', 'main.cjs');

/** The Electron executable if one is installed, without ever downloading it; else a reason. */
function findElectronBinary(): { path: string } | { missing: string } {
  const explicit = process.env.DESK_ELECTRON_BINARY;
  if (explicit) return existsSync(explicit) ? { path: explicit } : { missing: `DESK_ELECTRON_BINARY=${explicit} does not exist` };

  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  // Written by electron's install.js once the binary has been downloaded and extracted.
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distOverride = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (distOverride) {
    const exe = path.join(distOverride, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(exe) ? { path: exe } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${exe}` };
  }
  if (!relative) return { missing: `no binary downloaded (${pathFile} is absent)` };
  const exe = path.join(pkgDir, 'dist', relative);
  return existsSync(exe) ? { path: exe } : { missing: `${exe} does not exist` };
}

const binary = findElectronBinary();

test.describe('Electron shell', () => {
  test.skip(
    'missing' in binary,
    `Electron binary not available (${'missing' in binary ? binary.missing : ''}); ` +
      'the _electron smoke suite runs only where Electron is installed. Set DESK_ELECTRON_BINARY to use one.',
  );

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    expect(existsSync(mainBundle), `${mainBundle} is missing: run node scripts/build-electron.mjs first`).toBe(true);
    userData = mkdtempSync(path.join(os.tmpdir(), 'desk-smoke-'));
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [mainBundle],
      cwd: repoRoot,
      env: { ...process.env, DESK_USER_DATA_DIR: userData, ELECTRON_ENABLE_LOGGING: '0' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('the first window is on the app://desk origin', async () => {
    const url = new URL(page.url());
    expect(url.protocol).toBe('app:');
    expect(url.host).toBe('desk');
    expect(await page.evaluate(() => window.location.origin)).toBe('app://desk');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  });

  test('window.deskHost exposes exactly the host contract functions', async () => {
    const shape = await page.evaluate(() => {
      const bridge = (window as unknown as { deskHost?: Record<string, unknown> }).deskHost;
      if (!bridge) return null;
      return Object.keys(bridge)
        .sort()
        .map((k) => [k, typeof bridge[k]] as const);
    });
    expect(shape).toEqual([...HOST_FUNCTION_NAMES].sort().map((k) => [k, 'function']));
  });

  test('no Node in the page', async () => {
    const types = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, module: typeof g.module, Buffer: typeof g.Buffer };
    });
    expect(types).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
  });

  test('appInfo answers through the bridge and a bad payload is refused', async () => {
    const info = await page.evaluate(() => (window as unknown as { deskHost: { appInfo(): Promise<unknown> } }).deskHost.appInfo());
    expect(info).toMatchObject({ shell: 'electron' });
    const refused = await page.evaluate(() =>
      (window as unknown as { deskHost: { secretGet(p: unknown): Promise<unknown> } }).deskHost
        .secretGet({ key: '../etc/passwd' })
        .then(
          () => 'accepted',
          (e: Error) => e.message,
        ),
    );
    expect(refused).toContain('DESK_HOST_ERROR[invalid-payload]');
  });

  test('window.open and off-origin navigation are blocked', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url().startsWith('app://desk/')).toBe(true);
  });
});
