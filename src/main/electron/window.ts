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
