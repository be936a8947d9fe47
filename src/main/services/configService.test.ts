import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TERMINAL_CONFIG } from '../../shared/config';
import { createConfigService } from './configService';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const good = { ...DEFAULT_TERMINAL_CONFIG, storeId: 'S088', storeName: '越秀店', terminalId: 'T01' };

describe('configService', () => {
  it('writes the defaults on first start so there is a file to edit', async () => {
    const svc = createConfigService({ dir });
    const r = await svc.load();
    expect(r).toEqual({ ok: true, value: DEFAULT_TERMINAL_CONFIG });
    expect(JSON.parse(await readFile(svc.filePath, 'utf8'))).toEqual(DEFAULT_TERMINAL_CONFIG);
    expect(svc.status().source).toBe('file');
  });

  it('reads a good file, including one saved with a BOM by Notepad', async () => {
    const svc = createConfigService({ dir });
    await writeFile(svc.filePath, `\uFEFF${JSON.stringify(good)}`);
    expect(await svc.load()).toEqual({ ok: true, value: good });
    expect(svc.current()).toEqual(good);
  });

  it('refuses an update server that is not https at parse time (the feed decides what code the till runs)', async () => {
    const svc = createConfigService({ dir });
    await writeFile(svc.filePath, JSON.stringify({ ...good, updateUrl: 'http://updates.store.lan/pos/' }));
    const r = await svc.load();
    expect(r).toMatchObject({ ok: false, code: 'E_CONFIG_INVALID' });
    expect(!r.ok && r.message).toContain('updateUrl');
    expect(svc.current().updateUrl).toBeUndefined();
    await writeFile(svc.filePath, JSON.stringify({ ...good, updateUrl: 'https://updates.store.lan/pos/' }));
    expect(await svc.load()).toMatchObject({
      ok: true,
      value: { updateUrl: 'https://updates.store.lan/pos/' },
    });
  });

  it('refuses a file that is not JSON, keeps it untouched and runs on the defaults', async () => {
    const svc = createConfigService({ dir });
    await writeFile(svc.filePath, '{ "storeId": "S088", ');
    const r = await svc.load();
    expect(r).toMatchObject({ ok: false, code: 'E_CONFIG_INVALID' });
    expect(!r.ok && r.message).toContain('not valid JSON');
    expect(await readFile(svc.filePath, 'utf8')).toBe('{ "storeId": "S088", ');
    expect(svc.current()).toEqual(DEFAULT_TERMINAL_CONFIG);
    expect(svc.status()).toMatchObject({ source: 'default', problem: { code: 'E_CONFIG_INVALID' } });
  });

  it('falls back to the last good config, across restarts, when the file goes bad', async () => {
    const first = createConfigService({ dir });
    await writeFile(first.filePath, JSON.stringify(good));
    expect((await first.load()).ok).toBe(true);

    const badText = JSON.stringify({ ...good, printer: { kind: 'preview', paperWidth: 76 } });
    await writeFile(first.filePath, badText);
    const again = await first.load();
    expect(!again.ok && again.message).toContain('printer.paperWidth');
    expect(first.current()).toEqual(good);

    const restarted = createConfigService({ dir });
    expect((await restarted.load()).ok).toBe(false);
    expect(restarted.current()).toEqual(good);
    expect(restarted.status().source).toBe('lastGood');
    expect(await readFile(restarted.filePath, 'utf8')).toBe(badText);
  });

  it('saves only valid configs, atomically, without leaving temp files', async () => {
    const svc = createConfigService({ dir });
    await svc.load();
    const bad = await svc.save({ ...good, terminalId: '' });
    expect(bad).toMatchObject({ ok: false, code: 'E_CONFIG_INVALID' });
    expect(JSON.parse(await readFile(svc.filePath, 'utf8'))).toEqual(DEFAULT_TERMINAL_CONFIG);

    expect(await svc.save(good)).toEqual({ ok: true, value: good });
    expect(JSON.parse(await readFile(svc.filePath, 'utf8'))).toEqual(good);
    expect(JSON.parse(await readFile(svc.lastGoodPath, 'utf8'))).toEqual(good);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
