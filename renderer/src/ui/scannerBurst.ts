// Tells a barcode scanner from a person by speed. A handheld scanner is a keyboard that types a whole
// code in a few milliseconds per character and ends it with Enter. Outside text fields any code typed
// and ended with Enter counts (typing there does nothing else); inside a text field only a burst typed
// at scanner speed counts, so a person typing a waybill into a form is never interrupted.

/** The longest gap between two keys of a scanner burst; people type 80–300 ms apart. */
export const SCANNER_MAX_GAP_MS = 40;
/** Outside fields, a pause this long starts a new code. */
export const IDLE_RESET_MS = 1500;
export const MIN_SCAN_LENGTH = 8;

export class ScannerBurst {
  private keys: { ch: string; t: number }[] = [];

  /** A printable key was pressed. */
  key(ch: string, t: number): void {
    const last = this.keys[this.keys.length - 1];
    if (last && t - last.t > IDLE_RESET_MS) this.keys = [];
    this.keys.push({ ch, t });
    if (this.keys.length > 200) this.keys.shift();
  }

  /** Enter: the code it ends, or null. `inTextField`: the keys went into a field the user types in. */
  enter(t: number, inTextField: boolean): string | null {
    const keys = this.keys;
    this.keys = [];
    if (keys.length === 0) return null;
    if (!inTextField) {
      if (t - keys[keys.length - 1].t > IDLE_RESET_MS) return null;
      const text = keys.map((k) => k.ch).join('');
      return text.length >= MIN_SCAN_LENGTH ? text : null;
    }
    // The fast run that ends at Enter: everything typed before it was the person's own.
    if (t - keys[keys.length - 1].t > SCANNER_MAX_GAP_MS) return null;
    let start = keys.length - 1;
    while (start > 0 && keys[start].t - keys[start - 1].t <= SCANNER_MAX_GAP_MS) start--;
    const run = keys.slice(start).map((k) => k.ch).join('');
    return run.length >= MIN_SCAN_LENGTH ? run : null;
  }

  reset(): void {
    this.keys = [];
  }
}
