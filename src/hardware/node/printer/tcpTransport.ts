// Network printers on TCP 9100 (raw port). One connection per job or status query: many printers serve a single
// connection at a time, and a connection left open blocks the office PC that wants to print a test page.
import { connect, type Socket } from 'node:net';
import { ByteInbox, offline, type PrinterLink, type PrinterTransport } from './link';

export interface TcpPrinterAddress {
  host: string;
  port?: number;
}

function linkOver(socket: Socket, where: string): PrinterLink {
  const inbox = new ByteInbox();
  socket.on('data', (chunk: Buffer) => inbox.push(chunk));
  socket.on('error', (e) => inbox.fail(offline(e, where)));
  socket.on('close', () => inbox.fail(offline(new Error('connection closed'), where)));
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (socket.destroyed) return reject(offline(new Error('connection closed'), where));
        socket.write(bytes, (e) => (e ? reject(offline(e, where)) : resolve()));
      }),
    read: (n, timeoutMs) => {
      if (n > 0 && socket.destroyed) return Promise.reject(offline(new Error('connection closed'), where));
      return inbox.take(n, timeoutMs);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        // end() flushes what was written; a peer that never closes its side is cut off after a second.
        const timer = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      }),
  };
}

export function tcpTransport(addr: TcpPrinterAddress): PrinterTransport {
  const port = addr.port ?? 9100;
  const where = `tcp ${addr.host}:${port}`;
  return {
    name: where,
    open: (timeoutMs) =>
      new Promise<PrinterLink>((resolve, reject) => {
        const socket = connect({ host: addr.host, port });
        socket.setNoDelay(true);
        const timer = setTimeout(() => {
          socket.destroy();
          reject(offline(new Error(`no connection within ${timeoutMs} ms`), where));
        }, timeoutMs);
        socket.once('error', (e) => {
          clearTimeout(timer);
          reject(offline(e, where));
        });
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          resolve(linkOver(socket, where));
        });
      }),
  };
}
