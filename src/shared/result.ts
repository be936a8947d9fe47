// What crosses a boundary (IPC, HTTP, config files) comes back as a Result with a code, never as a thrown
// error: contextBridge and ipcMain.handle keep only an error's message, and the UI needs a code to translate.
import { z } from 'zod';

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; code: string; message: string };
export type Result<T> = Ok<T> | Err;

export function ok(): Ok<void>;
export function ok<T>(value: T): Ok<T>;
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value };
}

export function err(code: string, message: string): Err {
  return { ok: false, code, message };
}

/** Schema of a whole Result carrying `value`: lets a receiver check what came back over a boundary. */
export function resultSchema<S extends z.ZodType>(value: S) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
  ]);
}

/** 'printer.paperWidth: Invalid input' lines for a zod error: path first, so staff can find the field. */
export function describeZodError(error: z.ZodError, max = 5): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - max;
  return more > 0 ? `${parts.join('; ')}; (+${more} more)` : parts.join('; ');
}
