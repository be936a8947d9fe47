// The whole main side for real (config file, log files, print service, binding) behind the real preload
// bridge; only Electron's transport is stood in for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBridge } from '../preload/bridge';
import { SCAN_CHANNEL } from '../shared/ipc';
import type { ScanEvent } from '../shared/platform';
import { createAppServices } from './appServices';
import { bindIpc } from './ipcBinding';
import { createInProcessIpc } from './inProcessIpc';
import type { PreviewSink } from './services/receiptSink';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pos-app-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const JOB_ID = '01936f3e-2b4c-7d5e-8f60-123456789abc';

async function start() {
  const services = await createAppServices({ configDir: join(root, 'config'), logDir: join(root, 'logs') });
  const ipc = createInProcessIpc(() => ({ trusted: true }));
  bindIpc(ipc.ipcMain, services.handlers, { isTrustedSender: (e) => e.trusted });
  services.scans.subscribe((scan) => ipc.send(SCAN_CHANNEL, scan));
  return { services, ipc, pos: buildBridge(ipc.ipcRenderer) };
}

async function logLines(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(root, 'logs', 'terminal.log'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('app services behind the preload bridge', () => {
  it('gets the config, prints once, logs renderer entries and forwards scans', async () => {
    const { services, pos } = await start();
    const config = await pos.getConfig();
    expect(config.ok && config.value.storeId).toBe('S001');

    const job = {
      jobId: JOB_ID,
      kind: 'receipt' as const,
      doc: { width: 58 as const, blocks: [{ t: 'text' as const, text: '谢谢惠顾' }] },
    };
    expect(await pos.printReceipt(job)).toEqual({ ok: true, value: { printed: true, duplicate: false } });
    expect(await pos.printReceipt(job)).toEqual({ ok: true, value: { printed: false, duplicate: true } });
    expect((services.sink as PreviewSink).jobs).toHaveLength(1);
    expect(await pos.printerStatus()).toEqual({ ok: true, value: { state: 'ready', detail: 'preview' } });
    expect(await pos.openDrawer()).toEqual({ ok: true, value: undefined });

    expect(await pos.log({ level: 'warn', msg: 'scale unstable', data: { grams: 512 } })).toMatchObject({
      ok: true,
    });
    expect(await logLines()).toContainEqual(
      expect.objectContaining({
        src: 'renderer',
        level: 'warn',
        msg: 'scale unstable',
        data: { grams: 512 },
      }),
    );

    const scans: ScanEvent[] = [];
    const off = pos.onScan((e) => scans.push(e));
    services.scans.publish({ source: 'hid', code: '6901234567892', at: 1 });
    off();
    services.scans.publish({ source: 'hid', code: '6901234567893', at: 2 });
    expect(scans).toEqual([{ source: 'hid', code: '6901234567892', at: 1 }]);
  });

  it('keeps the till running on the defaults when the config file is bad, and logs why', async () => {
    await mkdir(join(root, 'config'), { recursive: true });
    await writeFile(join(root, 'config', 'terminal-config.json'), '{"storeId": "S0');
    const { pos } = await start();
    const config = await pos.getConfig();
    expect(config.ok && config.value.storeId).toBe('S001');
    expect(await logLines()).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'config file refused, running on fallback' }),
    );
  });

  it('uses the printer driver chosen for the configured printer', async () => {
    await mkdir(join(root, 'config'), { recursive: true });
    await writeFile(
      join(root, 'config', 'terminal-config.json'),
      JSON.stringify({
        storeId: 'S002',
        storeName: '越秀店',
        terminalId: 'T01',
        printer: { kind: 'none', paperWidth: 58 },
      }),
    );
    const { pos } = await start();
    expect(await pos.printerStatus()).toEqual({
      ok: true,
      value: { state: 'none', detail: 'no printer configured' },
    });
    expect(
      await pos.printReceipt({ jobId: JOB_ID, kind: 'receipt', doc: { width: 58, blocks: [] } }),
    ).toMatchObject({
      ok: false,
      code: 'E_PRINTER_NONE',
    });
  });
});
