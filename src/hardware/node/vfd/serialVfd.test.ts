// The pole display over a real pseudo-terminal pair (socat): one end is the till's serial port, the other
// end stands in for the display and records every byte.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import iconv from 'iconv-lite';
import { idleView } from '../../../shared/customerDisplay';
import { VFD_INIT, vfdLines } from '../../core/vfd';
import { openSerialVfd } from './serialVfd';

interface PtyPair {
  till: string;
  display: string;
  socat: ChildProcess;
}

function startPtyPair(): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0']);
    const ptys: string[] = [];
    let text = '';
    socat.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      for (const m of text.matchAll(/PTY is (\S+)/g)) if (!ptys.includes(m[1]!)) ptys.push(m[1]!);
      if (ptys.length === 2 && text.includes('starting data transfer loop'))
        resolve({ till: ptys[0]!, display: ptys[1]!, socat });
    });
    socat.on('error', reject);
    socat.on('exit', (code) => reject(new Error(`socat exited ${code}: ${text}`)));
  });
}

/** The display's end: collects bytes until `n` have arrived. */
async function listen(path: string) {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((ok, fail) => port.open((e) => (e ? fail(e) : ok())));
  let got = Buffer.alloc(0);
  const waiters: { n: number; done: () => void }[] = [];
  port.on('data', (d: Buffer) => {
    got = Buffer.concat([got, d]);
    for (const w of waiters.splice(0))
      if (got.length >= w.n) w.done();
      else waiters.push(w);
  });
  return {
    async take(n: number): Promise<Buffer> {
      if (got.length < n) await new Promise<void>((done) => waiters.push({ n, done }));
      const out = got.subarray(0, n);
      got = got.subarray(n);
      return out;
    },
    close: () => new Promise<void>((ok) => port.close(() => ok())),
  };
}

let pair: PtyPair;
beforeEach(async () => {
  pair = await startPtyPair();
});
afterEach(() => {
  pair.socat.removeAllListeners('exit');
  pair.socat.kill();
});

describe('serial pole display', () => {
  it('initialises the display, then writes both rows in GB18030 at their positions', async () => {
    const display = await listen(pair.display);
    const vfd = await openSerialVfd({ path: pair.till, baudRate: 9600, charset: 'gb18030' });
    expect([...(await display.take(VFD_INIT.length))]).toEqual([...VFD_INIT]);

    const view = {
      ...idleView('天河店', 'zh-CN', 1),
      phase: 'sale' as const,
      lines: [
        {
          lineId: 'a',
          name: '可口可乐',
          nameEn: 'Coca-Cola',
          code: '6901234567892',
          qty: 2,
          unitPriceFen: 350,
          amountFen: 700,
          discountFen: 0,
        },
      ],
      lastLineId: 'a',
      itemCount: 2,
      dueFen: 700,
    };
    await vfd.show(vfdLines(view, 'gb18030'));
    // Each row: 4 bytes of cursor command + 20 columns (a Chinese character is 2 bytes and 2 columns).
    const screen = await display.take(48);
    expect([...screen.subarray(0, 4)]).toEqual([0x1f, 0x24, 1, 1]);
    expect(iconv.decode(screen.subarray(4, 24), 'gb18030')).toBe('2x 可口可乐   ￥7.00');
    expect([...screen.subarray(24, 28)]).toEqual([0x1f, 0x24, 1, 2]);
    expect(iconv.decode(screen.subarray(28, 48), 'gb18030')).toBe('合计          ￥7.00');
    await vfd.close();
    await display.close();
  });

  it('an ASCII display gets only printable ASCII', async () => {
    const display = await listen(pair.display);
    const vfd = await openSerialVfd({ path: pair.till });
    await display.take(VFD_INIT.length);
    await vfd.show(vfdLines(idleView('天河店', 'zh-CN'), 'ascii'));
    const screen = await display.take(48);
    const text = [...screen.subarray(4, 24), ...screen.subarray(28, 48)];
    expect(text.every((b) => b >= 0x20 && b <= 0x7e)).toBe(true);
    expect(Buffer.from(screen.subarray(4, 24)).toString('latin1')).toBe('      WELCOME       ');
    await vfd.close();
    await display.close();
  });

  it('a port that does not exist fails to open with an error, not a crash', async () => {
    await expect(openSerialVfd({ path: '/dev/pts/does-not-exist' })).rejects.toThrow();
  });
});
