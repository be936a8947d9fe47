import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL_KEYS, IPC_CHANNELS, SCAN_CHANNEL } from '../shared/ipc';
import { buildBridge, type IpcRendererLike } from './bridge';

function fakeIpc() {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) =>
      listeners.set(channel, l),
    ),
    removeListener: vi.fn((channel: string) => listeners.delete(channel)),
  } satisfies IpcRendererLike;
  return {
    ipc,
    emit: (channel: string, payload: unknown) => listeners.get(channel)?.({ sender: 'secret' }, payload),
    listeners,
  };
}

describe('preload bridge', () => {
  it('exposes exactly one function per channel plus onScan, and nothing else', () => {
    const bridge = buildBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...IPC_CHANNEL_KEYS, 'onScan'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge).not.toHaveProperty('invoke');
    expect(bridge).not.toHaveProperty('send');
  });

  it('invokes each function on its own channel with the arguments', async () => {
    const { ipc } = fakeIpc();
    const bridge = buildBridge(ipc);
    await bridge.getConfig();
    await bridge.log({ level: 'info', msg: 'hi' });
    expect(ipc.invoke.mock.calls).toEqual([
      [IPC_CHANNELS.getConfig.channel],
      [IPC_CHANNELS.log.channel, { level: 'info', msg: 'hi' }],
    ]);
  });

  it('answers a Result when main cannot be reached', async () => {
    const { ipc } = fakeIpc();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'pos:printer:status'"));
    const bridge = buildBridge(ipc);
    expect(await bridge.printerStatus()).toEqual({
      ok: false,
      code: 'E_IPC',
      message: "No handler registered for 'pos:printer:status'",
    });
  });

  it('delivers valid scans without the IPC event, drops malformed ones, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const bridge = buildBridge(ipc);
    const got: unknown[][] = [];
    const off = bridge.onScan((...args: unknown[]) => got.push(args));
    emit(SCAN_CHANNEL, { source: 'hid', code: '6901234567892', at: 5 });
    emit(SCAN_CHANNEL, { source: 'hid', code: 42 });
    expect(got).toEqual([[{ source: 'hid', code: '6901234567892', at: 5 }]]);
    off();
    expect(listeners.has(SCAN_CHANNEL)).toBe(false);
    expect(() => bridge.onScan('nope' as never)).toThrow(TypeError);
  });
});
