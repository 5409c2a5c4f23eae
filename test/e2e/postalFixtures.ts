// Postal specs: the shared fixtures, and a keyboard that types at a chosen pace (a scanner: a few ms).
import type { Page } from '@playwright/test';
export * from './fixtures';

export async function type(page: Page, text: string, delayMs: number): Promise<void> {
  await page.keyboard.type(text, { delay: delayMs });
}
