import { describe, expect, it } from 'vitest';
import { idleView, type CustomerDisplayView } from '../../shared/customerDisplay';
import type { VfdPort } from '../../hardware/node/vfd/serialVfd';
import {
  createPoleDisplay,
  customerWindowDisplay,
  pickCustomerDisplay,
  type DisplayInfo,
} from './displayService';

const d = (id: number, x: number, internal?: boolean): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width: 1920, height: 1080 },
  ...(internal !== undefined ? { internal } : {}),
});

describe('customer window placement', () => {
  it('never uses the cashier screen; prefers an external monitor, then the leftmost', () => {
    expect(pickCustomerDisplay([d(1, 0)], 1)).toBeNull();
    expect(pickCustomerDisplay([d(1, 0), d(2, 1920)], 1)?.id).toBe(2);
    expect(pickCustomerDisplay([d(2, 1920), d(1, 0)], 2)?.id).toBe(1);
    expect(pickCustomerDisplay([d(1, 0), d(3, 3840), d(2, 1920)], 1)?.id).toBe(2);
    expect(pickCustomerDisplay([d(1, 0), d(2, 1920, true), d(3, 3840, false)], 1)?.id).toBe(3);
  });

  it('opens the window for auto and window, not for a pole display or none', () => {
    const two = [d(1, 0), d(2, 1920)];
    expect(customerWindowDisplay(undefined, two, 1)?.id).toBe(2);
    expect(customerWindowDisplay({ kind: 'auto' }, two, 1)?.id).toBe(2);
    expect(customerWindowDisplay({ kind: 'window' }, two, 1)?.id).toBe(2);
    expect(customerWindowDisplay({ kind: 'window' }, [d(1, 0)], 1)).toBeNull();
    expect(customerWindowDisplay({ kind: 'vfd', path: '/dev/ttyS0' }, two, 1)).toBeNull();
    expect(customerWindowDisplay({ kind: 'none' }, two, 1)).toBeNull();
  });
});

function view(dueFen: number, seq = 1): CustomerDisplayView {
  return {
    ...idleView('天河店', 'zh-CN', seq),
    phase: 'sale',
    lines: [
      {
        lineId: 'a',
        name: '可乐',
        nameEn: 'Cola',
        code: '6901234567892',
        qty: 1,
        unitPriceFen: dueFen,
        amountFen: dueFen,
        discountFen: 0,
      },
    ],
    lastLineId: 'a',
    itemCount: 1,
    dueFen,
  };
}

function fakePorts() {
  const screens: string[] = [];
  const opened: unknown[] = [];
  let failNext = 0;
  let openFails = 0;
  let release: (() => void) | null = null;
  let hold = false;
  const open = async (o: unknown): Promise<VfdPort> => {
    opened.push(o);
    if (openFails > 0) {
      openFails--;
      throw new Error('ENOENT: /dev/ttyUSB0');
    }
    return {
      async show(lines) {
        if (hold) await new Promise<void>((r) => (release = r));
        if (failNext > 0) {
          failNext--;
          throw new Error('EIO');
        }
        screens.push(lines[1].trim());
      },
      async close() {},
    };
  };
  return {
    open,
    screens,
    opened,
    failWrites: (n: number) => (failNext = n),
    failOpens: (n: number) => (openFails = n),
    holdWrites: (on: boolean) => {
      hold = on;
      if (!on) release?.();
    },
  };
}

function logSpy() {
  const lines: string[] = [];
  return {
    lines,
    log: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) },
  };
}

describe('pole display', () => {
  it('does nothing without a pole display configured', async () => {
    const ports = fakePorts();
    const p = createPoleDisplay({ config: { kind: 'auto' }, log: logSpy().log, open: ports.open });
    expect(p.enabled).toBe(false);
    expect(p.show(view(100))).toEqual({ ok: true, value: undefined });
    await p.idle();
    expect(ports.opened).toEqual([]);
  });

  it('opens the configured port once and writes each new screen, skipping repeats', async () => {
    const ports = fakePorts();
    const p = createPoleDisplay({
      config: { kind: 'vfd', path: '/dev/ttyUSB0', baudRate: 19200, charset: 'ascii' },
      log: logSpy().log,
      open: ports.open,
    });
    p.show(view(100));
    await p.idle();
    p.show(view(100, 2));
    await p.idle();
    p.show(view(250, 3));
    await p.idle();
    expect(ports.opened).toEqual([{ path: '/dev/ttyUSB0', baudRate: 19200, charset: 'ascii' }]);
    expect(ports.screens).toEqual(['TOTAL           1.00', 'TOTAL           2.50']);
  });

  it('answers at once while the port is slow, and writes only the newest queued view', async () => {
    const ports = fakePorts();
    const p = createPoleDisplay({
      config: { kind: 'vfd', path: '/dev/ttyUSB0' },
      log: logSpy().log,
      open: ports.open,
    });
    ports.holdWrites(true);
    p.show(view(100));
    await new Promise((r) => setImmediate(r));
    for (const fen of [200, 300, 400]) expect(p.show(view(fen)).ok).toBe(true);
    ports.holdWrites(false);
    await p.idle();
    expect(ports.screens).toEqual(['TOTAL           1.00', 'TOTAL           4.00']);
  });

  it('an unplugged display is logged once, retried after a pause, and logged again when back', async () => {
    const ports = fakePorts();
    const { lines, log } = logSpy();
    let t = 0;
    const p = createPoleDisplay({
      config: { kind: 'vfd', path: '/dev/ttyUSB0' },
      log,
      open: ports.open,
      retryMs: 1000,
      now: () => t,
    });
    ports.failOpens(2);
    p.show(view(100));
    await p.idle();
    p.show(view(200));
    await p.idle();
    expect(ports.opened).toHaveLength(1); // within the pause: not even tried
    t = 1500;
    p.show(view(300));
    await p.idle();
    expect(ports.opened).toHaveLength(2);
    t = 3000;
    p.show(view(400));
    await p.idle();
    expect(ports.screens).toEqual(['TOTAL           4.00']);
    expect(lines).toEqual(['warn pole display unavailable', 'info pole display back']);

    // A write error closes the port; the next view after the pause reopens it.
    ports.failWrites(1);
    p.show(view(500));
    await p.idle();
    t = 5000;
    p.show(view(600));
    await p.idle();
    expect(ports.opened).toHaveLength(4);
    expect(ports.screens).toEqual(['TOTAL           4.00', 'TOTAL           6.00']);
  });
});
