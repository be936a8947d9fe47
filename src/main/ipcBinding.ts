// Wires every channel of the IPC contract to its handler. Order of checks, for every call: the sender (our
// window's main frame, our origin), then the arguments (the channel's zod schema), and only then the service.
// Whatever happens, the renderer gets a Result with a code: ipcMain.handle would reduce a thrown error to a
// message with our stack trace in it.
import {
  IPC_CHANNEL_KEYS,
  IPC_CHANNELS,
  IPC_ERROR,
  type IpcChannelSpec,
  type IpcHandlers,
} from '../shared/ipc';
import { describeZodError, err, type Result } from '../shared/result';

export interface IpcMainLike<E = unknown> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface BindIpcOptions<E = unknown> {
  isTrustedSender(event: E): boolean;
  /** Reports refusals and failures (to the log); never sent to the renderer. */
  onProblem?(problem: { channel: string; code: string; detail: string }): void;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; code?: unknown; message?: unknown };
  return v.ok === true
    ? 'value' in value
    : v.ok === false && typeof v.code === 'string' && typeof v.message === 'string';
}

/** Registers a handler for every channel; returns a function that removes them again. */
export function bindIpc<E>(
  ipcMain: IpcMainLike<E>,
  handlers: IpcHandlers,
  opts: BindIpcOptions<E>,
): () => void {
  // All or nothing: a missing handler is a wiring bug, found before any channel is live.
  for (const key of IPC_CHANNEL_KEYS) {
    if (typeof handlers[key] !== 'function')
      throw new Error(`no handler for IPC channel ${IPC_CHANNELS[key].channel}`);
  }
  const channels: string[] = [];
  for (const key of IPC_CHANNEL_KEYS) {
    const spec: IpcChannelSpec = IPC_CHANNELS[key];
    const handler = handlers[key] as unknown as (...args: unknown[]) => unknown;
    const problem = (code: string, detail: string, message: string): Result<never> => {
      opts.onProblem?.({ channel: spec.channel, code, detail });
      return err(code, message);
    };

    ipcMain.handle(spec.channel, async (event: E, ...raw: unknown[]): Promise<Result<unknown>> => {
      let trusted: boolean;
      try {
        trusted = opts.isTrustedSender(event) === true;
      } catch (e) {
        trusted = false;
        opts.onProblem?.({ channel: spec.channel, code: IPC_ERROR.sender, detail: String(e) });
      }
      if (!trusted) return problem(IPC_ERROR.sender, 'untrusted sender', 'request refused');

      const args = spec.args.safeParse(raw);
      if (!args.success) {
        const detail = describeZodError(args.error);
        return problem(IPC_ERROR.invalidArgs, detail, detail);
      }

      let answer: unknown;
      try {
        answer = await handler(...args.data);
      } catch (e) {
        const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        return problem(IPC_ERROR.internal, detail, 'internal error');
      }
      if (!isResult(answer))
        return problem(IPC_ERROR.internal, 'handler returned no Result', 'internal error');
      if (!answer.ok) return err(answer.code, answer.message);
      const value = spec.result.safeParse(answer.value);
      if (!value.success) {
        return problem(
          IPC_ERROR.internal,
          `result breaks the contract: ${describeZodError(value.error)}`,
          'internal error',
        );
      }
      return { ok: true, value: value.data };
    });
    channels.push(spec.channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
