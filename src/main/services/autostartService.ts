// Start the till when the cashier logs in. Windows (and macOS) have Electron's login items; Linux has none, so
// there the XDG autostart entry (~/.config/autostart/*.desktop) is written or removed.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TerminalConfig } from '../../shared/config';

export const AUTOSTART_FILE = 'store-terminal.desktop';

/** Kiosk cashier PCs start the till at login unless the config says otherwise; other setups only on request. */
export function wantsStartAtLogin(config: Pick<TerminalConfig, 'startAtLogin' | 'mode' | 'kiosk'>): boolean {
  return config.startAtLogin ?? (config.mode === 'cashier' && config.kiosk === true);
}

export interface AutostartDeps {
  platform: NodeJS.Platform;
  /** app.setLoginItemSettings (Windows, macOS). */
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  /** What to start: the AppImage file when run from one (its mount path changes every run), else the binary. */
  executable: string;
  /** ~/.config/autostart on Linux. */
  autostartDir: string;
}

/** Exec= value per the desktop entry spec: quoted, with ", `, $ and \ escaped. */
export function desktopExec(path: string): string {
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=门店收银 Store Terminal',
    `Exec=${desktopExec(executable)}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export async function applyStartAtLogin(want: boolean, deps: AutostartDeps): Promise<void> {
  if (deps.platform === 'linux') {
    const file = join(deps.autostartDir, AUTOSTART_FILE);
    if (want) {
      await mkdir(deps.autostartDir, { recursive: true });
      await writeFile(file, autostartEntry(deps.executable), 'utf8');
    } else {
      await rm(file, { force: true });
    }
    return;
  }
  deps.setLoginItemSettings({ openAtLogin: want });
}
