// A serial printer through a socat pty pair: the driver opens one end with serialport; the test is the printer on
// the other end, decoding what arrives and answering DLE EOT.
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusBytesFor, type PrinterCondition } from '../../src/hardware/core/escpos/status';
import { escposDriverFor } from '../../src/hardware/node/printer/drivers';
import { createPrintQueue, type PrintQueue } from '../../src/hardware/node/printer/printQueue';
import { EscPosDecoder, groupReceipts, type DecodedReceipt } from './escposDecoder';
import { demoReceiptDoc } from './receiptFixtures';
import { openPtyPair, type PtyPair } from './socatPair';

const A = '01936f3e-2b4c-7d5e-8f60-00000000001a';
const B = '01936f3e-2b4c-7d5e-8f60-00000000001b';

let pair: PtyPair;
let printerEnd: SerialPort;
let condition: Partial<PrinterCondition> & { mute?: boolean } = {};
let received: DecodedReceipt[] = [];
let queue: PrintQueue | undefined;

beforeEach(async () => {
  pair = await openPtyPair();
  printerEnd = new SerialPort({ path: pair.b, baudRate: 19200, autoOpen: false });
  await new Promise<void>((resolve, reject) => printerEnd.open((e) => (e ? reject(e) : resolve())));
  condition = {};
  received = [];
  const decoder = new EscPosDecoder();
  printerEnd.on('data', (chunk: Buffer) => {
    const events = decoder.push(chunk);
    for (const e of events)
      if (e.t === 'status' && !condition.mute)
        printerEnd.write(Buffer.from([statusBytesFor(condition)[e.n - 1]!]));
    groupReceipts(events, received);
  });
});

afterEach(async () => {
  await queue?.close();
  queue = undefined;
  await new Promise<void>((resolve) => (printerEnd.isOpen ? printerEnd.close(() => resolve()) : resolve()));
  await pair.close();
});

async function receipts(n: number): Promise<DecodedReceipt[]> {
  for (let i = 0; i < 500; i++) {
    const cut = received.filter((r) => r.cut);
    if (cut.length >= n) return cut;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`expected ${n} receipts over serial, got ${received.filter((r) => r.cut).length}`);
}

describe('serial printer (socat pty pair)', () => {
  it('prints a Chinese 58 mm receipt with its QR, and asks status first', async () => {
    const driver = escposDriverFor({ kind: 'serial', path: pair.a, baudRate: 19200, paperWidth: 58 });
    queue = createPrintQueue({ driver: driver!, retryMs: 50 });
    expect(await queue.status()).toEqual({ ok: true, value: { state: 'ready' } });
    expect(await queue.print({ jobId: A, kind: 'receipt', doc: demoReceiptDoc(2, { width: 58 }) })).toEqual({
      ok: true,
      value: { printed: true, duplicate: false },
    });
    const [r] = await receipts(1);
    expect(r!.lines.some((l) => l.startsWith('伊利纯牛奶'))).toBe(true);
    expect(r!.lines.find((l) => l.startsWith('应付'))).toMatch(/￥\d+\.\d\d$/);
    for (const l of r!.lines) expect(l.length).toBeLessThanOrEqual(32);
    expect(r!.qr.map((q) => q.data)).toEqual(['S001-T03-20261125-0042|17090|签名']);
    expect(r!.unknown).toEqual([]);
  });

  it('waits while paper is out, then prints once; a silent port counts as offline', async () => {
    const driver = escposDriverFor(
      { kind: 'serial', path: pair.a, baudRate: 19200, paperWidth: 58 },
      { statusTimeoutMs: 300 },
    );
    queue = createPrintQueue({ driver: driver!, retryMs: 50 });
    condition = { paperOut: true };
    expect(
      await queue.print({ jobId: A, kind: 'receipt', doc: demoReceiptDoc(1, { width: 58 }) }),
    ).toMatchObject({
      ok: true,
      value: { queued: true, problem: 'paperOut' },
    });
    expect(received.filter((r) => r.cut)).toEqual([]);
    condition = {};
    await receipts(1);

    condition = { mute: true };
    expect(await queue.status()).toMatchObject({ ok: true, value: { state: 'offline' } });
    expect(
      await queue.print({ jobId: B, kind: 'receipt', doc: demoReceiptDoc(1, { width: 58 }) }),
    ).toMatchObject({
      ok: true,
      value: { queued: true, problem: 'offline' },
    });
    condition = {};
    await receipts(2);
    expect(received.filter((r) => r.cut)).toHaveLength(2);
  });

  it('is offline, not stuck, when the port does not exist', async () => {
    const driver = escposDriverFor({ kind: 'serial', path: '/dev/pts/does-not-exist', paperWidth: 58 });
    queue = createPrintQueue({ driver: driver!, retryMs: 60_000 });
    expect(await queue.status()).toMatchObject({ ok: true, value: { state: 'offline' } });
    expect(await queue.openDrawer()).toMatchObject({ ok: false, code: 'E_PRINTER_OFFLINE' });
  });
});
