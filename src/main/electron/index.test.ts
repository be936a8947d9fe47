// The Electron entry with a mocked electron module: the real services, binding and protocol handler run behind it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
  const state = {
    lock: true,
    dir: '',
    displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }] as {
      id: number;
      bounds: { x: number; y: number; width: number; height: number };
    }[],
  };
  let nextId = 41;
  class WebContents extends Emitter {
    readonly id = nextId++;
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
    destroyed = false;
    isDestroyed = vi.fn(() => this.destroyed);
    showInactive = vi.fn();
    setBounds = vi.fn();
    close = vi.fn(() => {
      this.destroyed = true;
      this.emit('closed');
    });
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
    paths: new Map<string, string>(),
    getPath: vi.fn((name: string) => app.paths.get(name) ?? join(state.dir, name)),
    setPath: vi.fn((name: string, path: string) => app.paths.set(name, path)),
    getVersion: vi.fn(() => '0.1.0'),
    setLoginItemSettings: vi.fn(),
  });
  const screen = Object.assign(new Emitter(), {
    getAllDisplays: vi.fn(() => state.displays),
    getPrimaryDisplay: vi.fn(() => state.displays[0]),
  });
  class FakeUpdater extends Emitter {
    autoDownload = false;
    autoInstallOnAppQuit = true;
    allowDowngrade = true;
    logger: unknown = null;
    setFeedURL = vi.fn();
    checkForUpdates = vi.fn(async () => null);
    quitAndInstall = vi.fn();
  }
  const updater = { current: new FakeUpdater() };
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
  return {
    state,
    app,
    ipcMain,
    session,
    protocol,
    shell,
    screen,
    BrowserWindow,
    windows,
    WebContents,
    FakeUpdater,
    updater,
  };
});

vi.mock('electron', () => ({
  app: h.app,
  ipcMain: h.ipcMain,
  session: h.session,
  protocol: h.protocol,
  shell: h.shell,
  BrowserWindow: h.BrowserWindow,
  screen: h.screen,
}));
vi.mock('electron-updater', () => ({
  get autoUpdater() {
    return h.updater.current;
  },
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
  h.app.paths.clear();
  h.screen.listeners.clear();
  h.updater.current = new h.FakeUpdater();
  h.state.lock = true;
  h.state.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }];
  h.state.dir = await mkdtemp(join(tmpdir(), 'pos-electron-'));
  // Start-at-login writes the XDG autostart entry on Linux: into the test's folder, never the real home.
  process.env.XDG_CONFIG_HOME = join(h.state.dir, 'xdg');
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

  it('keeps its data in a user data folder of its own name, set before anything reads it', async () => {
    await loadEntry();
    expect(h.app.setPath).toHaveBeenCalledWith('userData', join(h.state.dir, 'appData', 'StoreTerminal'));
    expect(h.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(
      h.app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('uses the kiosk setting from the terminal config', async () => {
    await mkdir(join(h.state.dir, 'appData', 'StoreTerminal', 'config'), { recursive: true });
    await writeFile(
      join(h.state.dir, 'appData', 'StoreTerminal', 'config', 'terminal-config.json'),
      JSON.stringify({ storeId: 'S002', storeName: '越秀店', terminalId: 'T01', kiosk: true }),
    );
    await loadEntry();
    expect(h.windows[0]?.options).toMatchObject({ kiosk: true });
  });
});

async function writeConfig(config: Record<string, unknown>) {
  await mkdir(join(h.state.dir, 'appData', 'StoreTerminal', 'config'), { recursive: true });
  await writeFile(
    join(h.state.dir, 'appData', 'StoreTerminal', 'config', 'terminal-config.json'),
    JSON.stringify({ storeId: 'S002', storeName: '越秀店', terminalId: 'T01', ...config }),
  );
}

describe('electron shell', () => {
  it('writes rotating JSON-lines logs into the user data folder', async () => {
    await loadEntry();
    const text = await readFile(
      join(h.state.dir, 'appData', 'StoreTerminal', 'logs', 'terminal.log'),
      'utf8',
    );
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toContain('till window loaded');
  });

  it('opens the customer window on the second monitor, without a preload, and it cannot call IPC', async () => {
    h.state.displays.push({ id: 2, bounds: { x: 1280, y: 0, width: 1024, height: 768 } });
    await loadEntry();
    expect(h.windows).toHaveLength(2);
    const [till, customer] = h.windows as [
      InstanceType<typeof h.BrowserWindow>,
      InstanceType<typeof h.BrowserWindow>,
    ];
    expect(customer.options).toMatchObject({ x: 1280, width: 1024, fullscreen: true, focusable: false });
    expect(customer.options.webPreferences).not.toHaveProperty('preload');
    expect(customer.loadURL).toHaveBeenCalledWith('app://pos/index.html?display=customer');
    customer.emit('ready-to-show');
    expect(customer.showInactive).toHaveBeenCalled();

    const handler = h.ipcMain.handle.mock.calls.find((c) => c[0] === 'pos:config:get')?.[1] as (
      e: unknown,
    ) => Promise<unknown>;
    const fromCustomer = {
      sender: customer.webContents,
      senderFrame: { url: 'app://pos/index.html', parent: null },
    };
    expect(await handler(fromCustomer)).toMatchObject({ ok: false, code: 'E_SENDER' });

    // Unplugged: the window closes rather than covering the till; plugged back in: it returns.
    h.state.displays.pop();
    h.screen.emit('display-removed');
    expect(customer.close).toHaveBeenCalled();
    h.state.displays.push({ id: 3, bounds: { x: -1024, y: 0, width: 1024, height: 768 } });
    h.screen.emit('display-added');
    expect(h.windows).toHaveLength(3);
    expect(h.windows[2]?.options).toMatchObject({ x: -1024 });

    // Closing the till closes the customer window too.
    till.close();
    expect(h.windows[2]?.close).toHaveBeenCalled();
  });

  it('opens no customer window with one monitor, or when a pole display is configured', async () => {
    await loadEntry();
    expect(h.windows).toHaveLength(1);
    h.windows.length = 0;
    h.state.displays.push({ id: 2, bounds: { x: 1280, y: 0, width: 1024, height: 768 } });
    await writeConfig({ customerDisplay: { kind: 'vfd', path: '/dev/ttyUSB0' } });
    await loadEntry();
    expect(h.windows).toHaveLength(1);
  });

  it('kiosk cashier terminals start at login (XDG autostart on Linux, login items elsewhere)', async () => {
    await writeConfig({ kiosk: true });
    await loadEntry();
    if (process.platform === 'linux') {
      const entry = await readFile(join(h.state.dir, 'xdg', 'autostart', 'store-terminal.desktop'), 'utf8');
      expect(entry).toContain(`Exec="${process.execPath}"`);
    } else {
      expect(h.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    }
  });

  it('checks the store update server and installs at quit only once the till reported it is idle', async () => {
    await writeConfig({ updateUrl: 'https://updates.store.lan/pos/' });
    const mod = await loadEntry();
    const u = h.updater.current;
    expect(u.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.store.lan/pos/' });
    expect(u.autoInstallOnAppQuit).toBe(false);
    u.emit('update-downloaded', { version: '0.2.0' });

    const busy = h.ipcMain.handle.mock.calls.find((c) => c[0] === 'pos:app:busy')?.[1] as (
      e: unknown,
      ...args: unknown[]
    ) => Promise<unknown>;
    const till = h.windows[0]!;
    const ours = { sender: till.webContents, senderFrame: till.webContents.mainFrame };
    expect(await busy(ours, { saleOpen: false, pendingOutbox: 2 })).toEqual({ ok: true, value: undefined });
    expect(mod.getServices()?.updates.installOnQuit()).toBe(false);
    expect(u.quitAndInstall).not.toHaveBeenCalled();

    await busy(ours, { saleOpen: false, pendingOutbox: 0 });
    h.app.emit('quit');
    expect(u.quitAndInstall).toHaveBeenCalledWith(true, false);
  });

  it('an update server that is down never crashes the app', async () => {
    await writeConfig({ updateUrl: 'https://updates.store.lan/pos/' });
    const mod = await loadEntry();
    const u = h.updater.current;
    u.checkForUpdates.mockRejectedValue(new Error('getaddrinfo ENOTFOUND updates.store.lan'));
    await mod.getServices()?.updates.check();
    expect(() => u.emit('error', new Error('ECONNREFUSED'))).not.toThrow();
    expect(mod.getServices()?.updates.status()).toMatchObject({ state: 'idle' });
    expect(h.app.exit).not.toHaveBeenCalled();
  });
});
