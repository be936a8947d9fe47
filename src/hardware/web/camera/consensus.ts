// When a camera read becomes a scan. quagga2 returns wrong EAN-13 values that still pass the check digit on
// blurred frames, and returns the same wrong value frame after frame while the picture stays blurred, so:
// - no single read is ever accepted: a code needs two votes within the last few frames (a vote is one
//   decoder's read in one frame): zxing and quagga2 agreeing on one frame, or zxing on two frames;
// - quagga2 alone never makes a code, however often it repeats it: it can only confirm what zxing read.
//   Its stray reads (a wrong EAN-13, an EAN-8 found inside an EAN-13) are no reason to wait either;
// - two codes zxing has read in the window (two codes in view) block each other until the cashier aims at one.
import { canonicalText, readKey, type CameraDecoder, type CameraSymbology, type CodeRead } from './symbols';

export interface AcceptedCode {
  text: string;
  symbology: CameraSymbology;
  votes: number;
  decoders: CameraDecoder[];
}

export type Verdict =
  | { kind: 'nothing' }
  | { kind: 'pending' }
  | { kind: 'ambiguous'; codes: number }
  | { kind: 'accepted'; code: AcceptedCode };

export interface ConsensusOptions {
  /** Frames a vote stays valid for. */
  windowFrames?: number;
  /** Votes a code needs; below 2 would accept single reads. */
  minVotes?: number;
  /** After an accept, the same code is accepted again only once it has been out of view this many frames. */
  releaseFrames?: number;
}

interface Tally {
  read: CodeRead;
  votes: number;
  decoders: Set<CameraDecoder>;
}

export class ScanConsensus {
  private readonly windowFrames: number;
  private readonly minVotes: number;
  private readonly releaseFrames: number;
  private frames: Map<string, CodeRead>[] = [];
  private held: { key: string; absentFrames: number } | null = null;

  constructor(opts: ConsensusOptions = {}) {
    this.windowFrames = opts.windowFrames ?? 3;
    this.minVotes = opts.minVotes ?? 2;
    this.releaseFrames = opts.releaseFrames ?? 5;
    if (this.minVotes < 2)
      throw new RangeError('a camera code needs at least two votes: single reads are never accepted');
  }

  /** One frame's reads (from all decoders); the verdict after counting the window. */
  push(reads: readonly CodeRead[]): Verdict {
    if (this.held) {
      const heldKey = this.held.key;
      const seen = reads.some((r) => readKey(r) === heldKey);
      this.held.absentFrames = seen ? 0 : this.held.absentFrames + 1;
      if (this.held.absentFrames >= this.releaseFrames) this.held = null;
    }
    // Reads of the code just accepted are no votes: it must leave the view and come back to count again.
    const frame = new Map<string, CodeRead>();
    for (const r of reads) if (readKey(r) !== this.held?.key) frame.set(`${r.decoder}|${readKey(r)}`, r);
    this.frames.push(frame);
    if (this.frames.length > this.windowFrames) this.frames.shift();

    const tallies = new Map<string, Tally>();
    for (const f of this.frames) {
      for (const r of f.values()) {
        const key = readKey(r);
        const t = tallies.get(key) ?? { read: r, votes: 0, decoders: new Set<CameraDecoder>() };
        t.votes += 1;
        t.decoders.add(r.decoder);
        // Prefer zxing's text: it reports QR bytes exactly as encoded.
        if (r.decoder === 'zxing') t.read = r;
        tallies.set(key, t);
      }
    }
    const seenByZxing = [...tallies.entries()].filter(([, t]) => t.decoders.has('zxing'));
    if (seenByZxing.length === 0) return { kind: tallies.size || this.held ? 'pending' : 'nothing' };
    if (seenByZxing.length > 1) return { kind: 'ambiguous', codes: seenByZxing.length };
    const [bestKey, best] = seenByZxing[0]!;
    if (best.votes < this.minVotes) return { kind: 'pending' };

    this.held = { key: bestKey, absentFrames: 0 };
    this.frames = [];
    return {
      kind: 'accepted',
      code: {
        text: canonicalText(best.read.symbology, best.read.text),
        symbology: best.read.symbology,
        votes: best.votes,
        decoders: [...best.decoders].sort(),
      },
    };
  }

  reset(): void {
    this.frames = [];
    this.held = null;
  }
}
