// The update policy against electron-updater's interface: a real EventEmitter stands in for the updater (an
// 'error' emitted with no listener throws, as it would in the app), and the timers are driven by hand.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  createUpdateService,
  isBusy,
  isHttpsUrl,
  type Timers,
  type UpdaterLike,
  type UpdaterLogger,
} from './updateService';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  logger: UpdaterLogger | null = null;
  feed: unknown = null;
  checks = 0;
  nextCheck: () => Promise<unknown> = async () => {
    this.emit('update-not-available');
    return null;
  };
  setFeedURL = vi.fn((options: unknown) => {
    this.feed = options;
  });
  checkForUpdates = vi.fn(async () => {
    this.checks++;
    return this.nextCheck();
  });
  quitAndInstall = vi.fn();
}

function manualTimers() {
  const pending: { fn: () => void; ms: number; id: number }[] = [];
  let id = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.push({ fn, ms, id: ++id });
      return id;
    },
    clearTimeout: (h) => {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    pending,
    /** Fires the one pending timer and waits for the check it starts. */
    async fire(): Promise<number> {
      expect(pending).toHaveLength(1);
      const t = pending.shift()!;
      t.fn();
      await new Promise((r) => setImmediate(r));
      return t.ms;
    },
  };
}

function logSpy() {
  const lines: { level: string; msg: string; data?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, data?: Record<string, unknown>) =>
    lines.push({ level, msg, data });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

const URL = 'https://updates.store.lan/pos/';

function setup(over: Partial<Parameters<typeof createUpdateService>[0]> = {}) {
  const updater = new FakeUpdater();
  const t = manualTimers();
  const { lines, log } = logSpy();
  const service = createUpdateService({
    updater,
    url: URL,
    log,
    timers: t.timers,
    firstCheckMs: 1000,
    intervalMs: 60_000,
    retryMs: 5000,
    ...over,
  });
  return { updater, t, lines, service };
}

const IDLE = { saleOpen: false, pendingOutbox: 0 };

describe('update policy', () => {
  it('refuses a feed that is not https: off, no feed URL set, never checks, and says why in the log', async () => {
    for (const url of ['http://updates.store.lan/pos/', 'file:///tmp/feed/', 'not a url']) {
      const { updater, t, service, lines } = setup({ url });
      service.start();
      await service.check();
      expect(service.status().state).toBe('disabled');
      expect(updater.feed).toBeNull();
      expect(updater.checks).toBe(0);
      expect(t.pending).toHaveLength(0);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'error', msg: expect.stringContaining('not an https URL') }),
      );
    }
    expect(isHttpsUrl('https://updates.store.lan/pos/')).toBe(true);
  });

  it('is off without a server or an updater, and never checks', async () => {
    for (const over of [{ url: '' }, { url: undefined }, { updater: null }]) {
      const { updater, t, service } = setup(over);
      service.start();
      await service.check();
      expect(service.status()).toEqual({ state: 'disabled', busy: true });
      expect(t.pending).toHaveLength(0);
      expect(updater.checks).toBe(0);
    }
  });

  it('points electron-updater at the generic server and keeps installing in its own hands', () => {
    const { updater } = setup();
    expect(updater.feed).toEqual({ provider: 'generic', url: URL });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.autoDownload).toBe(true);
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.listenerCount('error')).toBe(1);
  });

  it('offline: logs a warning, retries later with a growing delay, never throws or shows anything', async () => {
    const { updater, t, lines, service } = setup();
    updater.nextCheck = async () => {
      const e = new Error('net::ERR_INTERNET_DISCONNECTED');
      updater.emit('error', e);
      throw e;
    };
    service.start();
    expect(await t.fire()).toBe(1000);
    expect(service.status()).toMatchObject({ state: 'idle', lastError: 'net::ERR_INTERNET_DISCONNECTED' });
    const delays = [];
    for (let i = 0; i < 6; i++) delays.push(await t.fire());
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(updater.checks).toBe(7);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.msg === 'update check failed; retrying later')).toHaveLength(7);

    // The network is back: the next check succeeds and the normal interval returns.
    updater.nextCheck = async () => null;
    await t.fire();
    expect(service.status().lastError).toBeUndefined();
    expect(t.pending[0]?.ms).toBe(60_000);
  });

  it('a download that fails after the check (updater error event) is retried quietly, not thrown', async () => {
    const { updater, t, service } = setup();
    updater.nextCheck = async () => {
      updater.emit('update-available', { version: '0.2.0' });
      return { downloadPromise: Promise.resolve() };
    };
    service.start();
    await t.fire();
    expect(service.status()).toMatchObject({ state: 'downloading', version: '0.2.0', percent: 0 });
    updater.emit('download-progress', { percent: 42.5 });
    expect(service.status().percent).toBe(42.5);
    expect(() => updater.emit('error', new Error('ECONNRESET'))).not.toThrow();
    expect(service.status()).toMatchObject({ state: 'idle', lastError: 'ECONNRESET' });
    expect(t.pending.map((p) => p.ms)).toEqual([5000]);
  });

  it('never installs while a sale is open or the outbox has pending records', async () => {
    const { updater, t, service } = setup();
    updater.nextCheck = async () => {
      updater.emit('update-available', { version: '0.2.0' });
      updater.emit('update-downloaded', { version: '0.2.0' });
      return null;
    };
    service.start();
    await t.fire();
    expect(service.status()).toMatchObject({ state: 'ready', version: '0.2.0', busy: true });
    expect(t.pending).toHaveLength(0);

    // Nothing reported yet: unknown counts as busy.
    expect(service.installOnQuit()).toBe(false);
    expect(service.installNow()).toMatchObject({ ok: false, code: 'E_BUSY' });

    service.reportBusy({ saleOpen: true, pendingOutbox: 0 });
    expect(service.installOnQuit()).toBe(false);
    service.reportBusy({ saleOpen: false, pendingOutbox: 3 });
    expect(service.installNow()).toMatchObject({ ok: false, code: 'E_BUSY' });
    expect(service.installOnQuit()).toBe(false);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    service.reportBusy(IDLE);
    expect(service.status().busy).toBe(false);
    expect(service.installOnQuit()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, false);
    // Once started, a second trigger does nothing.
    expect(service.installOnQuit()).toBe(false);
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('restart now: only with an update ready, then with the installer visible', async () => {
    const { updater, t, service } = setup();
    service.reportBusy(IDLE);
    expect(service.installNow()).toMatchObject({ ok: false, code: 'E_NO_UPDATE' });
    updater.nextCheck = async () => {
      updater.emit('update-downloaded', { version: '0.3.0' });
      return null;
    };
    service.start();
    await t.fire();
    expect(service.installNow()).toEqual({ ok: true, value: undefined });
    expect(updater.quitAndInstall).toHaveBeenCalledWith(false, true);
  });

  it('an installer that throws is logged and leaves the till running', async () => {
    const { updater, t, lines, service } = setup();
    updater.nextCheck = async () => {
      updater.emit('update-downloaded', { version: '0.3.0' });
      return null;
    };
    updater.quitAndInstall.mockImplementation(() => {
      throw new Error('EACCES');
    });
    service.start();
    await t.fire();
    service.reportBusy(IDLE);
    expect(service.installNow()).toMatchObject({ ok: false });
    expect(lines).toContainEqual({ level: 'error', msg: 'update install failed', data: { error: 'EACCES' } });
  });

  it('does not run two checks at once, and stop() cancels the timer', async () => {
    const { updater, t, service } = setup();
    let release: () => void = () => undefined;
    updater.nextCheck = () => new Promise((r) => (release = () => r(null)));
    const a = service.check();
    const b = service.check();
    release();
    await Promise.all([a, b]);
    expect(updater.checks).toBe(1);
    service.start();
    expect(t.pending).toHaveLength(1);
    service.stop();
    expect(t.pending).toHaveLength(0);
  });

  it('routes electron-updater log lines to the log as warnings at most', () => {
    const { updater, lines } = setup();
    updater.logger?.error(new Error('Cannot find latest.yml'));
    expect(lines).toContainEqual({
      level: 'warn',
      msg: 'updater',
      data: { detail: 'Cannot find latest.yml' },
    });
  });

  it('busy means a sale is open, records are waiting, or nothing was reported', () => {
    expect(isBusy(null)).toBe(true);
    expect(isBusy({ saleOpen: true, pendingOutbox: 0 })).toBe(true);
    expect(isBusy({ saleOpen: false, pendingOutbox: 1 })).toBe(true);
    expect(isBusy(IDLE)).toBe(false);
  });
});
