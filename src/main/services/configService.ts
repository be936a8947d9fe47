// The terminal config file. A hand-edited file that went bad must not stop the till: the service answers a
// clear error, keeps running on the last good config (kept as a copy beside the file) or the defaults, and
// leaves the bad file untouched so the technician can see and fix what they typed.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONFIG_INVALID,
  DEFAULT_TERMINAL_CONFIG,
  parseTerminalConfig,
  type TerminalConfig,
} from '../../shared/config';
import { err, ok, type Result } from '../../shared/result';

export const CONFIG_READ_FAILED = 'E_CONFIG_READ';
export const CONFIG_WRITE_FAILED = 'E_CONFIG_WRITE';

export type ConfigSource = 'file' | 'lastGood' | 'default';

export interface ConfigStatus {
  source: ConfigSource;
  /** Why the file itself is not in use, when it is not. */
  problem?: { code: string; message: string };
}

export interface ConfigService {
  readonly filePath: string;
  readonly lastGoodPath: string;
  /** Reads the file. On a bad file: an error result, and current() falls back. */
  load(): Promise<Result<TerminalConfig>>;
  current(): TerminalConfig;
  status(): ConfigStatus;
  /** Validates, then writes atomically; bad input writes nothing. */
  save(input: unknown): Promise<Result<TerminalConfig>>;
}

export interface ConfigServiceOptions {
  dir: string;
  fileName?: string;
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e
    ? String((e as { code: unknown }).code)
    : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// Notepad on Windows saves UTF-8 with a BOM, which JSON.parse refuses.
function parseJson(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  } catch (e) {
    return err(CONFIG_INVALID, `not valid JSON (${messageOf(e)})`);
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

export function createConfigService(opts: ConfigServiceOptions): ConfigService {
  const fileName = opts.fileName ?? 'terminal-config.json';
  const filePath = join(opts.dir, fileName);
  const lastGoodPath = join(opts.dir, fileName.replace(/\.json$/, '') + '.last-good.json');
  let current: TerminalConfig = DEFAULT_TERMINAL_CONFIG;
  let status: ConfigStatus = { source: 'default' };
  let haveGood = false;

  async function readLastGood(): Promise<TerminalConfig | undefined> {
    try {
      const json = parseJson(await readFile(lastGoodPath, 'utf8'));
      if (!json.ok) return undefined;
      const parsed = parseTerminalConfig(json.value);
      return parsed.ok ? parsed.value : undefined;
    } catch {
      return undefined;
    }
  }

  async function fallBack(problem: { code: string; message: string }): Promise<Result<TerminalConfig>> {
    if (!haveGood) {
      const lastGood = await readLastGood();
      if (lastGood) {
        current = lastGood;
        haveGood = true;
      }
    }
    status = { source: haveGood ? 'lastGood' : 'default', problem };
    return err(problem.code, `${filePath}: ${problem.message}`);
  }

  async function accept(config: TerminalConfig, writeMain: boolean): Promise<Result<TerminalConfig>> {
    const text = `${JSON.stringify(config, null, 2)}\n`;
    try {
      await mkdir(opts.dir, { recursive: true });
      if (writeMain) await writeAtomically(filePath, text);
      await writeAtomically(lastGoodPath, text);
    } catch (e) {
      if (writeMain) return err(CONFIG_WRITE_FAILED, `${filePath}: ${messageOf(e)}`);
      // The file itself is fine; only the safety copy failed. Keep going.
    }
    current = config;
    haveGood = true;
    status = { source: 'file' };
    return ok(config);
  }

  return {
    filePath,
    lastGoodPath,
    async load() {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (e) {
        if (errorCode(e) !== 'ENOENT') return fallBack({ code: CONFIG_READ_FAILED, message: messageOf(e) });
        // First start (or the file was deleted): write out what we run on, so there is a file to edit.
        const restored = (await readLastGood()) ?? current;
        return accept(restored, true);
      }
      const json = parseJson(text);
      if (!json.ok) return fallBack({ code: json.code, message: json.message });
      const parsed = parseTerminalConfig(json.value);
      if (!parsed.ok) return fallBack({ code: parsed.code, message: parsed.message });
      return accept(parsed.value, false);
    },
    current: () => current,
    status: () => status,
    async save(input) {
      const parsed = parseTerminalConfig(input);
      if (!parsed.ok) return parsed;
      return accept(parsed.value, true);
    },
  };
}
