// Postal specs: the shared fixtures, a person's keyboard at a chosen pace, and a handheld scanner.
import type { Page } from '@playwright/test';
export * from './fixtures';

/** Real key presses, `delayMs` apart (a person types 80–300 ms apart). */
export async function type(page: Page, text: string, delayMs: number): Promise<void> {
  await page.keyboard.type(text, { delay: delayMs });
}

/**
 * A keyboard-wedge scanner: every character's keydown and its text arrive within a millisecond or two,
 * then Enter. Playwright's own typing goes through a round trip per key that a loaded test machine
 * stretches past scanner speed, so the burst is produced inside the page, as the scanner's USB HID
 * reports arrive: keydown on the focused element, the character inserted as typed text.
 */
export async function scan(page: Page, text: string): Promise<void> {
  await page.evaluate((code) => {
    const target = (document.activeElement as HTMLElement | null) ?? document.body;
    const editable = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
    for (const ch of code) {
      const down = new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true });
      if (target.dispatchEvent(down) && editable) document.execCommand('insertText', false, ch);
      target.dispatchEvent(new KeyboardEvent('keyup', { key: ch, bubbles: true }));
    }
    target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  }, text);
}
