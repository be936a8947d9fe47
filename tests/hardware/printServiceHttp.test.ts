// The browser till's path: WebPrinting (the renderer's client) -> the print service over real HTTP -> the
// persisted queue -> TCP 9100 -> the emulator. Also the service's input checks and the client's own outbox
// for when the service cannot be reached.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startPrintServiceServer,
  type PrintService,
} from '../../src/hardware/node/printer/printServiceServer';
import { WebPrinting } from '../../src/renderer/platform/webPrinting';
import type { PrintJob } from '../../src/shared/platform';
import { demoReceiptDoc } from './receiptFixtures';
import { startPrinterEmulator, type PrinterEmulator } from './printerEmulator';

const id = (n: number) => `01936f3e-2b4c-7d5e-8f60-0000000001${String(n).padStart(2, '0')}`;
const job = (n: number, over: Partial<PrintJob> = {}): PrintJob => ({
  jobId: id(n),
  kind: 'receipt',
  doc: demoReceiptDoc(2),
  ...over,
});

let emu: PrinterEmulator;
let dir: string;
let service: (PrintService & { url: string }) | undefined;

async function startService(port = 0) {
  service = await startPrintServiceServer({
    printer: { kind: 'tcp', host: emu.host, port: emu.port, paperWidth: 80 },
    queueFile: join(dir, 'queue.json'),
    retryMs: 50,
    port,
  });
  return service;
}

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

beforeEach(async () => {
  emu = await startPrinterEmulator();
  dir = await mkdtemp(join(tmpdir(), 'print-service-'));
});

afterEach(async () => {
  await service?.close();
  service = undefined;
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

describe('print service over HTTP', () => {
  it('prints a job from the browser client, once, and reports the printer', async () => {
    const svc = await startService();
    const client = new WebPrinting({ fetch, storage: null });
    client.configure({ kind: 'tcp', host: 'printer', paperWidth: 80, serviceUrl: svc.url });
    expect(await client.print(job(1, { openDrawer: true }))).toEqual({
      ok: true,
      value: { printed: true, duplicate: false },
    });
    expect(await client.print(job(1))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    const [r] = await emu.waitForReceipts(1);
    expect(r!.lines.some((l) => l.startsWith('伊利纯牛奶'))).toBe(true);
    expect(r!.qr[0]!.data).toBe('S001-T03-20261125-0042|17090|签名');
    expect(r!.drawerPulses).toBe(1);
    expect(await client.status()).toEqual({ ok: true, value: { state: 'ready' } });
    expect(await client.openDrawer()).toEqual({ ok: true, value: undefined });
    expect(emu.drawerPulses()).toBe(2);
  });

  it('passes on paper out as a queued job and prints it after the fix', async () => {
    const svc = await startService();
    const client = new WebPrinting({ fetch, storage: null });
    client.configure({ kind: 'tcp', host: 'printer', paperWidth: 80, serviceUrl: svc.url });
    emu.condition = { paperOut: true };
    expect(await client.print(job(2))).toEqual({
      ok: true,
      value: { printed: false, duplicate: false, queued: true, problem: 'paperOut' },
    });
    expect(await client.status()).toMatchObject({
      ok: true,
      value: { state: 'paperOut', pending: [{ jobId: id(2) }] },
    });
    emu.condition = {};
    await emu.waitForReceipts(1);
    expect(emu.receipts()).toHaveLength(1);
  });

  it('refuses a malformed job with a reason and a 400', async () => {
    const svc = await startService();
    const bad = await fetch(`${svc.url}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jobId: 'not-a-uuid', kind: 'receipt', doc: { width: 70, blocks: [] } }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { ok: boolean; code: string; message: string };
    expect(body).toMatchObject({ ok: false, code: 'E_INVALID_JOB' });
    expect(body.message).toMatch(/jobId/);
    const notJson = await fetch(`${svc.url}/jobs`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${svc.url}/nothing`)).status).toBe(404);
    expect(emu.jobs).toEqual([]);
  });

  it('keeps jobs in the browser while the service is down and sends them, once, when it is back', async () => {
    const svc = await startService();
    const port = Number(new URL(svc.url).port);
    await svc.close();
    service = undefined;
    const storage = memoryStorage();
    const client = new WebPrinting({ fetch, storage });
    client.configure({
      kind: 'tcp',
      host: 'printer',
      paperWidth: 80,
      serviceUrl: `http://127.0.0.1:${port}/print`,
    });
    expect(await client.print(job(3))).toEqual({
      ok: true,
      value: { printed: false, duplicate: false, queued: true, problem: 'offline' },
    });
    expect(await client.print(job(3))).toEqual({
      ok: true,
      value: { printed: false, duplicate: true, queued: true },
    });
    expect(await client.status()).toMatchObject({
      ok: true,
      value: { state: 'offline', pending: [{ jobId: id(3) }] },
    });

    // A reload of the page keeps the waiting job.
    const reloaded = new WebPrinting({ fetch, storage });
    reloaded.configure({
      kind: 'tcp',
      host: 'printer',
      paperWidth: 80,
      serviceUrl: `http://127.0.0.1:${port}/print`,
    });
    await startService(port);
    expect(await reloaded.status()).toEqual({ ok: true, value: { state: 'ready' } });
    await emu.waitForReceipts(1);
    expect(await reloaded.status()).toEqual({ ok: true, value: { state: 'ready' } });
    expect(emu.receipts()).toHaveLength(1);
    expect(JSON.parse(storage.m.get('pos.printOutbox') ?? '[]')).toEqual([]);
  });

  it('keeps receipts for the preview when no service is configured', async () => {
    const client = new WebPrinting({ fetch, storage: null });
    expect(await client.print(job(4))).toEqual({ ok: true, value: { printed: true, duplicate: false } });
    expect(await client.print(job(4))).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    expect(await client.status()).toEqual({ ok: true, value: { state: 'ready', detail: 'preview' } });
    expect(client.printed.size).toBe(1);
  });
});
