// An ESC/POS network printer on 127.0.0.1 (port 0) for tests: it decodes what arrives (GB18030 text lines, QR
// payloads, barcodes, logos, cuts, drawer pulses) and answers DLE EOT like a real printer, with paper out, cover
// open, paper near its end, offline, or no answer at all, as the test sets it.
import { createServer, type Server, type Socket } from 'node:net';
import { statusBytesFor } from '../../src/hardware/core/escpos/status';
import { EscPosDecoder, groupReceipts, type DecodedReceipt } from './escposDecoder';

export interface EmulatorCondition {
  paperOut?: boolean;
  coverOpen?: boolean;
  paperNearEnd?: boolean;
  /** Cutter jam or another fault. */
  error?: boolean;
  /** Reports itself offline (bit 3 of DLE EOT 1). */
  offline?: boolean;
  /** Never answers a status query (a printer without real-time status, or a hung one). */
  mute?: boolean;
  /** Drops every connection at once (a printer rebooting, a pulled cable at the switch). */
  refuse?: boolean;
}

export interface EmulatedJob extends DecodedReceipt {
  /** The job arrived while the printer could not print (paper out, cover open): it would be lost on paper. */
  whileNotReady: boolean;
  connection: number;
}

export interface PrinterEmulator {
  readonly host: string;
  readonly port: number;
  condition: EmulatorCondition;
  /** Every job received (each ESC @ starts one), oldest first. */
  readonly jobs: EmulatedJob[];
  /** Jobs that ended with a cut: receipts in the customer's hand. */
  receipts(): EmulatedJob[];
  drawerPulses(): number;
  statusQueries: number;
  connections: number;
  /** Resolves once `n` receipts have been cut, or rejects after `timeoutMs` with what did arrive. */
  waitForReceipts(n: number, timeoutMs?: number): Promise<EmulatedJob[]>;
  close(): Promise<void>;
}

function notReady(c: EmulatorCondition): boolean {
  return Boolean(c.paperOut || c.coverOpen || c.error || c.offline);
}

export async function startPrinterEmulator(initial: EmulatorCondition = {}): Promise<PrinterEmulator> {
  const sockets = new Set<Socket>();
  const emu = {
    host: '127.0.0.1',
    port: 0,
    condition: { ...initial },
    jobs: [] as EmulatedJob[],
    statusQueries: 0,
    connections: 0,
    receipts: () => emu.jobs.filter((j) => j.cut),
    drawerPulses: () => emu.jobs.reduce((n, j) => n + j.drawerPulses, 0),
    waitForReceipts: async (n: number, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (emu.receipts().length >= n) return emu.receipts();
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(
        `expected ${n} receipts, got ${emu.receipts().length} (${emu.jobs.length} jobs, ${emu.statusQueries} status queries)`,
      );
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server: Server = createServer((socket) => {
    emu.connections++;
    const connection = emu.connections;
    if (emu.condition.refuse) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const decoder = new EscPosDecoder();
    const mine: DecodedReceipt[] = [];
    socket.on('data', (chunk: Buffer) => {
      const events = decoder.push(chunk);
      for (const e of events) {
        if (e.t !== 'status') continue;
        emu.statusQueries++;
        if (emu.condition.mute) continue;
        const c = emu.condition;
        const bytes = statusBytesFor({
          paperOut: c.paperOut ?? false,
          coverOpen: c.coverOpen ?? false,
          paperNearEnd: c.paperNearEnd ?? false,
          error: c.error ?? false,
          online: !c.offline,
        });
        const answer = bytes[e.n - 1];
        if (answer !== undefined) socket.write(Buffer.from([answer]));
      }
      const before = mine.length;
      groupReceipts(events, mine);
      // New jobs join the shared list as they start, so a test sees a receipt while its connection is open.
      for (let i = before; i < mine.length; i++) {
        const job = Object.assign(mine[i]!, {
          whileNotReady: notReady(emu.condition),
          connection,
        }) as EmulatedJob;
        emu.jobs.push(job);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (typeof addr !== 'object' || !addr) throw new Error('emulator has no port');
  emu.port = addr.port;
  return emu;
}
