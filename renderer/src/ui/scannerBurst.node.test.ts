import { describe, expect, it } from 'vitest';
import { ScannerBurst } from './scannerBurst';

function type(b: ScannerBurst, text: string, start: number, gap: number): number {
  let t = start;
  for (const ch of text) {
    b.key(ch, t);
    t += gap;
  }
  return t;
}

describe('scanner burst', () => {
  it('a scanner burst (5 ms a key) inside a text field is a scan', () => {
    const b = new ScannerBurst();
    const t = type(b, 'RR473124829VN', 1000, 5);
    expect(b.enter(t, true)).toBe('RR473124829VN');
  });

  it('a person typing the same code into a field (120 ms a key) is not', () => {
    const b = new ScannerBurst();
    const t = type(b, 'RR473124829VN', 1000, 120);
    expect(b.enter(t + 100, true)).toBeNull();
  });

  it('what the person typed before the burst stays out of the scanned code', () => {
    const b = new ScannerBurst();
    let t = type(b, 'Nguyen', 1000, 150);
    t = type(b, 'RB123456785VN', t + 400, 4);
    expect(b.enter(t, true)).toBe('RB123456785VN');
  });

  it('outside fields, a code typed at any pace and ended with Enter counts; a long pause starts afresh', () => {
    const b = new ScannerBurst();
    let t = type(b, 'RR47', 1000, 200);
    t = type(b, 'RB123456785VN', t + 3000, 200);
    expect(b.enter(t, false)).toBe('RB123456785VN');
  });

  it('short bursts and a lone Enter are nothing', () => {
    const b = new ScannerBurst();
    expect(b.enter(0, false)).toBeNull();
    const t = type(b, 'abc', 0, 5);
    expect(b.enter(t, true)).toBeNull();
  });
});
