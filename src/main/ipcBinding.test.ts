import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TERMINAL_CONFIG } from '../shared/config';
import { IPC_CHANNEL_KEYS, IPC_CHANNELS, type IpcChannelKey, type IpcHandlers } from '../shared/ipc';
import { err, ok } from '../shared/result';
import { idleView } from '../shared/customerDisplay';
import { bindIpc } from './ipcBinding';
import { createInProcessIpc } from './inProcessIpc';

const JOB = {
  jobId: '01936f3e-2b4c-7d5e-8f60-123456789abc',
  kind: 'receipt',
  doc: { width: 80, blocks: [{ t: 'text', text: '天河店' }, { t: 'cut' }] },
};

const VIEW = idleView('天河店', 'zh-CN', 1);

/** Arguments that must be refused, for every channel: a new channel without an entry fails the first test. */
const BAD_ARGS: Record<IpcChannelKey, unknown[][]> = {
  getConfig: [['extra'], [{ storeId: 'S001' }]],
  printReceipt: [
    [],
    [{}],
    [{ ...JOB, jobId: 'job-1' }],
    [{ ...JOB, jobId: '6f1c2b1e-8f0a-4c1e-9b2a-1234567890ab' }],
    [{ ...JOB, kind: 'invoice' }],
    [{ ...JOB, doc: { width: 76, blocks: [] } }],
    [{ ...JOB, doc: { width: 80, blocks: [{ t: 'script', src: 'x' }] } }],
    [JOB, 'extra'],
    ['{"jobId":"x"}'],
  ],
  openDrawer: [[1], [{ force: true }]],
  printerStatus: [['now']],
  log: [
    [],
    [{ level: 'fatal', msg: 'x' }],
    [{ level: 'info', msg: '' }],
    [{ level: 'info', msg: 'x'.repeat(5000) }],
    ['text'],
    [{ level: 'info', msg: 'x', data: [1] }],
  ],
  saveConfig: [[], ['{"storeId":"S001"}'], [[1, 2]], [null], [{ storeId: 'S001' }, 'extra']],
  configStatus: [['now']],
  reportBusy: [
    [],
    [{ saleOpen: 'no', pendingOutbox: 0 }],
    [{ saleOpen: false, pendingOutbox: -1 }],
    [{ saleOpen: false, pendingOutbox: 1.5 }],
    [{ saleOpen: false }],
  ],
  updateStatus: [[true]],
  installUpdate: [[{ force: true }]],
  showCustomerView: [[], [{ seq: 1 }], [{ ...VIEW, phase: 'party' }], [{ ...VIEW, dueFen: 1.5 }]],
  scannerStatus: [['now']],
  listScanners: [[{ all: true }]],
  chooseScanners: [
    [],
    [{ vendorId: 0x0c2e, productId: 0x0b07 }],
    [[{ vendorId: 0x10000, productId: 1 }]],
    [[{ vendorId: -1, productId: 1 }]],
    [[{ vendorId: '0c2e', productId: '0b07' }]],
    [[{ vendorId: 3118 }]],
    [Array.from({ length: 33 }, (_, i) => ({ vendorId: 1, productId: i }))],
    [[], 'extra'],
  ],
};

const GOOD_ARGS: Record<IpcChannelKey, unknown[]> = {
  getConfig: [],
  printReceipt: [JOB],
  openDrawer: [],
  printerStatus: [],
  log: [{ level: 'info', msg: 'hello', data: { a: 1 } }],
  saveConfig: [{ storeId: 'S001', storeName: '天河店', terminalId: 'T03' }],
  configStatus: [],
  reportBusy: [{ saleOpen: false, pendingOutbox: 0 }],
  updateStatus: [],
  installUpdate: [],
  showCustomerView: [VIEW],
  scannerStatus: [],
  listScanners: [],
  chooseScanners: [[{ vendorId: 0x0c2e, productId: 0x0b07 }]],
};

function spyHandlers() {
  return {
    getConfig: vi.fn(() => ok(DEFAULT_TERMINAL_CONFIG)),
    printReceipt: vi.fn(async () => ok({ printed: true, duplicate: false })),
    openDrawer: vi.fn(async () => ok()),
    printerStatus: vi.fn(async () => ok({ state: 'ready' as const })),
    log: vi.fn(() => ok()),
    saveConfig: vi.fn(async () => ok({ saved: true as const })),
    configStatus: vi.fn(() => ok({ source: 'file' as const, filePath: '/x.json', writable: true })),
    reportBusy: vi.fn(() => ok()),
    updateStatus: vi.fn(() => ok({ state: 'disabled' as const, busy: true })),
    installUpdate: vi.fn(() => ok()),
    showCustomerView: vi.fn(() => ok()),
    scannerStatus: vi.fn(() => ok({ support: 'hid' as const, state: 'none' as const, devices: [] })),
    listScanners: vi.fn(async () => ok({ support: 'web' as const, state: 'none' as const, devices: [] })),
    chooseScanners: vi.fn(async () =>
      ok({ support: 'hid' as const, state: 'searching' as const, devices: [] }),
    ),
  } satisfies IpcHandlers;
}

type Sender = { trusted: boolean };

function setup(handlers: IpcHandlers = spyHandlers(), sender: Sender = { trusted: true }) {
  const problems: { channel: string; code: string; detail: string }[] = [];
  const ipc = createInProcessIpc(() => sender);
  const unbind = bindIpc(ipc.ipcMain, handlers, {
    isTrustedSender: (e) => e.trusted,
    onProblem: (p) => problems.push(p),
  });
  return { ipc, unbind, problems, sender };
}

describe('bindIpc', () => {
  it('registers every channel of the contract, and only those', () => {
    const { ipc } = setup();
    expect(ipc.ipcMain.channels().sort()).toEqual(
      IPC_CHANNEL_KEYS.map((k) => IPC_CHANNELS[k].channel).sort(),
    );
    expect(Object.keys(BAD_ARGS).sort()).toEqual([...IPC_CHANNEL_KEYS].sort());
  });

  it('passes parsed arguments to the handler and returns its result', async () => {
    const handlers = spyHandlers();
    const { ipc } = setup(handlers);
    for (const key of IPC_CHANNEL_KEYS) {
      const r = await ipc.ipcRenderer.invoke(IPC_CHANNELS[key].channel, ...GOOD_ARGS[key]);
      expect(r, key).toMatchObject({ ok: true });
      expect(handlers[key], key).toHaveBeenCalledTimes(1);
      expect(handlers[key], key).toHaveBeenCalledWith(...GOOD_ARGS[key]);
    }
  });

  for (const key of IPC_CHANNEL_KEYS) {
    it(`${IPC_CHANNELS[key].channel}: refuses bad arguments before the service sees them`, async () => {
      const handlers = spyHandlers();
      const { ipc } = setup(handlers);
      for (const args of BAD_ARGS[key]) {
        const r = await ipc.ipcRenderer.invoke(IPC_CHANNELS[key].channel, ...args);
        expect(r, JSON.stringify(args).slice(0, 80)).toMatchObject({ ok: false, code: 'E_INVALID_ARGS' });
      }
      expect(handlers[key]).not.toHaveBeenCalled();
    });

    it(`${IPC_CHANNELS[key].channel}: refuses an untrusted sender, even with good arguments`, async () => {
      const handlers = spyHandlers();
      const { ipc, problems } = setup(handlers, { trusted: false });
      const r = await ipc.ipcRenderer.invoke(IPC_CHANNELS[key].channel, ...GOOD_ARGS[key]);
      expect(r).toEqual({ ok: false, code: 'E_SENDER', message: 'request refused' });
      expect(handlers[key]).not.toHaveBeenCalled();
      expect(problems).toEqual([
        { channel: IPC_CHANNELS[key].channel, code: 'E_SENDER', detail: 'untrusted sender' },
      ]);
    });
  }

  it('treats a sender check that throws as untrusted', async () => {
    const handlers = spyHandlers();
    const ipc = createInProcessIpc(() => ({}));
    bindIpc(ipc.ipcMain, handlers, {
      isTrustedSender: () => {
        throw new Error('frame gone');
      },
    });
    expect(await ipc.ipcRenderer.invoke('pos:printer:status')).toMatchObject({ ok: false, code: 'E_SENDER' });
    expect(handlers.printerStatus).not.toHaveBeenCalled();
  });

  it('turns a throwing service into E_INTERNAL without a stack trace', async () => {
    const handlers = {
      ...spyHandlers(),
      printerStatus: vi.fn(async (): Promise<never> => {
        throw new Error('EACCES /dev/usb/lp0 at Object.<anonymous> (/opt/app/main.js:1:1)');
      }),
    };
    const { ipc, problems } = setup(handlers);
    const r = await ipc.ipcRenderer.invoke('pos:printer:status');
    expect(r).toEqual({ ok: false, code: 'E_INTERNAL', message: 'internal error' });
    expect(problems[0]?.detail).toContain('EACCES');
  });

  it('passes service error results through with their code', async () => {
    const handlers = {
      ...spyHandlers(),
      openDrawer: vi.fn(async () => err('E_PRINTER_NONE', 'no printer configured')),
    };
    const { ipc } = setup(handlers);
    expect(await ipc.ipcRenderer.invoke('pos:drawer:open')).toEqual({
      ok: false,
      code: 'E_PRINTER_NONE',
      message: 'no printer configured',
    });
  });

  it('refuses a service answer that breaks the contract', async () => {
    const handlers = {
      ...spyHandlers(),
      printerStatus: vi.fn(async () => ok({ state: 'smoking' as 'ready' })),
      getConfig: vi.fn(() => 'not a result' as unknown as ReturnType<IpcHandlers['getConfig']>),
    };
    const { ipc } = setup(handlers);
    expect(await ipc.ipcRenderer.invoke('pos:printer:status')).toMatchObject({
      ok: false,
      code: 'E_INTERNAL',
    });
    expect(await ipc.ipcRenderer.invoke('pos:config:get')).toMatchObject({ ok: false, code: 'E_INTERNAL' });
  });

  it('refuses to bind with a handler missing, and unbinds every channel', () => {
    const ipc = createInProcessIpc(() => ({}));
    const partial = { ...spyHandlers(), log: undefined } as unknown as IpcHandlers;
    expect(() => bindIpc(ipc.ipcMain, partial, { isTrustedSender: () => true })).toThrow(/pos:log/);
    expect(ipc.ipcMain.channels()).toEqual([]);
    const { ipc: bound, unbind } = setup();
    unbind();
    expect(bound.ipcMain.channels()).toEqual([]);
  });
});
