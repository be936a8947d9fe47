import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_KEYS } from '../shared/ipc';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
}));
vi.mock('electron', () => electron);

describe('preload entry', () => {
  it('exposes only the typed bridge as window.pos, never ipcRenderer itself', async () => {
    await import('./index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, bridge] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [
      string,
      Record<string, unknown>,
    ];
    expect(key).toBe('pos');
    expect(Object.keys(bridge).sort()).toEqual([...IPC_CHANNEL_KEYS, 'onScan'].sort());
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer);
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer.send);
  });
});
