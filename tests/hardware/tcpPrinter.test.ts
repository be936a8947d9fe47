// A receipt with Chinese text and a QR through the real TCP transport to the emulator, decoded back; and the
// printer's error paths: the job waits, prints once the printer is fixed, and prints only once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escposDriverFor } from '../../src/hardware/node/printer/drivers';
import {
  createPrintQueue,
  fileQueueStore,
  type PrintQueue,
  type PrintQueueOptions,
} from '../../src/hardware/node/printer/printQueue';
import type { PrintJob } from '../../src/shared/platform';
import { demoReceiptDoc } from './receiptFixtures';
import { startPrinterEmulator, type PrinterEmulator } from './printerEmulator';

const A = '01936f3e-2b4c-7d5e-8f60-00000000000a';
const B = '01936f3e-2b4c-7d5e-8f60-00000000000b';
const C = '01936f3e-2b4c-7d5e-8f60-00000000000c';
const job = (jobId: string, over: Partial<PrintJob> = {}): PrintJob => ({
  jobId,
  kind: 'receipt',
  doc: demoReceiptDoc(3),
  ...over,
});

let emu: PrinterEmulator;
let dir: string;
const queues: PrintQueue[] = [];

function queueFor(over: Partial<PrintQueueOptions> = {}): PrintQueue {
  const driver = escposDriverFor(
    { kind: 'tcp', host: emu.host, port: emu.port, paperWidth: 80 },
    { statusTimeoutMs: 300, connectTimeoutMs: 1000 },
  );
  if (!driver) throw new Error('no driver');
  const q = createPrintQueue({ driver, retryMs: 50, statusTimeoutMs: 2000, ...over });
  queues.push(q);
  return q;
}

/** Polls a condition with a bound on count and time, never on a fixed sleep. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeEach(async () => {
  emu = await startPrinterEmulator();
  dir = await mkdtemp(join(tmpdir(), 'print-queue-'));
});

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

describe('TCP 9100 printer', () => {
  it('prints a Chinese receipt with QR, barcode, logo, cut and drawer pulse', async () => {
    const q = queueFor();
    expect(await q.print(job(A, { openDrawer: true }))).toEqual({
      ok: true,
      value: { printed: true, duplicate: false },
    });
    const [r, ...more] = await emu.waitForReceipts(1);
    expect(more).toEqual([]);
    expect(r!.whileNotReady).toBe(false);
    expect(r!.unknown).toEqual([]);
    expect(r!.chinese).toBe(true);
    expect(r!.styled).toContainEqual({ line: `${' '.repeat(9)}天河店`, bold: true, double: true });
    expect(r!.lines.some((l) => l.startsWith('伊利纯牛奶 250ml×24'))).toBe(true);
    expect(r!.lines.some((l) => l.startsWith('康师傅红烧牛肉面'))).toBe(true);
    expect(r!.lines.find((l) => l.startsWith('应付'))).toMatch(/￥\d+\.\d\d$/);
    expect(r!.lines.some((l) => l.trim() === '谢谢惠顾，欢迎再次光临')).toBe(true);
    expect(r!.qr.map((q) => q.data)).toEqual(['S001-T03-20261125-0042|17090|签名']);
    expect(r!.barcodes).toEqual(['S001-T03-20261125-0042']);
    expect(r!.logos).toHaveLength(1);
    expect(r!.drawerPulses).toBe(1);
    expect(emu.statusQueries).toBe(4); // asked before printing
  });

  it('opens the drawer on its own and reports ready, near end and its pending jobs', async () => {
    const q = queueFor();
    expect(await q.openDrawer()).toEqual({ ok: true, value: undefined });
    expect(emu.drawerPulses()).toBe(1);
    expect(emu.receipts()).toEqual([]);
    expect(await q.status()).toEqual({ ok: true, value: { state: 'ready' } });
    emu.condition.paperNearEnd = true;
    expect(await q.status()).toEqual({ ok: true, value: { state: 'ready', paperNearEnd: true } });
    expect((await q.print(job(A))).ok).toBe(true);
    expect(emu.receipts()).toHaveLength(1);
  });

  for (const [condition, problem] of [
    [{ paperOut: true }, 'paperOut'],
    [{ coverOpen: true }, 'coverOpen'],
    [{ offline: true }, 'offline'],
    [{ error: true }, 'error'],
  ] as const) {
    it(`keeps the job while the printer reports ${problem}, prints it once fixed, and only once`, async () => {
      emu.condition = { ...condition };
      const q = queueFor();
      expect(await q.print(job(A, { openDrawer: true }))).toEqual({
        ok: true,
        value: { printed: false, duplicate: false, queued: true, problem },
      });
      // The printer said no: nothing was sent to be lost on paper.
      expect(emu.jobs).toEqual([]);
      const waiting = await q.status();
      expect(waiting).toMatchObject({
        ok: true,
        value: { state: problem, pending: [{ jobId: A, kind: 'receipt' }] },
      });
      // A second receipt joins the queue behind the first; a repeat of the first is a duplicate.
      expect(await q.print(job(B))).toMatchObject({ ok: true, value: { queued: true, problem } });
      expect(await q.print(job(A))).toEqual({
        ok: true,
        value: { printed: false, duplicate: true, queued: true },
      });

      emu.condition = {};
      const receipts = await emu.waitForReceipts(2);
      await eventually(async () => {
        const s = await q.status();
        return s.ok && s.value.state === 'ready' && !s.value.pending;
      }, 'the queue to drain');
      expect(receipts.map((r) => r.whileNotReady)).toEqual([false, false]);
      expect(receipts[0]!.drawerPulses).toBe(1);
      expect(await q.print(job(A))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
      expect(await q.print(job(B))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
      expect(emu.receipts()).toHaveLength(2);
      const states = (await q.jobs()).map((j) => [j.jobId, j.state]);
      expect(states).toEqual([
        [A, 'printed'],
        [B, 'printed'],
      ]);
    });
  }

  it('counts a printer that never answers DLE EOT as offline, within the deadline', async () => {
    emu.condition = { mute: true };
    const q = queueFor();
    expect(await q.status()).toMatchObject({ ok: true, value: { state: 'offline' } });
    expect(await q.print(job(A))).toMatchObject({ ok: true, value: { queued: true, problem: 'offline' } });
    expect(emu.jobs).toEqual([]);
    emu.condition = {};
    await emu.waitForReceipts(1);
  });

  it('waits through dropped connections and a printer that is switched off', async () => {
    emu.condition = { refuse: true };
    const q = queueFor();
    expect(await q.print(job(A))).toMatchObject({ ok: true, value: { queued: true, problem: 'offline' } });
    emu.condition = {};
    await emu.waitForReceipts(1);

    const gone = await startPrinterEmulator();
    const port = gone.port;
    await gone.close(); // nothing listens there now: connection refused
    const driver = escposDriverFor({ kind: 'tcp', host: '127.0.0.1', port, paperWidth: 58 });
    const lost = createPrintQueue({ driver: driver!, retryMs: 60_000 });
    queues.push(lost);
    expect(await lost.print(job(B))).toMatchObject({ ok: true, value: { queued: true, problem: 'offline' } });
    expect(await lost.status()).toMatchObject({
      ok: true,
      value: { state: 'offline', pending: [{ jobId: B }] },
    });
  });

  it('marks a reprint on paper', async () => {
    const q = queueFor();
    const doc = demoReceiptDoc(1, { locale: 'en' });
    await q.print(job(A, { doc }));
    await q.print(job(B, { kind: 'reprint', doc }));
    const [first, second] = await emu.waitForReceipts(2);
    expect(first!.lines.some((l) => /REPRINT/.test(l))).toBe(false);
    expect(second!.styled.some((s) => s.bold && s.line.includes('重印 REPRINT'))).toBe(true);
  });

  it('keeps waiting jobs across a restart and prints them when the printer is back', async () => {
    const file = join(dir, 'print-queue.json');
    emu.condition = { paperOut: true };
    const before = queueFor({ store: fileQueueStore(file), retryMs: 60_000 });
    expect(await before.print(job(A))).toMatchObject({ ok: true, value: { queued: true } });
    await before.close();

    emu.condition = {};
    const after = queueFor({ store: fileQueueStore(file) });
    const [r] = await emu.waitForReceipts(1);
    expect(r!.qr).toHaveLength(1);
    await eventually(
      async () => (await after.jobs()).every((j) => j.state === 'printed'),
      'the job to print',
    );
    expect(await after.print(job(A))).toEqual({ ok: true, value: { printed: false, duplicate: true } });

    // The printed ids outlive another restart: a retried request after a reboot still prints nothing.
    await after.close();
    const third = queueFor({ store: fileQueueStore(file) });
    expect(await third.print(job(A))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    expect(emu.receipts()).toHaveLength(1);
  });

  it('never sends again a job that was on the wire when the app died', async () => {
    const file = join(dir, 'print-queue.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        printedIds: [],
        jobs: [
          {
            jobId: C,
            kind: 'receipt',
            openDrawer: false,
            doc: demoReceiptDoc(1),
            state: 'printing',
            queuedAt: '2026-11-25T08:30:05.000Z',
            attempts: 1,
          },
        ],
      }),
    );
    const q = queueFor({ store: fileQueueStore(file) });
    expect((await q.jobs()).map((j) => [j.jobId, j.state])).toEqual([[C, 'interrupted']]);
    expect(await q.print(job(C))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    expect(emu.jobs).toEqual([]);
  });

  it('starts empty, and says so, when the queue file is unreadable', async () => {
    const file = join(dir, 'print-queue.json');
    await writeFile(file, '{"version": 2');
    const errors: string[] = [];
    const q = queueFor({
      store: fileQueueStore(file),
      log: { info: () => {}, warn: () => {}, error: (m) => errors.push(m) },
    });
    expect(await q.print(job(A))).toMatchObject({ ok: true, value: { printed: true } });
    expect(errors).toContain('print queue unreadable, starting empty');
  });

  it('fails a document no printer can print instead of retrying it forever', async () => {
    const q = queueFor();
    const bad: PrintJob = job(A, {
      doc: { width: 80, blocks: [{ t: 'barcode', data: '单号', symbology: 'CODE128' }] },
    });
    expect(await q.print(bad)).toMatchObject({ ok: false, code: 'E_PRINT_FAILED' });
    expect(await q.print(job(B))).toMatchObject({ ok: true, value: { printed: true } });
    expect(emu.receipts()).toHaveLength(1);
  });
});
