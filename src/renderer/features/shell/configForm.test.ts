import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_CONFIG, parseTerminalConfig, type TerminalConfig } from '../../../shared/config';
import { en, zhCN } from './i18n';
import {
  CONFIG_FIELDS,
  configInputOf,
  errorKeyOf,
  fieldErrors,
  fieldOfIssue,
  formOf,
  parseHidList,
  validateForm,
  type ConfigForm,
} from './configForm';

const base: TerminalConfig = {
  ...DEFAULT_TERMINAL_CONFIG,
  enrollmentCode: 'ENROLL-1234',
  printer: { kind: 'tcp', host: '192.168.1.50', port: 9100, paperWidth: 80 },
  scanner: { hid: [{ vendorId: 0x0c2e, productId: 0x0b61 }] },
};

function errorsFor(over: Partial<ConfigForm>) {
  const form = { ...formOf(base), ...over };
  const r = validateForm(form, base);
  if (r.ok) return {};
  return Object.fromEntries(Object.entries(fieldErrors(r.issues, form).byField).map(([k, v]) => [k, v?.key]));
}

describe('terminal config form', () => {
  it('round-trips the config in use, keeping what the screen does not show', () => {
    const form = formOf(base);
    expect(form['scanner.hid']).toBe('0c2e:0b61');
    const r = validateForm(form, base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const parsed = parseTerminalConfig(r.input);
    expect(parsed.ok && parsed.value).toEqual(base);
  });

  it('turns fields into the config: numbers, booleans, HID ids, the pole display', () => {
    const input = configInputOf(
      {
        ...formOf(base),
        'printer.kind': 'serial',
        'printer.path': ' /dev/ttyS0 ',
        'printer.baudRate': '19200',
        'scanner.hid': '05E0:1200，1eab:8003',
        'customerDisplay.kind': 'vfd',
        'customerDisplay.path': 'COM3',
        'customerDisplay.charset': 'gb18030',
        kiosk: 'true',
        startAtLogin: '',
        updateUrl: 'https://updates.store.lan/pos/',
      },
      base,
    );
    expect(input).toMatchObject({
      printer: { kind: 'serial', path: '/dev/ttyS0', baudRate: 19200, paperWidth: 80 },
      scanner: {
        hid: [
          { vendorId: 0x05e0, productId: 0x1200 },
          { vendorId: 0x1eab, productId: 0x8003 },
        ],
      },
      customerDisplay: { kind: 'vfd', path: 'COM3', charset: 'gb18030' },
      kiosk: true,
      updateUrl: 'https://updates.store.lan/pos/',
      enrollmentCode: 'ENROLL-1234',
    });
    expect(input).not.toHaveProperty('startAtLogin');
    expect(parseTerminalConfig(input).ok).toBe(true);
  });

  it('pins each bad value to its field with a message the cashier understands', () => {
    expect(errorsFor({ storeId: '' })).toEqual({ storeId: 'required' });
    expect(errorsFor({ terminalId: 'T 03' })).toEqual({ terminalId: 'id' });
    expect(errorsFor({ storeName: '店'.repeat(65) })).toEqual({ storeName: 'tooLong' });
    expect(errorsFor({ crmUrl: 'crm.store.lan' })).toEqual({ crmUrl: 'url' });
    expect(errorsFor({ updateUrl: 'ftp://x/' })).toEqual({ updateUrl: 'httpsUrl' });
    expect(errorsFor({ updateUrl: 'http://updates.store.lan/pos/' })).toEqual({ updateUrl: 'httpsUrl' });
    expect(errorsFor({ 'printer.port': 'abc' })).toEqual({ 'printer.port': 'number' });
    expect(errorsFor({ 'printer.port': '70000' })).toEqual({ 'printer.port': 'port' });
    expect(errorsFor({ 'printer.host': '' })).toEqual({ 'printer.host': 'printerHostRequired' });
    expect(errorsFor({ 'printer.kind': 'serial', 'printer.path': '' })).toEqual({
      'printer.path': 'printerPathRequired',
    });
    expect(errorsFor({ 'printer.paperWidth': '76' })).toEqual({ 'printer.paperWidth': 'paperWidth' });
    expect(errorsFor({ 'scanner.hid': '0c2e:0b61, zebra' })).toEqual({ 'scanner.hid': 'hidFormat' });
    expect(errorsFor({ 'customerDisplay.kind': 'vfd' })).toEqual({
      'customerDisplay.path': 'displayPathRequired',
    });
    expect(
      errorsFor({
        'customerDisplay.kind': 'vfd',
        'customerDisplay.path': 'COM3',
        'customerDisplay.baudRate': '0',
      }),
    ).toEqual({
      'customerDisplay.baudRate': 'baudRate',
    });
    expect(errorsFor({ mode: 'boss' })).toEqual({ mode: 'choose' });
    expect(errorsFor({ storeId: '', crmUrl: 'x' })).toEqual({ storeId: 'required', crmUrl: 'url' });
  });

  it('has a translation for every field and every message it can give', () => {
    const keys = [
      'required',
      'id',
      'url',
      'number',
      'port',
      'baudRate',
      'paperWidth',
      'tooLong',
      'choose',
      'printerHostRequired',
      'printerPathRequired',
      'displayPathRequired',
      'hidFormat',
      'other',
    ];
    for (const k of keys) {
      expect(zhCN.config.error, k).toHaveProperty(k);
      expect(en.config.error, k).toHaveProperty(k);
    }
    const lookup = (tree: object, path: string) =>
      path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
    for (const f of CONFIG_FIELDS) {
      expect(typeof lookup(zhCN.config.field, f), f).toBe('string');
      expect(typeof lookup(en.config.field, f), f).toBe('string');
    }
  });

  it('finds the field of nested issues, and reads HID lists leniently', () => {
    expect(fieldOfIssue({ path: ['scanner', 'hid', 0, 'vendorId'] })).toBe('scanner.hid');
    expect(fieldOfIssue({ path: ['printer', 'serviceUrl'] })).toBeNull();
    expect(errorKeyOf({ path: ['x'], code: 'custom', message: 'm' }, null, formOf(base))).toBe('other');
    expect(parseHidList(' 0c2e:0b61 ;05e0:1200  bad ')).toEqual({
      ids: [
        { vendorId: 0x0c2e, productId: 0x0b61 },
        { vendorId: 0x05e0, productId: 0x1200 },
      ],
      bad: [2],
    });
  });
});
