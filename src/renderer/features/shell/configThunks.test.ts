// The config screen's gate and save path with the real store; the staff feature's approval is stood in for at
// its one function (it is tested on its own), and the platform is the real WebPlatform.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_PROTECTED_FIELD, DEFAULT_TERMINAL_CONFIG } from '../../../shared/config';
import { ServicesHolder, type Extra, type Services } from '../../app/services';
import { createAppStore } from '../../app/store';
import { WebPlatform } from '../../platform/WebPlatform';
import { errorKeyOf, formOf } from './configForm';
import { en, zhCN } from './i18n';
import { CONFIG_SCREEN, openConfigScreen, saveConfigForm } from './configThunks';

const approval = vi.hoisted(() => ({
  answer: null as null | { approverId: string },
  last: undefined as unknown,
}));
vi.mock('../staff/approval', () => ({
  requestApproval: vi.fn((req: unknown) => async () => {
    approval.last = req;
    return approval.answer;
  }),
}));

function setup() {
  const platform = new WebPlatform({ fetch: async () => new Response('', { status: 404 }) });
  const log = vi.spyOn(platform, 'log').mockImplementation(() => undefined);
  const extra: Extra = {
    services: new ServicesHolder(),
    newId: () => crypto.randomUUID(),
    now: () => new Date(),
  };
  extra.services.set({ platform, config: DEFAULT_TERMINAL_CONFIG } as unknown as Services);
  return { store: createAppStore(extra), log };
}

beforeEach(() => {
  approval.answer = null;
});

describe('terminal config screen gate', () => {
  it('stays closed without a manager approval, asking for the settings action', async () => {
    const { store } = setup();
    expect(await store.dispatch(openConfigScreen())).toBe(false);
    expect(store.getState().ui.screen).toBe('sale');
    expect(store.getState().ui.toast).toMatchObject({ key: 'shell.config.notApproved' });
    expect(approval.last).toMatchObject({ action: 'settings' });
  });

  it('opens with an approval and logs who approved', async () => {
    const { store, log } = setup();
    approval.answer = { approverId: 'E1001' };
    expect(await store.dispatch(openConfigScreen())).toBe(true);
    expect(store.getState().ui.screen).toBe(CONFIG_SCREEN);
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({ msg: 'terminal config opened', data: { approverId: 'E1001' } }),
    );
  });
});

describe('saving from the screen', () => {
  it('bad fields come back as issues; good ones reach the platform (read-only in a browser)', async () => {
    const { store } = setup();
    const form = formOf(DEFAULT_TERMINAL_CONFIG);
    const bad = await store.dispatch(saveConfigForm({ ...form, storeId: '' }, DEFAULT_TERMINAL_CONFIG));
    expect(bad.kind === 'invalid' && [...new Set(bad.issues.map((i) => i.path.join('.')))]).toEqual([
      'storeId',
    ]);
    expect(await store.dispatch(saveConfigForm(form, DEFAULT_TERMINAL_CONFIG))).toEqual({
      kind: 'readOnly',
      file: '/config.json',
    });
  });

  it('never sends crmUrl or updateUrl to main (the installer sets them), and translates a refusal', async () => {
    const installed = {
      ...DEFAULT_TERMINAL_CONFIG,
      crmUrl: 'https://crm.store.lan',
      updateUrl: 'https://updates.store.lan/pos/',
    };
    const sent: Record<string, unknown>[] = [];
    const web = new WebPlatform({ fetch: async () => new Response('', { status: 404 }) });
    vi.spyOn(web, 'saveConfig').mockImplementation(async (input) => {
      sent.push(input);
      return { ok: true, value: { saved: true } };
    });
    const extra: Extra = {
      services: new ServicesHolder(),
      newId: () => crypto.randomUUID(),
      now: () => new Date(),
    };
    extra.services.set({ platform: web, config: installed } as unknown as Services);
    const s3 = createAppStore(extra);
    expect(await s3.dispatch(saveConfigForm(formOf(installed), installed))).toEqual({ kind: 'saved' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty('crmUrl');
    expect(sent[0]).not.toHaveProperty('updateUrl');
    expect(sent[0]).toMatchObject({ storeId: installed.storeId, terminalId: installed.terminalId });

    // A refusal from main comes back as a field issue with its own translated message.
    const issue = { path: ['crmUrl'], code: CONFIG_PROTECTED_FIELD, message: 'installer only' };
    expect(errorKeyOf(issue, 'crmUrl', formOf(installed))).toBe('protected');
    expect(zhCN.config.error.protected).toContain('安装');
    expect(en.config.error.protected).toContain('installer');
  });
});
