import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_URL } from '../../playwright.config';

/** A desk in a persistent Chromium profile, as an officer's browser keeps IndexedDB between sessions. */
export const test = base.extend<{ profileDir: string; desk: BrowserContext; page: Page }>({
  profileDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-profile-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  desk: async ({ profileDir }, use) => {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1366, height: 900 },
      baseURL: PREVIEW_URL,
    });
    await use(context);
    await context.close();
  },
  page: async ({ desk }, use) => {
    await use(desk.pages()[0] ?? (await desk.newPage()));
  },
});

export { expect } from '@playwright/test';
