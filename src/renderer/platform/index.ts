import type { Platform } from '../../shared/platform';
import type { PosBridge } from '../../shared/ipc';
import { ElectronPlatform } from './ElectronPlatform';
import { WebPlatform } from './WebPlatform';

export { ElectronPlatform } from './ElectronPlatform';
export { WebPlatform } from './WebPlatform';

/** The Electron preload puts the bridge on window.pos; without it we are a plain browser. */
export function getPlatform(win: { pos?: PosBridge } = globalThis as { pos?: PosBridge }): Platform {
  return win.pos ? new ElectronPlatform(win.pos) : new WebPlatform();
}
