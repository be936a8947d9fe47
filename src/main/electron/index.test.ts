// The Electron entry with a mocked electron module: the real services, binding and protocol handler run behind it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_CHANNEL_KEYS, IPC_CHANNELS } from '../../shared/ipc';

const h = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, l: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), l]);
      return this;
    }
    once(name: string, l: Listener) {
      return this.on(name, l);
    }
    emit(name: string, ...args: unknown[]) {
      for (const l of this.listeners.get(name) ?? []) l(...args);
    }
  }
  const state = { lock: true, dir: '' };
  class WebContents extends Emitter {
    readonly id = 41;
    readonly mainFrame = { url: 'app://pos/index.html', parent: null };
    send = vi.fn();
    setWindowOpenHandler = vi.fn();
  }
  const windows: BrowserWindow[] = [];
  class BrowserWindow extends Emitter {
    readonly webContents = new WebContents();
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    isDestroyed = vi.fn(() => false);
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(async () => {}),
    getAppPath: vi.fn(() => join(state.dir, 'app')),
    getPath: vi.fn((name: string) => join(state.dir, name)),
    getVersion: vi.fn(() => '0.1.0'),
  });
  const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      protocol: { handle: vi.fn() },
    },
  };
  const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
  const shell = { openExternal: vi.fn(async () => {}) };
  // join is needed inside the hoisted block, before imports are available.
  function join(...parts: string[]) {
    return parts.join('/');
  }
  return { state, app, ipcMain, session, protocol, shell, BrowserWindow, windows, WebContents };
});

vi.mock('electron', () => ({
  app: h.app,
  ipcMain: h.ipcMain,
  session: h.session,
  protocol: h.protocol,
  shell: h.shell,
  BrowserWindow: h.BrowserWindow,
}));

async function loadEntry() {
  vi.resetModules();
  const mod = await import('./index');
  await mod.started;
  return mod;
}

beforeEach(async () => {
  vi.clearAllMocks();
  h.windows.length = 0;
  h.app.listeners.clear();
  h.state.lock = true;
  h.state.dir = await mkdtemp(join(tmpdir(), 'pos-electron-'));
  await mkdir(join(h.state.dir, 'app', 'dist', 'renderer'), { recursive: true });
  await writeFile(
    join(h.state.dir, 'app', 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>till</title>',
  );
});
afterEach(async () => {
  await rm(h.state.dir, { recursive: true, force: true });
});

describe('electron entry', () => {
  it('registers app:// as a privileged scheme before ready', async () => {
    await loadEntry();
    expect(h.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      },
    ]);
    expect(h.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(
      h.app.whenReady.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('quits when another instance holds the single-instance lock, opening nothing', async () => {
    h.state.lock = false;
    await loadEntry();
    expect(h.app.quit).toHaveBeenCalled();
    expect(h.windows).toHaveLength(0);
    expect(h.ipcMain.handle).not.toHaveBeenCalled();
  });

  it('creates one hardened window on app://pos with the preload, and binds every IPC channel', async () => {
    await loadEntry();
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      preload: join(h.state.dir, 'app', 'dist', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
    });
    expect(win.loadURL).toHaveBeenCalledWith('app://pos/index.html');
    expect(h.ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual(
      IPC_CHANNEL_KEYS.map((k) => IPC_CHANNELS[k].channel).sort(),
    );
    expect(h.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(h.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
  });

  it('answers IPC from our window main frame only', async () => {
    await loadEntry();
    const win = h.windows[0]!;
    const handler = h.ipcMain.handle.mock.calls.find((c) => c[0] === 'pos:config:get')?.[1] as (
      e: unknown,
    ) => Promise<unknown>;
    const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await handler(ours)).toMatchObject({ ok: true, value: { storeId: 'S001' } });
    const iframe = { sender: win.webContents, senderFrame: { url: 'app://pos/index.html', parent: {} } };
    expect(await handler(iframe)).toMatchObject({ ok: false, code: 'E_SENDER' });
    const other = { sender: { id: 99 }, senderFrame: { url: 'app://pos/index.html', parent: null } };
    expect(await handler(other)).toMatchObject({ ok: false, code: 'E_SENDER' });
  });

  it('serves the renderer through the app:// handler with the CSP, refusing traversal', async () => {
    await loadEntry();
    const [scheme, serve] = h.session.defaultSession.protocol.handle.mock.calls[0] as [
      string,
      (r: Request) => Promise<Response>,
    ];
    expect(scheme).toBe('app');
    const res = await serve(new Request('app://pos/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(
      (await serve({ url: 'app://pos/%2e%2e/%2e%2e/config/terminal-config.json', method: 'GET' } as Request))
        .status,
    ).toBe(403);
  });

  it('hardens every web contents, focuses the till on a second start, and forwards hardware scans', async () => {
    const mod = await loadEntry();
    const contents = new h.WebContents();
    h.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect([...contents.listeners.keys()]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );

    const win = h.windows[0]!;
    h.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();

    mod.getServices()?.scans.publish({ source: 'hid', code: '6901234567892', at: 3 });
    expect(win.webContents.send).toHaveBeenCalledWith('pos:scan', {
      source: 'hid',
      code: '6901234567892',
      at: 3,
    });
  });

  it('uses the kiosk setting from the terminal config', async () => {
    await mkdir(join(h.state.dir, 'userData', 'config'), { recursive: true });
    await writeFile(
      join(h.state.dir, 'userData', 'config', 'terminal-config.json'),
      JSON.stringify({ storeId: 'S002', storeName: '越秀店', terminalId: 'T01', kiosk: true }),
    );
    await loadEntry();
    expect(h.windows[0]?.options).toMatchObject({ kiosk: true });
  });
});
