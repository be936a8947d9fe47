import { describe, expect, it } from 'vitest';
import { GS, WedgeDetector, type WedgeEvent, type WedgeOptions } from './wedge';

/** Feeds keys `gapMs` apart from t0, then an optional terminator, then flushes far later. */
function run(
  keys: string[],
  gaps: number | number[],
  opts: Partial<WedgeOptions> = {},
): { events: WedgeEvent[]; consumed: boolean[] } {
  const d = new WedgeDetector(opts);
  const events: WedgeEvent[] = [];
  const consumed: boolean[] = [];
  let t = 1000;
  keys.forEach((k, i) => {
    if (i > 0) t += Array.isArray(gaps) ? (gaps[i - 1] ?? 0) : gaps;
    const r = d.feed(k, t);
    events.push(...r.events);
    consumed.push(r.consumed);
  });
  events.push(...d.flush(t + 10_000));
  return { events, consumed };
}

const chars = (s: string) => [...s];

describe('WedgeDetector', () => {
  it('reads a 5 ms scanner burst ending with Enter as one scan and consumes every key', () => {
    const { events, consumed } = run([...chars('6901234567892'), 'Enter'], 5);
    expect(events).toEqual([
      { type: 'scan', code: '6901234567892', at: 1000 + 13 * 5, endedBy: 'terminator' },
    ]);
    expect(consumed.every(Boolean)).toBe(true);
  });

  it('releases 120 ms human typing key by key and lets Enter through', () => {
    const { events, consumed } = run([...chars('6901234567892'), 'Enter'], 120);
    expect(events.every((e) => e.type === 'typed')).toBe(true);
    expect(events.map((e) => (e.type === 'typed' ? e.text : '')).join('')).toBe('6901234567892');
    expect(events).toHaveLength(13);
    expect(consumed.at(-1)).toBe(false);
  });

  it('tells a person from a scanner in a mixed sequence', () => {
    // person types "12" slowly, then a scanner burst, then the person types "3"
    const keys = ['1', '2', ...chars('12345678'), 'Enter', '3'];
    const gaps = [150, 200, 4, 4, 4, 4, 4, 4, 4, 6, 300];
    const { events } = run(keys, gaps);
    expect(events).toEqual([
      { type: 'typed', text: '1' },
      { type: 'typed', text: '2' },
      { type: 'scan', code: '12345678', at: expect.any(Number), endedBy: 'terminator' },
      { type: 'typed', text: '3' },
    ]);
  });

  it('treats a short fast burst as typing (fewer than minLength keys)', () => {
    const { events, consumed } = run([...chars('12345'), 'Enter'], 5);
    expect(events).toEqual([{ type: 'typed', text: '12345' }]);
    expect(consumed.at(-1)).toBe(false);
  });

  it('ends a suffix-less scan by the gap after it', () => {
    const { events } = run(chars('ABC-123456'), 3);
    expect(events).toEqual([{ type: 'scan', code: 'ABC-123456', at: 1000 + 9 * 3, endedBy: 'gap' }]);
  });

  it('keeps the GS separator inside GS1 codes', () => {
    const code = ['0', '1', '0', '6', '9', '0', GS, '1', '0', 'A', 'B'];
    const { events } = run([...code, 'Enter'], 2);
    expect(events).toEqual([
      { type: 'scan', code: code.join(''), at: expect.any(Number), endedBy: 'terminator' },
    ]);
    expect(events[0]?.type === 'scan' && events[0].code.includes('\x1d')).toBe(true);
  });

  it('breaks a burst at a gap longer than a stall: what came before is settled first', () => {
    const { events } = run([...chars('123'), ...chars('4567890'), 'Enter'], [5, 5, 150, 5, 5, 5, 5, 5, 5, 5]);
    expect(events).toEqual([
      { type: 'typed', text: '123' },
      { type: 'scan', code: '4567890', at: expect.any(Number), endedBy: 'terminator' },
    ]);
  });

  it('keeps a scan whole through one stalled key (a busy PC), instead of adding two wrong codes', () => {
    const code = '6973475800199';
    const gaps = [7, 7, 7, 7, 7, 90, 7, 7, 7, 7, 7, 7, 7];
    const { events } = run([...chars(code), 'Enter'], gaps);
    expect(events).toEqual([{ type: 'scan', code, at: expect.any(Number), endedBy: 'terminator' }]);
  });

  it('does not stretch a stall allowance over a person who starts with a fast roll of keys', () => {
    // three rolled keys 15 ms apart, then ordinary typing at 110 ms
    const { events } = run([...chars('thequick'), 'Enter'], [15, 15, 110, 110, 110, 110, 110, 110]);
    expect(events.some((e) => e.type === 'scan')).toBe(false);
    expect(events.map((e) => (e.type === 'typed' ? e.text : '')).join('')).toBe('thequick');
  });

  it('accepts an 80 ms scanner when configured for it, and not with the default', () => {
    const keys = [...chars('69012345'), 'Enter'];
    expect(run(keys, 75, { maxGapMs: 80 }).events[0]).toMatchObject({ type: 'scan', code: '69012345' });
    expect(run(keys, 75).events.every((e) => e.type === 'typed')).toBe(true);
  });

  it('releases held keys before a control key such as Backspace acts', () => {
    const d = new WedgeDetector();
    expect(d.feed('a', 0)).toEqual({ consumed: true, events: [] });
    expect(d.feed('Backspace', 10)).toEqual({ consumed: false, events: [{ type: 'typed', text: 'a' }] });
    expect(d.pending).toBe('');
  });

  it('lets Shift pass without breaking a burst (scanners type capitals with Shift)', () => {
    const d = new WedgeDetector();
    const events: WedgeEvent[] = [];
    let t = 0;
    for (const k of ['Shift', 'A', 'Shift', 'B', '1', '2', '3', '4', 'Enter'])
      events.push(...d.feed(k, (t += 4)).events);
    expect(events).toEqual([{ type: 'scan', code: 'AB1234', at: t, endedBy: 'terminator' }]);
  });

  it('reports a deadline only while keys are held, and flush before it does nothing', () => {
    const d = new WedgeDetector({ maxGapMs: 30 });
    expect(d.nextDeadline()).toBeNull();
    d.feed('9', 100);
    expect(d.nextDeadline()).toBe(131);
    expect(d.flush(120)).toEqual([]);
    expect(d.flush(131)).toEqual([{ type: 'typed', text: '9' }]);
    expect(d.nextDeadline()).toBeNull();
  });

  it('accepts Tab as a terminator when the scanner is set up with it', () => {
    const { events } = run([...chars('123456'), 'Tab'], 5, { terminators: ['Enter', 'Tab'] });
    expect(events[0]).toMatchObject({ type: 'scan', code: '123456', endedBy: 'terminator' });
  });

  it('passes a lone Enter through untouched', () => {
    const d = new WedgeDetector();
    expect(d.feed('Enter', 5)).toEqual({ consumed: false, events: [] });
  });
});
