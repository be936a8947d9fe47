// The main window's options. The renderer runs sandboxed and isolated, without Node; the preload is its only
// way out, and it exposes the typed bridge and nothing else.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface MainWindowOptionsInput {
  preloadPath: string;
  /** Counter PCs run full screen with no way to the desktop. */
  kiosk?: boolean;
  /** Dev tools only in development builds. */
  devTools?: boolean;
}

export function createMainWindowOptions(input: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  const kiosk = input.kiosk === true;
  return {
    width: 1280,
    height: 800,
    minWidth: 360,
    minHeight: 600,
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: '门店收银',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: input.devTools === true,
    },
  };
}

export interface CustomerWindowOptionsInput {
  /** The customer monitor's bounds (screen.getAllDisplays()). */
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * The customer display: full screen on the second monitor, no preload (it needs no IPC: views arrive over
 * BroadcastChannel from the till page), and never focusable, so a touch on the customer's screen cannot take
 * the keyboard (and the scanner's keystrokes) away from the till.
 */
export function createCustomerWindowOptions(
  input: CustomerWindowOptionsInput,
): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    show: false,
    frame: false,
    fullscreen: true,
    kiosk: false,
    focusable: false,
    skipTaskbar: true,
    autoHideMenuBar: true,
    backgroundColor: '#0f172a',
    title: '顾客显示 Customer display',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
    },
  };
}
