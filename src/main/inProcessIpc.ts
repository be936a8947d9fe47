// Electron's IPC transport stood in by plain function calls, for tests and the e2e bridge: the real preload
// bridge talks to the real binding and services, and only the transport is fake. Values are structured-cloned
// both ways, as Electron does, so nothing passes by reference that would not survive the real thing.
import type { IpcMainLike } from './ipcBinding';

export interface InProcessIpc<E> {
  ipcMain: IpcMainLike<E> & { channels(): string[] };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  };
  /** main -> renderer, like webContents.send. */
  send(channel: string, payload: unknown): void;
  listenerCount(channel: string): number;
}

/** `event` is what the handlers see as the sender: pass a trusted or an untrusted one. */
export function createInProcessIpc<E>(event: () => E): InProcessIpc<E> {
  const handlers = new Map<string, (event: E, ...args: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    ipcMain: {
      handle(channel, listener) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler(channel) {
        handlers.delete(channel);
      },
      channels: () => [...handlers.keys()],
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler(event(), ...structuredClone(args)));
      },
      on(channel, listener) {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
    send(channel, payload) {
      for (const l of listeners.get(channel) ?? [])
        l({ sender: 'ipc-renderer-event' }, structuredClone(payload));
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}
