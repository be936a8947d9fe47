import { describe, expect, it, vi } from 'vitest';
import { createCustomerWindowOptions, createMainWindowOptions } from './window';

vi.mock('electron', () => ({}));

describe('createMainWindowOptions', () => {
  it('isolates and sandboxes the renderer, without Node, webviews or insecure content', () => {
    const o = createMainWindowOptions({ preloadPath: '/app/dist/preload/index.cjs' });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(o.show).toBe(false);
    expect(o.kiosk).toBe(false);
  });

  it('goes kiosk when the config says so, and offers dev tools only when asked', () => {
    const o = createMainWindowOptions({ preloadPath: 'p', kiosk: true, devTools: true });
    expect(o.kiosk).toBe(true);
    expect(o.fullscreen).toBe(true);
    expect(o.webPreferences?.devTools).toBe(true);
    expect(o.webPreferences?.sandbox).toBe(true);
  });
});

describe('createCustomerWindowOptions', () => {
  it('fills the customer monitor, hardened like the till, with no preload and no way to take focus', () => {
    const bounds = { x: 1920, y: 0, width: 1024, height: 768 };
    const o = createCustomerWindowOptions({ bounds });
    expect(o).toMatchObject({ ...bounds, fullscreen: true, frame: false, focusable: false, show: false });
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      devTools: false,
    });
    expect(o.webPreferences).not.toHaveProperty('preload');
  });
});
