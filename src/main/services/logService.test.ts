import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogService } from './logService';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fixed = () => new Date('2026-11-25T08:30:00.000Z');

async function lines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, file), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('logService', () => {
  it('writes one JSON object per line with time, level, source, message and data', async () => {
    const log = createLogService({ dir, now: fixed });
    log.info('sale completed', { receiptNo: 'S001-T03-20261125-0001' });
    log.write({ level: 'warn', msg: 'printer slow', src: 'renderer' });
    expect(await lines('terminal.log')).toEqual([
      {
        ts: '2026-11-25T08:30:00.000Z',
        level: 'info',
        src: 'main',
        msg: 'sale completed',
        data: { receiptNo: 'S001-T03-20261125-0001' },
      },
      { ts: '2026-11-25T08:30:00.000Z', level: 'warn', src: 'renderer', msg: 'printer slow' },
    ]);
  });

  it('survives data that JSON cannot take: cycles, BigInt, errors', async () => {
    const log = createLogService({ dir, now: fixed });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    log.error('odd data', { cyclic, big: 10n, error: new Error('paper out') });
    const [line] = await lines('terminal.log');
    expect(line?.data).toEqual({
      cyclic: { a: 1, self: '[circular]' },
      big: '10',
      error: { name: 'Error', message: 'paper out' },
    });
    expect(log.failures()).toBe(0);
  });

  it('cuts oversized data rather than flooding the disk', async () => {
    const log = createLogService({ dir, maxLineBytes: 500 });
    log.info('big', { blob: 'x'.repeat(10_000) });
    const [line] = await lines('terminal.log');
    expect(line?.data).toMatchObject({ truncated: true });
  });

  it('rotates by size and keeps at most maxFiles files', async () => {
    const log = createLogService({ dir, maxBytes: 400, maxFiles: 3, now: fixed });
    for (let i = 0; i < 40; i++) log.info(`line ${i}`, { i });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['terminal.1.log', 'terminal.2.log', 'terminal.log']);
    const newest = await lines('terminal.log');
    expect(newest.at(-1)?.msg).toBe('line 39');
    const older = await lines('terminal.1.log');
    expect(Number((older.at(-1)?.data as { i: number }).i) + 1).toBe((newest[0]?.data as { i: number }).i);
    for (const f of files) expect((await readFile(join(dir, f))).byteLength).toBeLessThanOrEqual(400);
  });

  it('continues the size count of an existing file after a restart', async () => {
    createLogService({ dir, maxBytes: 300 }).info('a'.repeat(200));
    createLogService({ dir, maxBytes: 300 }).info('b'.repeat(200));
    expect((await readdir(dir)).sort()).toEqual(['terminal.1.log', 'terminal.log']);
  });

  it('drops levels below minLevel and never throws when the disk refuses', () => {
    const log = createLogService({ dir: join(dir, 'x\0bad'), minLevel: 'info' });
    expect(() => log.debug('ignored')).not.toThrow();
    expect(log.failures()).toBe(0);
    expect(() => log.error('cannot write')).not.toThrow();
    expect(log.failures()).toBe(1);
  });
});
