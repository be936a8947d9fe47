// Structured JSON-lines log for the main process and, through IPC, the renderer. Files rotate by size
// (terminal.log, terminal.1.log ... oldest dropped). Writing a log line must never throw into a sale,
// so failures are counted, not raised. Writes are synchronous: the volume is small and the order is kept.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry, LogLevel } from '../../shared/platform';

export interface LogRecord extends LogEntry {
  /** Which side wrote it: 'main', 'renderer', a service name. */
  src?: string;
}

export interface LogService {
  readonly filePath: string;
  write(entry: LogRecord): void;
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  /** Lines that could not be written (disk full, permissions). */
  failures(): number;
}

export interface LogServiceOptions {
  dir: string;
  baseName?: string;
  /** Rotate when the current file would grow past this. */
  maxBytes?: number;
  /** Files kept, the current one included. */
  maxFiles?: number;
  /** A longer line keeps its message but loses its data. */
  maxLineBytes?: number;
  minLevel?: LogLevel;
  now?: () => Date;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Errors lose their fields in JSON.stringify; cycles and BigInt make it throw.
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}

export function createLogService(opts: LogServiceOptions): LogService {
  const baseName = opts.baseName ?? 'terminal';
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const maxFiles = Math.max(1, opts.maxFiles ?? 5);
  const maxLineBytes = opts.maxLineBytes ?? 16 * 1024;
  const minLevel = LEVELS[opts.minLevel ?? 'debug'];
  const now = opts.now ?? (() => new Date());
  const filePath = join(opts.dir, `${baseName}.log`);
  const rotated = (i: number) => (i === 0 ? filePath : join(opts.dir, `${baseName}.${i}.log`));
  let failed = 0;
  let size = 0;

  try {
    mkdirSync(opts.dir, { recursive: true });
    size = statSync(filePath).size;
  } catch {
    size = 0;
  }

  function rotate(): void {
    rmSync(rotated(maxFiles - 1), { force: true });
    for (let i = maxFiles - 2; i >= 0; i--) {
      try {
        renameSync(rotated(i), rotated(i + 1));
      } catch {
        // a missing older file is normal
      }
    }
    size = 0;
  }

  function format(entry: LogRecord): string {
    const base = { ts: now().toISOString(), level: entry.level, src: entry.src ?? 'main', msg: entry.msg };
    let line: string;
    try {
      line = safeStringify(entry.data === undefined ? base : { ...base, data: entry.data });
    } catch {
      line = safeStringify({ ...base, data: '[unserialisable]' });
    }
    if (Buffer.byteLength(line) > maxLineBytes) {
      line = safeStringify({
        ...base,
        msg: entry.msg.slice(0, 2000),
        data: { truncated: true, bytes: Buffer.byteLength(line) },
      });
    }
    return `${line}\n`;
  }

  function write(entry: LogRecord): void {
    if ((LEVELS[entry.level] ?? LEVELS.info) < minLevel) return;
    try {
      const line = format(entry);
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(filePath, line, 'utf8');
      size += bytes;
    } catch {
      failed++;
    }
  }

  return {
    filePath,
    write,
    debug: (msg, data) => write({ level: 'debug', msg, data }),
    info: (msg, data) => write({ level: 'info', msg, data }),
    warn: (msg, data) => write({ level: 'warn', msg, data }),
    error: (msg, data) => write({ level: 'error', msg, data }),
    failures: () => failed,
  };
}
