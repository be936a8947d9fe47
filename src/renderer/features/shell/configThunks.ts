// The settings screen for the terminal config file: opened only with a manager's approval, read fresh from the
// platform, checked with the config schema here (field messages at once) and again in main before it is written.
import { withoutProtectedKeys, type ConfigIssue, type TerminalConfig } from '../../../shared/config';
import type { ConfigFileStatus } from '../../../shared/platform';
import { requestApproval } from '../staff/approval';
import type { AppThunk } from '../../app/store';
import { screenShown, toastShown } from '../../app/uiSlice';
import { msg } from '../../app/uiMessage';
import { validateForm, type ConfigForm } from './configForm';

export const CONFIG_SCREEN = 'shell:config' as const;

export function openConfigScreen(): AppThunk<Promise<boolean>> {
  return async (dispatch, _getState, extra) => {
    const approval = await dispatch(
      requestApproval({ action: 'settings', detail: { screen: 'terminalConfig' } }),
    );
    if (!approval) {
      dispatch(toastShown({ ...msg('shell.config.notApproved'), tone: 'info' }));
      return false;
    }
    extra.services.get().platform.log({
      level: 'info',
      msg: 'terminal config opened',
      data: { approverId: approval.approverId },
    });
    dispatch(screenShown(CONFIG_SCREEN));
    return true;
  };
}

export interface ConfigScreenData {
  config: TerminalConfig;
  status: ConfigFileStatus | null;
}

export function readConfigForScreen(): AppThunk<Promise<ConfigScreenData>> {
  return async (_dispatch, _getState, extra) => {
    const { platform, config: bootConfig } = extra.services.get();
    const [config, status] = await Promise.all([platform.getConfig(), platform.configStatus()]);
    return { config: config.ok ? config.value : bootConfig, status: status.ok ? status.value : null };
  };
}

export type ConfigSaveResult =
  | { kind: 'invalid'; issues: ConfigIssue[] }
  | { kind: 'saved' }
  | { kind: 'readOnly'; file: string }
  | { kind: 'failed'; detail: string };

export function saveConfigForm(form: ConfigForm, base: TerminalConfig): AppThunk<Promise<ConfigSaveResult>> {
  return async (_dispatch, _getState, extra) => {
    const { platform } = extra.services.get();
    const checked = validateForm(form, base);
    if (!checked.ok) return { kind: 'invalid', issues: checked.issues };
    // crmUrl and updateUrl are the installer's: main refuses a save that carries them.
    const r = await platform.saveConfig(withoutProtectedKeys(checked.input));
    if (r.ok) return r.value.saved ? { kind: 'saved' } : { kind: 'invalid', issues: r.value.issues };
    if (r.code === 'E_CONFIG_READ_ONLY') {
      const status = await platform.configStatus();
      return { kind: 'readOnly', file: status.ok ? status.value.filePath : '/config.json' };
    }
    platform.log({
      level: 'error',
      msg: 'terminal config not saved',
      data: { code: r.code, message: r.message },
    });
    return { kind: 'failed', detail: r.message };
  };
}

export function installUpdateNow(): AppThunk<Promise<string | null>> {
  return async (_dispatch, _getState, extra) => {
    const r = await extra.services.get().platform.installUpdate();
    return r.ok ? null : r.message;
  };
}
