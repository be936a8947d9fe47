// Electron entry: the thin glue between Electron and the plain-Node services. Everything that decides
// something lives in a tested function (protocol.ts, security.ts, window.ts, ../ipcBinding.ts).
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { createAppServices, type AppServices } from '../appServices';
import { bindIpc } from '../ipcBinding';
import { SCAN_CHANNEL } from '../../shared/ipc';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './protocol';
import { buildContentSecurityPolicy, hardenSession, hardenWebContents, isTrustedSender } from './security';
import { createMainWindowOptions } from './window';

export interface StartOptions {
  /** Built renderer (dist/renderer); inside the asar when packaged. */
  rendererDir?: string;
  preloadPath?: string;
}

let mainWindow: BrowserWindow | undefined;
let services: AppServices | undefined;

export function getMainWindow(): BrowserWindow | undefined {
  return mainWindow;
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

export async function startApp(opts: StartOptions = {}): Promise<void> {
  registerAppSchemePrivileges();
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

  const s = await createAppServices({
    configDir: join(app.getPath('userData'), 'config'),
    logDir: app.getPath('logs'),
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
  });
  await mainWindow.loadURL(APP_ENTRY_URL);
  s.log.info('till window loaded', { url: APP_ENTRY_URL, version: app.getVersion() });
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
