// Electron entry: the thin glue between Electron and the plain-Node services. Everything that decides
// something lives in a tested function (protocol.ts, security.ts, window.ts, ../ipcBinding.ts).
import { app, BrowserWindow, ipcMain, protocol, screen, session, shell } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createAppServices, type AppServices } from '../appServices';
import { bindIpc } from '../ipcBinding';
import { applyStartAtLogin, wantsStartAtLogin } from '../services/autostartService';
import { customerWindowDisplay } from '../services/displayService';
import type { UpdaterLike } from '../services/updateService';
import { SCAN_CHANNEL } from '../../shared/ipc';
import {
  APP_DATA_DIR,
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  CUSTOMER_DISPLAY_URL,
  serveAppRequest,
} from './protocol';
import { buildContentSecurityPolicy, hardenSession, hardenWebContents, isTrustedSender } from './security';
import { createCustomerWindowOptions, createMainWindowOptions } from './window';

export interface StartOptions {
  /** Built renderer (dist/renderer); inside the asar when packaged. */
  rendererDir?: string;
  preloadPath?: string;
}

let mainWindow: BrowserWindow | undefined;
let customerWindow: BrowserWindow | undefined;
let services: AppServices | undefined;

export function getMainWindow(): BrowserWindow | undefined {
  return mainWindow;
}

export function getCustomerWindow(): BrowserWindow | undefined {
  return customerWindow;
}

/** Must run before 'ready': the scheme gets a real, secure origin for IndexedDB. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

export function registerAppProtocol(rendererDir: string, csp: string): void {
  session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir, csp));
}

/** A second start of the app brings the running till to the front instead of opening a second till. */
export function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

export function createMainWindow(s: AppServices, preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(
    createMainWindowOptions({ preloadPath, kiosk: s.config.current().kiosk, devTools: !app.isPackaged }),
  );
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_e, details) =>
    s.log.error('renderer gone', { reason: details.reason }),
  );
  return win;
}

/**
 * Opens, moves or closes the customer window to match the monitors now connected: a second monitor plugged in
 * mid-shift gets the window; unplugged, the window closes instead of landing on the cashier's screen.
 */
export function syncCustomerWindow(s: AppServices): void {
  const target = customerWindowDisplay(
    s.config.current().customerDisplay,
    screen.getAllDisplays(),
    screen.getPrimaryDisplay().id,
  );
  const open = customerWindow && !customerWindow.isDestroyed() ? customerWindow : undefined;
  if (!target) {
    open?.close();
    return;
  }
  if (open) {
    open.setBounds(target.bounds);
    return;
  }
  const win = new BrowserWindow(createCustomerWindowOptions({ bounds: target.bounds }));
  customerWindow = win;
  win.once('ready-to-show', () => win.showInactive());
  win.on('closed', () => {
    if (customerWindow === win) customerWindow = undefined;
  });
  win.webContents.on('render-process-gone', (_e, details) =>
    s.log.error('customer display gone', { reason: details.reason }),
  );
  void win
    .loadURL(CUSTOMER_DISPLAY_URL)
    .catch((e: unknown) => s.log.warn('customer display failed to load', { error: e }));
  s.log.info('customer display opened', { display: target.id });
}

/** Electron's updater only where it can work: a packaged app (a development run has no installer to update). */
async function loadUpdater(): Promise<UpdaterLike | null> {
  if (!app.isPackaged) return null;
  try {
    const { autoUpdater } = await import('electron-updater');
    return autoUpdater as unknown as UpdaterLike;
  } catch (e) {
    console.warn('updater unavailable', e);
    return null;
  }
}

export async function startApp(opts: StartOptions = {}): Promise<void> {
  registerAppSchemePrivileges();
  // Before anything reads it (the single-instance lock lives there too).
  app.setPath('userData', join(app.getPath('appData'), APP_DATA_DIR));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_e, contents) => {
    hardenWebContents(contents, { openExternal: (url) => shell.openExternal(url) });
  });
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  const appDir = app.getAppPath();
  const rendererDir = opts.rendererDir ?? join(appDir, 'dist', 'renderer');
  const preloadPath = opts.preloadPath ?? join(appDir, 'dist', 'preload', 'index.cjs');

  const userData = app.getPath('userData');
  const s = await createAppServices({
    configDir: join(userData, 'config'),
    // Next to the data, not in Electron's per-OS logs folder: support finds everything in one place.
    logDir: join(userData, 'logs'),
    shell: { updater: await loadUpdater() },
  });
  services = s;
  process.on('uncaughtException', (e) => s.log.error('uncaught exception', { error: e }));
  process.on('unhandledRejection', (e) => s.log.error('unhandled rejection', { error: e }));

  hardenSession(session.defaultSession);
  registerAppProtocol(rendererDir, buildContentSecurityPolicy({ crmUrl: s.config.current().crmUrl }));

  bindIpc(ipcMain, s.handlers, {
    isTrustedSender: (event) => isTrustedSender(event, mainWindow?.webContents.id),
    onProblem: (p) => s.log.warn('ipc refused', p),
  });
  s.scans.subscribe((scan) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(SCAN_CHANNEL, scan);
  });

  mainWindow = createMainWindow(s, preloadPath);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    // The customer window alone must not keep a till running that nobody can see.
    if (customerWindow && !customerWindow.isDestroyed()) customerWindow.close();
  });
  await mainWindow.loadURL(APP_ENTRY_URL);
  s.log.info('till window loaded', { url: APP_ENTRY_URL, version: app.getVersion() });

  syncCustomerWindow(s);
  const onDisplaysChanged = () => syncCustomerWindow(s);
  screen.on('display-added', onDisplaysChanged);
  screen.on('display-removed', onDisplaysChanged);

  // A development run would register the Electron binary itself to start at login.
  if (app.isPackaged) {
    const config = s.config.current();
    await applyStartAtLogin(wantsStartAtLogin(config), {
      platform: process.platform,
      setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
      executable: process.env.APPIMAGE ?? process.execPath,
      autostartDir: join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart'),
    }).catch((e: unknown) => s.log.warn('start at login not set', { error: e }));
  }

  // Installs only when the till said it is idle (no open sale, empty outbox); see updateService.ts.
  app.once('quit', () => s.updates.installOnQuit());
  s.updates.start();
  // Closing the HID scanners hands a keyboard-mode scanner back to the system's keyboard driver.
  app.once('will-quit', () => s.scanners.stop());
  app.once('will-quit', () => {
    s.updates.stop();
    void s.poleDisplay.close();
  });
}

export function getServices(): AppServices | undefined {
  return services;
}

/** The app's start; settles once the window has loaded or the start failed (awaited by tests). */
export const started: Promise<void> = startApp().catch((e: unknown) => {
  services?.log.error('start failed', { error: e });
  console.error(e);
  app.exit(1);
});
