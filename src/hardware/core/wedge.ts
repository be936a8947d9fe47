// Keyboard-wedge scanners type a code as keystrokes. Only timing tells them from a person: scanner keys arrive
// a few ms apart (about 80 ms for some models), people type 100 ms and slower. The detector holds printable
// keys while they might still be a burst and releases them as typing once the burst is ruled out, so a scan
// never leaks into a focused text field and a person's typing is only delayed by one gap.

export interface WedgeOptions {
  /** Longest gap between two keys of one scan. Most scanners: 1-19 ms; slow models about 80 ms. */
  maxGapMs: number;
  /**
   * One late key inside a burst that has proven fast (2+ keys, mean gap within maxGapMs) is tolerated up to
   * this long: a busy PC or USB hub can stall a scanner's stream for a moment, and splitting the code there
   * would add two wrong items. A person loses the fast mean at their first normal gap, so it never applies.
   */
  maxStallMs: number;
  /** Shortest code accepted as a scan. */
  minLength: number;
  /** Keys that end a scan (the scanner's suffix). A scan can also end by a gap. */
  terminators: string[];
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxGapMs: 30,
  maxStallMs: 120,
  minLength: 6,
  terminators: ['Enter'],
};

/** Keys held before a stall is tolerated: one fast gap starts a burst; the mean keeps a person out of it. */
const PROVEN_BURST_KEYS = 2;

/** ASCII group separator inside GS1 codes; scanners send it as Ctrl+] or as the character itself. */
export const GS = '\x1d';

export type WedgeEvent =
  | { type: 'scan'; code: string; at: number; endedBy: 'terminator' | 'gap' }
  /** Held keystrokes released as a person's typing, in order. */
  | { type: 'typed'; text: string };

export interface WedgeFeedResult {
  /** True when the key belongs to the detector (held or a scan's terminator): the adapter suppresses it. */
  consumed: boolean;
  events: WedgeEvent[];
}

function isPrintable(key: string): boolean {
  // KeyboardEvent.key is one character for printable keys ('a', '1', ' '), a name otherwise ('Enter', 'F5').
  return key === GS || (key.length === 1 && key >= ' ' && key !== '\x7f');
}

export class WedgeDetector {
  private readonly opts: WedgeOptions;
  private held: string[] = [];
  private firstAt = 0;
  private lastAt = 0;

  constructor(opts: Partial<WedgeOptions> = {}) {
    this.opts = { ...DEFAULT_WEDGE_OPTIONS, ...opts };
  }

  get options(): Readonly<WedgeOptions> {
    return this.opts;
  }

  /** Keys currently held back (not yet known to be a scan or typing). */
  get pending(): string {
    return this.held.join('');
  }

  /** When the held keys must be settled if no key arrives: call flush(at) then. Null when nothing is held. */
  nextDeadline(): number | null {
    return this.held.length ? this.lastAt + this.allowedGap() + 1 : null;
  }

  /** Mean gap of the held keys; the burst is scanner-fast while it stays within maxGapMs. */
  private meanGap(): number {
    return this.held.length > 1 ? (this.lastAt - this.firstAt) / (this.held.length - 1) : 0;
  }

  private isFast(): boolean {
    return this.meanGap() <= this.opts.maxGapMs;
  }

  private allowedGap(): number {
    const proven = this.held.length >= PROVEN_BURST_KEYS && this.isFast();
    return proven ? Math.max(this.opts.maxStallMs, this.opts.maxGapMs) : this.opts.maxGapMs;
  }

  private isScan(): boolean {
    return this.held.length >= this.opts.minLength && this.isFast();
  }

  feed(key: string, at: number): WedgeFeedResult {
    const events: WedgeEvent[] = [];
    if (this.held.length && at - this.lastAt > this.allowedGap()) events.push(...this.settle());

    if (this.opts.terminators.includes(key)) {
      if (this.isScan()) {
        const code = this.held.join('');
        this.clear();
        events.push({ type: 'scan', code, at, endedBy: 'terminator' });
        return { consumed: true, events };
      }
      // Too short to be a scan: the person's text first, then their Enter goes through.
      events.push(...this.release());
      return { consumed: false, events };
    }

    if (!isPrintable(key)) {
      // Shift, arrows, Backspace, F-keys: whatever was held is typing and must land before this key acts.
      // Shift is part of typing capitals (scanners send it too), so it neither holds nor releases.
      if (key === 'Shift' || key === 'CapsLock') return { consumed: false, events };
      events.push(...this.release());
      return { consumed: false, events };
    }

    if (this.held.length === 0) this.firstAt = at;
    this.held.push(key);
    this.lastAt = at;
    return { consumed: true, events };
  }

  /** Settles held keys whose gap has run out; call at nextDeadline(). */
  flush(at: number): WedgeEvent[] {
    if (!this.held.length || at - this.lastAt <= this.allowedGap()) return [];
    return this.settle();
  }

  /** Releases everything held as typing (e.g. focus moved, window blurred). */
  release(): WedgeEvent[] {
    if (!this.held.length) return [];
    const text = this.held.join('');
    this.clear();
    return [{ type: 'typed', text }];
  }

  private settle(): WedgeEvent[] {
    // Scanners configured without a suffix end a code by falling silent.
    if (this.isScan()) {
      const code = this.held.join('');
      const at = this.lastAt;
      this.clear();
      return [{ type: 'scan', code, at, endedBy: 'gap' }];
    }
    return this.release();
  }

  private clear(): void {
    this.held = [];
  }
}
