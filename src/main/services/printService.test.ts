import { describe, expect, it } from 'vitest';
import type { PrintJob, PrinterStatus } from '../../shared/platform';
import type { ReceiptDoc } from '../../shared/receiptDoc';
import { createPrintService } from './printService';
import { PreviewSink, PrinterError, defaultSinkFor, sinkFor, type ReceiptSink } from './receiptSink';

const doc: ReceiptDoc = {
  width: 58,
  blocks: [
    { t: 'text', text: '天河店', align: 'center' },
    { t: 'row', left: '应付', right: '￥12.80' },
    { t: 'cut' },
  ],
};
const job = (jobId: string, extra: Partial<PrintJob> = {}): PrintJob => ({
  jobId,
  kind: 'receipt',
  doc,
  ...extra,
});
const A = '01936f3e-2b4c-7d5e-8f60-00000000000a';
const B = '01936f3e-2b4c-7d5e-8f60-00000000000b';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('printService', () => {
  it('prints a job once and answers duplicate for the same job id', async () => {
    const sink = new PreviewSink();
    const svc = createPrintService({ sink });
    expect(await svc.print(job(A))).toEqual({ ok: true, value: { printed: true, duplicate: false } });
    expect(await svc.print(job(A))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    expect(sink.jobs).toHaveLength(1);
    expect(sink.lastLines()).toEqual([`${' '.repeat(13)}天河店`, `应付${' '.repeat(21)}￥12.80`]);
  });

  it('answers duplicate for a second request while the first is still printing (double click)', async () => {
    const gate = deferred();
    const printed: string[] = [];
    const sink: ReceiptSink = {
      name: 'slow',
      print: async (_d, o) => {
        await gate.promise;
        printed.push(o.jobId);
      },
      openDrawer: async () => {},
      status: async () => ({ state: 'ready' }),
    };
    const svc = createPrintService({ sink });
    const first = svc.print(job(A));
    expect(await svc.print(job(A))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    gate.resolve();
    expect(await first).toEqual({ ok: true, value: { printed: true, duplicate: false } });
    expect(printed).toEqual([A]);
  });

  it('prints a reprint as a new job, and opens the drawer only when the job asks', async () => {
    const sink = new PreviewSink();
    const svc = createPrintService({ sink });
    await svc.print(job(A, { openDrawer: true }));
    await svc.print(job(A, { openDrawer: true }));
    await svc.print(job(B, { kind: 'reprint' }));
    expect(sink.jobs.map((j) => [j.jobId, j.kind, j.openDrawer])).toEqual([
      [A, 'receipt', true],
      [B, 'reprint', false],
    ]);
    expect(sink.drawerOpenings).toBe(1);
  });

  it('prints jobs one at a time, in arrival order', async () => {
    const events: string[] = [];
    const gates = [deferred(), deferred()];
    let n = 0;
    const sink: ReceiptSink = {
      name: 'ordered',
      print: async (_d, o) => {
        const gate = gates[n++];
        events.push(`start ${o.jobId.slice(-1)}`);
        await gate?.promise;
        events.push(`end ${o.jobId.slice(-1)}`);
      },
      openDrawer: async () => {},
      status: async () => ({ state: 'ready' }),
    };
    const svc = createPrintService({ sink });
    const pa = svc.print(job(A));
    const pb = svc.print(job(B));
    await Promise.resolve();
    gates[1]?.resolve();
    gates[0]?.resolve();
    await Promise.all([pa, pb]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('keeps a job waiting while the printer has a problem, and prints it when fixed', async () => {
    let paper = false;
    const printed: string[] = [];
    const sink: ReceiptSink = {
      name: 'flaky',
      print: async (_d, o) => {
        if (!paper) throw new PrinterError('E_PAPER_OUT', 'paper out');
        printed.push(o.jobId);
      },
      openDrawer: async () => {
        throw new Error('drawer jammed');
      },
      status: async () => ({ state: paper ? 'ready' : 'paperOut' }),
    };
    const svc = createPrintService({ sink, retryMs: 60_000 });
    expect(await svc.print(job(A))).toEqual({
      ok: true,
      value: { printed: false, duplicate: false, queued: true, problem: 'paperOut' },
    });
    expect(await svc.print(job(A))).toEqual({
      ok: true,
      value: { printed: false, duplicate: true, queued: true },
    });
    expect(await svc.openDrawer()).toEqual({ ok: false, code: 'E_PRINT_FAILED', message: 'drawer jammed' });
    expect(await svc.status()).toMatchObject({
      ok: true,
      value: { state: 'paperOut', pending: [{ jobId: A }] },
    });
    paper = true;
    await svc.retry();
    expect(printed).toEqual([A]);
    expect(await svc.status()).toEqual({ ok: true, value: { state: 'ready' } });
    await svc.close();
  });

  it('answers printed when a status poll started the job while it was being saved', async () => {
    const printed: string[] = [];
    const sink: ReceiptSink = {
      name: 'quick',
      print: async (_d, o) => {
        printed.push(o.jobId);
      },
      openDrawer: async () => {},
      status: async () => ({ state: 'ready' }),
    };
    // A slow disk: the poll's drain takes the job while print() still waits for its save.
    const slowStore = {
      load: async () => null,
      save: () => new Promise<void>((r) => setTimeout(r, 20)),
    };
    const svc = createPrintService({ sink, store: slowStore });
    const printing = svc.print(job(A));
    await new Promise((r) => setTimeout(r, 5));
    await svc.status();
    expect(await printing).toEqual({ ok: true, value: { printed: true, duplicate: false } });
    expect(printed).toEqual([A]);
  });

  it('lets a job that failed for good be tried again with the same id', async () => {
    let broken = true;
    const sink: ReceiptSink = {
      name: 'picky',
      print: async () => {
        if (broken) throw new RangeError('QR data too long');
      },
      openDrawer: async () => {},
      status: async () => ({ state: 'ready' }),
    };
    const svc = createPrintService({ sink });
    expect(await svc.print(job(A))).toEqual({
      ok: false,
      code: 'E_PRINT_FAILED',
      message: 'QR data too long',
    });
    broken = false;
    expect(await svc.print(job(A))).toEqual({ ok: true, value: { printed: true, duplicate: false } });
  });

  it('reports offline when the printer never answers a status query', async () => {
    const sink: ReceiptSink = {
      name: 'mute',
      print: async () => {},
      openDrawer: async () => {},
      status: () => new Promise<PrinterStatus>(() => {}),
    };
    const svc = createPrintService({ sink, statusTimeoutMs: 5 });
    expect(await svc.status()).toEqual({
      ok: true,
      value: { state: 'offline', detail: 'no answer to status query' },
    });
  });

  it('forgets the oldest job ids beyond its memory', async () => {
    const sink = new PreviewSink();
    const svc = createPrintService({ sink, rememberJobs: 1 });
    await svc.print(job(A));
    await svc.print(job(B));
    expect(await svc.print(job(B))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    expect(await svc.print(job(A))).toEqual({ ok: true, value: { printed: true, duplicate: false } });
  });

  it('picks a sink for the configured printer', async () => {
    expect(defaultSinkFor({ kind: 'preview', paperWidth: 80 })).toBeInstanceOf(PreviewSink);
    expect(sinkFor({ kind: 'preview', paperWidth: 80 })).toBeInstanceOf(PreviewSink);
    const none = createPrintService({ sink: sinkFor({ kind: 'none', paperWidth: 80 }) });
    expect(await none.print(job(A))).toMatchObject({ ok: false, code: 'E_PRINTER_NONE' });
    expect(await none.status()).toEqual({
      ok: true,
      value: { state: 'none', detail: 'no printer configured' },
    });
    expect(sinkFor({ kind: 'tcp', host: '10.0.0.9', paperWidth: 80 }).name).toBe('tcp 10.0.0.9:9100');
    expect(sinkFor({ kind: 'serial', path: '/dev/ttyUSB0', paperWidth: 58 }).name).toBe(
      'serial /dev/ttyUSB0',
    );
    expect(sinkFor({ kind: 'usb', paperWidth: 58 }).name).toBe('usb /dev/usb/lp0');
  });
});
