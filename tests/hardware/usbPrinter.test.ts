// USB: no device can be attached here, so the adapter is covered at its four-method device interface with a
// fake printer that decodes, answers status, and can be unplugged and plugged back in.
import { afterEach, describe, expect, it } from 'vitest';
import { statusBytesFor, type PrinterCondition } from '../../src/hardware/core/escpos/status';
import { escposDriverFor } from '../../src/hardware/node/printer/drivers';
import { createPrintQueue, type PrintQueue } from '../../src/hardware/node/printer/printQueue';
import type { UsbPrinterDevice } from '../../src/hardware/node/printer/usbTransport';
import { EscPosDecoder, groupReceipts, type DecodedReceipt } from './escposDecoder';
import { demoReceiptDoc } from './receiptFixtures';

class FakeUsbPrinter implements UsbPrinterDevice {
  readonly label: string;
  plugged = true;
  condition: Partial<PrinterCondition> = {};
  opened = 0;
  isOpen = false;
  received: DecodedReceipt[] = [];
  private decoder = new EscPosDecoder();
  private answers: number[] = [];

  constructor(path: string) {
    this.label = path;
  }

  async open(): Promise<void> {
    if (!this.plugged) throw Object.assign(new Error('ENOENT: no such device'), { code: 'ENOENT' });
    this.opened++;
    this.isOpen = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.plugged) throw Object.assign(new Error('ENODEV: device unplugged'), { code: 'ENODEV' });
    const events = this.decoder.push(bytes);
    for (const e of events) if (e.t === 'status') this.answers.push(statusBytesFor(this.condition)[e.n - 1]!);
    groupReceipts(events, this.received);
  }

  async poll(): Promise<Uint8Array> {
    if (!this.plugged) throw Object.assign(new Error('ENODEV: device unplugged'), { code: 'ENODEV' });
    return Uint8Array.from(this.answers.splice(0, 2)); // a short USB packet at a time
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }

  receipts(): DecodedReceipt[] {
    return this.received.filter((r) => r.cut);
  }
}

let queue: PrintQueue | undefined;
afterEach(async () => {
  await queue?.close();
  queue = undefined;
});

const id = (n: number) => `01936f3e-2b4c-7d5e-8f60-0000000000${String(n).padStart(2, '0')}`;

describe('USB printer (fake device at the adapter interface)', () => {
  it('prints through the device, reads status in short packets, and closes the device after each job', async () => {
    const device = new FakeUsbPrinter('/dev/usb/lp0');
    const driver = escposDriverFor({ kind: 'usb', paperWidth: 80 }, { usbDevice: () => device });
    queue = createPrintQueue({ driver: driver!, retryMs: 20 });
    expect(
      await queue.print({ jobId: id(1), kind: 'receipt', doc: demoReceiptDoc(2), openDrawer: true }),
    ).toEqual({
      ok: true,
      value: { printed: true, duplicate: false },
    });
    const [r] = device.receipts();
    expect(r!.lines.some((l) => l.startsWith('伊利纯牛奶'))).toBe(true);
    expect(r!.qr).toHaveLength(1);
    expect(r!.drawerPulses).toBe(1);
    expect(device.isOpen).toBe(false);
    device.condition = { coverOpen: true };
    expect(await queue.status()).toMatchObject({ ok: true, value: { state: 'coverOpen' } });
  });

  it('survives unplug and re-plug: the job waits and prints once the printer is back', async () => {
    const device = new FakeUsbPrinter('/dev/usb/lp1');
    const driver = escposDriverFor(
      { kind: 'usb', path: '/dev/usb/lp1', paperWidth: 58 },
      { usbDevice: () => device },
    );
    queue = createPrintQueue({ driver: driver!, retryMs: 20 });
    device.plugged = false;
    expect(await queue.status()).toMatchObject({ ok: true, value: { state: 'offline' } });
    expect(
      await queue.print({ jobId: id(2), kind: 'receipt', doc: demoReceiptDoc(1, { width: 58 }) }),
    ).toMatchObject({
      ok: true,
      value: { queued: true, problem: 'offline' },
    });
    device.plugged = true;
    for (let i = 0; i < 500 && device.receipts().length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(device.receipts()).toHaveLength(1);
    expect(await queue.print({ jobId: id(2), kind: 'receipt', doc: demoReceiptDoc(1) })).toMatchObject({
      ok: true,
      value: { duplicate: true },
    });
    expect(device.receipts()).toHaveLength(1);
  });

  it('gives up on a status answer that never comes', async () => {
    const device = new FakeUsbPrinter('/dev/usb/lp2');
    device.poll = async () => new Uint8Array();
    const driver = escposDriverFor(
      { kind: 'usb', paperWidth: 80 },
      { usbDevice: () => device, statusTimeoutMs: 100 },
    );
    queue = createPrintQueue({ driver: driver!, retryMs: 60_000 });
    expect(await queue.status()).toMatchObject({ ok: true, value: { state: 'offline' } });
  });
});
