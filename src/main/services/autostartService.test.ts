import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStartAtLogin, AUTOSTART_FILE, desktopExec, wantsStartAtLogin } from './autostartService';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-autostart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('start at login', () => {
  it('defaults to on for kiosk cashier terminals only; the config can say otherwise', () => {
    expect(wantsStartAtLogin({ mode: 'cashier', kiosk: true })).toBe(true);
    expect(wantsStartAtLogin({ mode: 'cashier' })).toBe(false);
    expect(wantsStartAtLogin({ mode: 'pda', kiosk: true })).toBe(false);
    expect(wantsStartAtLogin({ mode: 'cashier', kiosk: true, startAtLogin: false })).toBe(false);
    expect(wantsStartAtLogin({ mode: 'pda', startAtLogin: true })).toBe(true);
  });

  it('uses Electron login items on Windows', async () => {
    const setLoginItemSettings = vi.fn();
    const deps = {
      platform: 'win32' as const,
      setLoginItemSettings,
      executable: 'C:\\x.exe',
      autostartDir: dir,
    };
    await applyStartAtLogin(true, deps);
    await applyStartAtLogin(false, deps);
    expect(setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const setLoginItemSettings = vi.fn();
    const autostartDir = join(dir, 'autostart');
    const deps = {
      platform: 'linux' as const,
      setLoginItemSettings,
      executable: '/home/收银/StoreTerminal "x".AppImage',
      autostartDir,
    };
    await applyStartAtLogin(true, deps);
    const entry = await readFile(join(autostartDir, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/home/收银/StoreTerminal \\"x\\".AppImage"');
    await applyStartAtLogin(false, deps);
    await expect(stat(join(autostartDir, AUTOSTART_FILE))).rejects.toThrow();
    await applyStartAtLogin(false, deps); // already gone: fine
    expect(setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes Exec so a path cannot inject a second command', () => {
    expect(desktopExec('/opt/a b/$(rm -rf ~)`x`\\')).toBe('"/opt/a b/\\$(rm -rf ~)\\`x\\`\\\\"');
  });
});
