import { describe, expect, it } from 'vitest';
import { ScanConsensus } from './consensus';
import type { CodeRead } from './symbols';

const z = (text: string, symbology: CodeRead['symbology'] = 'ean13'): CodeRead => ({
  decoder: 'zxing',
  symbology,
  text,
});
const q = (text: string, symbology: CodeRead['symbology'] = 'ean13'): CodeRead => ({
  decoder: 'quagga',
  symbology,
  text,
});
const EAN = '6901234567892';
const MISREAD = '6901234567885'; // also a valid check digit: what quagga2 returns on a blurred frame

describe('ScanConsensus', () => {
  it('never accepts a single read, from either decoder', () => {
    expect(new ScanConsensus().push([z(EAN)]).kind).toBe('pending');
    expect(new ScanConsensus().push([q(EAN)]).kind).toBe('pending');
  });

  it('accepts at once when both decoders read the same code in one frame', () => {
    const v = new ScanConsensus().push([z(EAN), q(EAN)]);
    expect(v).toMatchObject({
      kind: 'accepted',
      code: { text: EAN, symbology: 'ean13', votes: 2, decoders: ['quagga', 'zxing'] },
    });
  });

  it('accepts one decoder only when a second frame within the window agrees', () => {
    const c = new ScanConsensus();
    expect(c.push([z(EAN)]).kind).toBe('pending');
    expect(c.push([]).kind).toBe('pending');
    expect(c.push([z(EAN)])).toMatchObject({ kind: 'accepted', code: { text: EAN, votes: 2 } });
  });

  it('forgets votes older than the window', () => {
    const c = new ScanConsensus({ windowFrames: 3 });
    c.push([z(EAN)]);
    c.push([]);
    c.push([]);
    expect(c.push([z(EAN)]).kind).toBe('pending');
  });

  it('does not count one decoder reading the same code twice in one frame as two votes', () => {
    expect(new ScanConsensus().push([z(EAN), z(EAN)]).kind).toBe('pending');
  });

  it('never makes a code from quagga2 alone, however many frames repeat it', () => {
    const c = new ScanConsensus();
    for (let i = 0; i < 10; i++) expect(c.push([q(MISREAD)]).kind).toBe('pending');
  });

  it('a repeated quagga2 misread neither wins nor blocks a code zxing confirms', () => {
    const c = new ScanConsensus();
    expect(c.push([z(EAN), q(MISREAD)])).toEqual({ kind: 'pending' });
    expect(c.push([q(MISREAD)])).toEqual({ kind: 'pending' });
    expect(c.push([z(EAN), q(MISREAD)])).toMatchObject({
      kind: 'accepted',
      code: { text: EAN, decoders: ['zxing'] },
    });
  });

  it('reports two codes zxing sees in one view as ambiguous instead of picking one', () => {
    const c = new ScanConsensus();
    const qr = z('M0000000018', 'qr');
    expect(c.push([qr, z(EAN), q(EAN)])).toEqual({ kind: 'ambiguous', codes: 2 });
    expect(c.push([qr, z(EAN), q(EAN)])).toEqual({ kind: 'ambiguous', codes: 2 });
    // The cashier aims at the QR code: once the EAN is out of the window, the QR code is accepted.
    c.push([qr]);
    c.push([qr]);
    expect(c.push([qr])).toMatchObject({ kind: 'accepted', code: { text: 'M0000000018', symbology: 'qr' } });
  });

  it('counts a UPC-A read as 12 digits and as its 13-digit EAN form as the same code', () => {
    const v = new ScanConsensus().push([z('036602301467'), q('0036602301467')]);
    expect(v).toMatchObject({ kind: 'accepted', code: { text: '0036602301467', votes: 2 } });
  });

  it('does not accept the same code again until it has left the view', () => {
    const c = new ScanConsensus({ releaseFrames: 2 });
    expect(c.push([z(EAN), q(EAN)]).kind).toBe('accepted');
    expect(c.push([z(EAN), q(EAN)]).kind).toBe('pending');
    c.push([]);
    c.push([]);
    expect(c.push([z(EAN), q(EAN)]).kind).toBe('accepted');
  });

  it('accepts a different code right after one was accepted', () => {
    const c = new ScanConsensus();
    expect(c.push([z(EAN), q(EAN)]).kind).toBe('accepted');
    expect(c.push([z('96385074', 'ean8'), q('96385074', 'ean8')])).toMatchObject({
      kind: 'accepted',
      code: { text: '96385074' },
    });
  });

  it('refuses a configuration that would accept single reads', () => {
    expect(() => new ScanConsensus({ minVotes: 1 })).toThrow(RangeError);
  });
});
