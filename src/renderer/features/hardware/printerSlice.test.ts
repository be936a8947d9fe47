import { describe, expect, it } from 'vitest';
import type { Sale } from '../../../domain/model';
import { printFinished, printSent, receiptSlice, saleCompleted } from '../receipt/receiptSlice';
import { printerDot, printerNotice, printerProblem, printerSlice } from './printerSlice';

const sale = { id: 's1', receiptNo: 'S001-T03-20261125-0001' } as Sale;

describe('printer state for the status bar and banner', () => {
  it('tells problems from ready, no printer and a low roll', () => {
    expect(printerProblem(null)).toBeNull();
    expect(printerProblem({ state: 'ready' })).toBeNull();
    expect(printerProblem({ state: 'none' })).toBeNull();
    expect(printerProblem({ state: 'paperOut' })).toBe('paperOut');
    expect(printerProblem({ state: 'coverOpen' })).toBe('coverOpen');
    expect(printerDot({ state: 'ready' })).toBe('ok');
    expect(printerDot({ state: 'none' })).toBe('off');
    expect(printerDot({ state: 'ready', detail: 'preview' })).toBe('off');
    expect(printerDot({ state: 'ready', paperNearEnd: true })).toBe('warn');
    expect(printerDot({ state: 'ready', pending: [{ jobId: 'j', kind: 'receipt', queuedAt: '' }] })).toBe(
      'warn',
    );
    expect(printerDot({ state: 'offline' })).toBe('warn');
  });

  it("forgets the last reprint's outcome when the next sale completes", () => {
    let s = printerSlice.reducer(
      undefined,
      printerNotice({ key: 'hardware.printer.reprinted', tone: 'info' }),
    );
    expect(s.notice).not.toBeNull();
    s = printerSlice.reducer(s, saleCompleted({ sale, lines: [], at: 1 }));
    expect(s.notice).toBeNull();
  });
});

describe('receipt print state', () => {
  it('waits as queued with its problem, and ignores a late answer for another job', () => {
    let r = receiptSlice.reducer(undefined, saleCompleted({ sale, lines: ['x'], at: 1 }));
    r = receiptSlice.reducer(r, printSent({ jobId: 'job-1' }));
    r = receiptSlice.reducer(r, printFinished({ print: 'queued', jobId: 'job-1', problem: 'paperOut' }));
    expect([r.print, r.printProblem, r.jobId]).toEqual(['queued', 'paperOut', 'job-1']);
    r = receiptSlice.reducer(r, printFinished({ print: 'failed', jobId: 'job-0', error: 'old' }));
    expect(r.print).toBe('queued');
    r = receiptSlice.reducer(r, printFinished({ print: 'printed', jobId: 'job-1' }));
    expect([r.print, r.printProblem]).toEqual(['printed', null]);
    const next = receiptSlice.reducer(r, { type: 'receipt/nextSaleStarted' });
    expect(receiptSlice.reducer(next, printFinished({ print: 'printed', jobId: 'job-1' })).print).toBeNull();
  });
});
