import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_CONFIG } from '../../shared/config';
import type { PrintJob } from '../../shared/platform';
import { WebPlatform } from './WebPlatform';
import { ElectronPlatform } from './ElectronPlatform';
import { getPlatform } from './index';
import type { PosBridge } from '../../shared/ipc';

const job = (jobId: string): PrintJob => ({
  jobId,
  kind: 'receipt',
  doc: { width: 80, blocks: [{ t: 'cut' }] },
});

function fetchReturning(status: number, body: string, type = 'application/json'): typeof fetch {
  return async () => new Response(body, { status, headers: { 'content-type': type } });
}

describe('WebPlatform', () => {
  it('prints a job once and answers a repeat of the same job id as a duplicate', async () => {
    const p = new WebPlatform({ fetch: fetchReturning(404, '') });
    expect(await p.printReceipt(job('0190f0a0-0000-7000-8000-000000000001'))).toEqual({
      ok: true,
      value: { printed: true, duplicate: false },
    });
    expect(await p.printReceipt(job('0190f0a0-0000-7000-8000-000000000001'))).toEqual({
      ok: true,
      value: { printed: false, duplicate: true },
    });
    expect(p.printed.size).toBe(1);
  });

  it('uses the default store and terminal when no config is served', async () => {
    const p = new WebPlatform({ fetch: fetchReturning(404, 'not found', 'text/plain') });
    const r = await p.getConfig();
    expect(r).toEqual({ ok: true, value: DEFAULT_TERMINAL_CONFIG });
    if (r.ok)
      expect([r.value.storeId, r.value.storeName, r.value.terminalId]).toEqual(['S001', '天河店', 'T03']);
  });

  it('reads a served config and reports a bad one with the field path, without throwing', async () => {
    const good = new WebPlatform({
      fetch: fetchReturning(
        200,
        JSON.stringify({ storeId: 'S009', storeName: '北京路店', terminalId: 'T01' }),
      ),
    });
    const r = await good.getConfig();
    expect(r.ok && r.value.storeId).toBe('S009');

    const bad = new WebPlatform({
      fetch: fetchReturning(200, JSON.stringify({ storeId: '', terminalId: 'T01' })),
    });
    const rb = await bad.getConfig();
    expect(rb.ok).toBe(false);
    if (!rb.ok) expect(rb.message).toMatch(/storeId/);

    const broken = new WebPlatform({ fetch: fetchReturning(200, '{not json') });
    expect((await broken.getConfig()).ok).toBe(false);
  });

  it('falls back to defaults when the network is down', async () => {
    const p = new WebPlatform({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect((await p.getConfig()).ok).toBe(true);
  });
});

describe('ElectronPlatform and getPlatform', () => {
  it('turns a rejected bridge call into an error result', async () => {
    const bridge = {
      getConfig: async () => {
        throw new Error('window closing');
      },
      log: async () => {
        throw new Error('gone');
      },
    } as unknown as PosBridge;
    const p = new ElectronPlatform(bridge);
    expect(await p.getConfig()).toEqual({ ok: false, code: 'E_IPC', message: 'window closing' });
    expect(() => p.log({ level: 'info', msg: 'x' })).not.toThrow();
  });

  it('picks Electron when window.pos exists, the web platform otherwise', () => {
    expect(getPlatform({}).kind).toBe('web');
    expect(getPlatform({ pos: {} as PosBridge }).kind).toBe('electron');
  });
});
