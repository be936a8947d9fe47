// The shell's channels for real: config file on disk, log file, pole display over a real pty pair, behind the
// real preload bridge and IPC binding (only Electron's transport is stood in for).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { buildBridge } from '../../preload/bridge';
import { idleView } from '../../shared/customerDisplay';
import { createAppServices } from '../appServices';
import { bindIpc } from '../ipcBinding';
import { createInProcessIpc } from '../inProcessIpc';
import { CONFIG_PROTECTED_FIELD } from '../../shared/config';
import { changedKeys } from './shellServices';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pos-shell-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function start(configFile?: object) {
  if (configFile) {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(root, 'config'), { recursive: true });
    await writeFile(join(root, 'config', 'terminal-config.json'), JSON.stringify(configFile));
  }
  const services = await createAppServices({ configDir: join(root, 'config'), logDir: join(root, 'logs') });
  const ipc = createInProcessIpc(() => ({ trusted: true }));
  bindIpc(ipc.ipcMain, services.handlers, { isTrustedSender: (e) => e.trusted });
  return { services, pos: buildBridge(ipc.ipcRenderer) };
}

const GOOD = { storeId: 'S009', storeName: '北京路店', terminalId: 'T01', kiosk: true };

describe('config file through the settings screen', () => {
  it('saves a good config to the file and logs which fields changed', async () => {
    const { pos, services } = await start();
    expect(await pos.saveConfig(GOOD)).toEqual({ ok: true, value: { saved: true } });
    const onDisk = JSON.parse(await readFile(services.config.filePath, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject(GOOD);
    expect(await pos.configStatus()).toEqual({
      ok: true,
      value: { source: 'file', filePath: services.config.filePath, writable: true },
    });
    const log = await readFile(join(root, 'logs', 'terminal.log'), 'utf8');
    expect(log).toContain('"msg":"config saved"');
    expect(log).toContain('"changed":["kiosk","storeId","storeName","terminalId"]');
  });

  it('answers bad values as field issues and writes nothing', async () => {
    const { pos, services } = await start();
    const before = await readFile(services.config.filePath, 'utf8');
    const r = await pos.saveConfig({
      ...GOOD,
      terminalId: 'T 01',
      printer: { kind: 'tcp', paperWidth: 80 },
    });
    expect(r.ok && !r.value.saved && r.value.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['terminalId', 'invalid_format'],
      ['printer.host', 'custom'],
    ]);
    expect(await readFile(services.config.filePath, 'utf8')).toBe(before);
  });

  it('refuses crmUrl and updateUrl from the renderer, whatever their value, and writes nothing', async () => {
    const installed = {
      ...GOOD,
      crmUrl: 'https://crm.store.lan',
      updateUrl: 'https://updates.store.lan/pos/',
    };
    const { pos, services } = await start(installed);
    const before = await readFile(services.config.filePath, 'utf8');
    for (const attempt of [
      { ...installed, crmUrl: 'https://evil.example' },
      { ...installed, updateUrl: 'https://evil.example/pos/' },
      { ...GOOD, crmUrl: installed.crmUrl },
    ]) {
      const r = await pos.saveConfig(attempt);
      expect(r.ok && !r.value.saved && r.value.issues.map((i) => [i.path.join('.'), i.code])).toEqual(
        Object.keys(attempt)
          .filter((k) => k === 'crmUrl' || k === 'updateUrl')
          .map((k) => [k, CONFIG_PROTECTED_FIELD]),
      );
    }
    expect(await readFile(services.config.filePath, 'utf8')).toBe(before);
    const log = await readFile(join(root, 'logs', 'terminal.log'), 'utf8');
    expect(log).toContain('config save refused: protected keys');
  });

  it('keeps the installed crmUrl and updateUrl when the settings screen saves the rest', async () => {
    const installed = {
      ...GOOD,
      crmUrl: 'https://crm.store.lan',
      updateUrl: 'https://updates.store.lan/pos/',
    };
    const { pos, services } = await start(installed);
    expect(await pos.saveConfig({ ...GOOD, kiosk: false })).toEqual({ ok: true, value: { saved: true } });
    const onDisk = JSON.parse(await readFile(services.config.filePath, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ kiosk: false, crmUrl: installed.crmUrl, updateUrl: installed.updateUrl });
  });

  it('reports a broken file and the fallback it runs on', async () => {
    const { pos } = await start({ storeId: '', storeName: 'x', terminalId: 'T01' });
    const r = await pos.configStatus();
    expect(r.ok && r.value).toMatchObject({ source: 'default', problem: { code: 'E_CONFIG_INVALID' } });
  });

  it('lists changed top-level keys', () => {
    const a = {
      ...GOOD,
      mode: 'cashier',
      locale: 'zh-CN',
      crmUrl: '',
      printer: { kind: 'preview', paperWidth: 80 },
    } as never;
    expect(changedKeys(a, { ...(a as object), printer: { kind: 'none', paperWidth: 80 } } as never)).toEqual([
      'printer',
    ]);
  });
});

describe('updates and busy through IPC', () => {
  it('no update server: disabled, busy until the till reports, restart refused', async () => {
    const { pos } = await start();
    expect(await pos.updateStatus()).toEqual({ ok: true, value: { state: 'disabled', busy: true } });
    expect(await pos.reportBusy({ saleOpen: false, pendingOutbox: 0 })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await pos.updateStatus()).toEqual({ ok: true, value: { state: 'disabled', busy: false } });
    expect(await pos.installUpdate()).toMatchObject({ ok: false, code: 'E_NO_UPDATE' });
  });
});

describe('pole display through IPC', () => {
  let socat: ChildProcess | null = null;
  afterEach(() => {
    socat?.kill();
    socat = null;
  });

  it('a view from the till reaches the serial display', async () => {
    const ptys = await new Promise<string[]>((resolve, reject) => {
      socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0']);
      let text = '';
      socat.stderr?.on('data', (d: Buffer) => {
        text += d.toString();
        const found = [...text.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!);
        if (found.length === 2 && text.includes('starting data transfer loop')) resolve(found);
      });
      socat.on('error', reject);
    });
    const display = new SerialPort({ path: ptys[1]!, baudRate: 9600, autoOpen: false });
    await new Promise<void>((ok, fail) => display.open((e) => (e ? fail(e) : ok())));
    let got = Buffer.alloc(0);
    display.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));

    const { pos, services } = await start({
      ...GOOD,
      customerDisplay: { kind: 'vfd', path: ptys[0], charset: 'ascii' },
    });
    expect(await pos.showCustomerView(idleView('北京路店', 'zh-CN', 1))).toEqual({
      ok: true,
      value: undefined,
    });
    await services.poleDisplay.idle();
    for (let i = 0; i < 100 && got.length < 4 + 48; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.subarray(4 + 4, 4 + 24).toString('latin1')).toBe('      WELCOME       ');
    await services.poleDisplay.close();
    await new Promise<void>((ok) => display.close(() => ok()));
  });
});
