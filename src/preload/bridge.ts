// Builds window.pos from the IPC contract: one function per channel, plus onScan. No raw ipcRenderer, no
// generic send/invoke, no IPC event object ever reaches the page (it carries the sender and the ipcRenderer).
import { IPC_CHANNEL_KEYS, IPC_CHANNELS, IPC_ERROR, SCAN_CHANNEL, type PosBridge } from '../shared/ipc';
import { ScanEventSchema, type ScanEvent } from '../shared/platform';
import { err } from '../shared/result';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildBridge(ipc: IpcRendererLike): PosBridge {
  const bridge: Record<string, unknown> = {};
  for (const key of IPC_CHANNEL_KEYS) {
    const { channel } = IPC_CHANNELS[key];
    // A rejected invoke (no handler, window closing) still answers a Result: the UI never sees a throw.
    bridge[key] = (...args: unknown[]) =>
      ipc
        .invoke(channel, ...args)
        .catch((e: unknown) => err(IPC_ERROR.transport, e instanceof Error ? e.message : String(e)));
  }
  bridge.onScan = (listener: (e: ScanEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onScan needs a function');
    const forward = (_event: unknown, payload: unknown) => {
      const scan = ScanEventSchema.safeParse(payload);
      if (scan.success) listener(scan.data);
    };
    ipc.on(SCAN_CHANNEL, forward);
    return () => {
      ipc.removeListener(SCAN_CHANNEL, forward);
    };
  };
  return Object.freeze(bridge) as PosBridge;
}
