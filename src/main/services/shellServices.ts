// The desktop shell's services: the config file behind the settings screen, updates, the pole display. Built
// here so appServices.ts only spreads the handlers in.
import {
  configIssues,
  protectedKeyIssues,
  TerminalConfigSchema,
  type TerminalConfig,
} from '../../shared/config';
import type { IpcHandlers } from '../../shared/ipc';
import { ok } from '../../shared/result';
import { openSerialVfd, type VfdPort } from '../../hardware/node/vfd/serialVfd';
import type { ConfigService } from './configService';
import type { LogService } from './logService';
import { createPoleDisplay, type PoleDisplay, type PoleDisplayOptions } from './displayService';
import { createUpdateService, type Timers, type UpdateService, type UpdaterLike } from './updateService';

export type ShellChannel =
  'saveConfig' | 'configStatus' | 'reportBusy' | 'updateStatus' | 'installUpdate' | 'showCustomerView';

export interface ShellServicesOptions {
  config: ConfigService;
  log: LogService;
  /** electron-updater's autoUpdater in a packaged app; null in development and tests. */
  updater?: UpdaterLike | null;
  timers?: Timers;
  openVfd?: PoleDisplayOptions['open'];
}

export interface ShellServices {
  updates: UpdateService;
  poleDisplay: PoleDisplay;
  handlers: Pick<IpcHandlers, ShellChannel>;
}

/** Top-level keys whose value differs: what the log says a manager changed (values can be long). */
export function changedKeys(before: TerminalConfig, after: TerminalConfig): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter(
      (k) =>
        JSON.stringify((before as Record<string, unknown>)[k]) !==
        JSON.stringify((after as Record<string, unknown>)[k]),
    )
    .sort();
}

export function createShellServices(opts: ShellServicesOptions): ShellServices {
  const { config, log } = opts;
  const current = config.current();
  const updates = createUpdateService({
    updater: opts.updater ?? null,
    url: current.updateUrl,
    log,
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  const poleDisplay = createPoleDisplay({
    config: current.customerDisplay,
    log,
    open: opts.openVfd ?? ((o): Promise<VfdPort> => openSerialVfd(o)),
  });

  const handlers: ShellServices['handlers'] = {
    async saveConfig(input) {
      // crmUrl and updateUrl come from the installer's config file only: a renderer (or whatever runs in it)
      // cannot point the till at another CRM or another update server.
      const refused = protectedKeyIssues(input);
      if (refused.length > 0) {
        log.warn('config save refused: protected keys', { keys: refused.map((i) => i.path.join('.')) });
        return ok({ saved: false as const, issues: refused });
      }
      const now = config.current();
      const parsed = TerminalConfigSchema.safeParse({
        ...input,
        crmUrl: now.crmUrl,
        ...(now.updateUrl !== undefined ? { updateUrl: now.updateUrl } : {}),
      });
      if (!parsed.success) {
        const issues = configIssues(parsed.error);
        log.warn('config save refused', { issues: issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
        return ok({ saved: false as const, issues });
      }
      const before = config.current();
      const saved = await config.save(parsed.data);
      if (!saved.ok) {
        log.error('config save failed', { code: saved.code, problem: saved.message });
        return saved;
      }
      log.info('config saved', { file: config.filePath, changed: changedKeys(before, saved.value) });
      return ok({ saved: true as const });
    },
    configStatus() {
      const s = config.status();
      return ok({
        source: s.source,
        filePath: config.filePath,
        writable: true,
        ...(s.problem ? { problem: s.problem } : {}),
      });
    },
    reportBusy(report) {
      updates.reportBusy(report);
      return ok();
    },
    updateStatus: () => ok(updates.status()),
    installUpdate: () => updates.installNow(),
    showCustomerView: (view) => poleDisplay.show(view),
  };
  return { updates, poleDisplay, handlers };
}
