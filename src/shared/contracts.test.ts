import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_CONFIG, parseTerminalConfig, TerminalConfigSchema } from './config';
import { IPC_CHANNEL_KEYS, IPC_CHANNELS, IPC_EVENTS, SCAN_CHANNEL } from './ipc';
import { PrintJobSchema, ScanEventSchema } from './platform';
import { ReceiptDocSchema } from './receiptDoc';
import { err, ok, resultSchema } from './result';

const JOB_ID = '01936f3e-2b4c-7d5e-8f60-123456789abc';

describe('Result', () => {
  it('builds ok and err results that the result schema accepts', () => {
    const schema = resultSchema(ScanEventSchema);
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(ok()).toEqual({ ok: true, value: undefined });
    expect(err('E_X', 'broken')).toEqual({ ok: false, code: 'E_X', message: 'broken' });
    expect(schema.safeParse(err('E_X', 'broken')).success).toBe(true);
    expect(schema.safeParse({ ok: true, value: { source: 'hid', code: '1', at: 1 } }).success).toBe(true);
    expect(schema.safeParse({ ok: true, value: { source: 'usb', code: '1', at: 1 } }).success).toBe(false);
  });
});

describe('TerminalConfig', () => {
  it('accepts the defaults and fills optional sections of a minimal file', () => {
    expect(parseTerminalConfig(DEFAULT_TERMINAL_CONFIG)).toEqual({
      ok: true,
      value: DEFAULT_TERMINAL_CONFIG,
    });
    const minimal = parseTerminalConfig({ storeId: 'S002', storeName: '越秀店', terminalId: 'T01' });
    expect(minimal.ok && minimal.value).toMatchObject({
      mode: 'cashier',
      locale: 'zh-CN',
      crmUrl: '',
      printer: { kind: 'preview', paperWidth: 80 },
      scanner: { hid: [] },
      cashRoundingToJiao: false,
    });
  });

  it('refuses a config without its identity, naming the field', () => {
    const r = parseTerminalConfig({ storeName: '越秀店', terminalId: 'T01' });
    expect(r).toMatchObject({ ok: false, code: 'E_CONFIG_INVALID' });
    expect(!r.ok && r.message).toMatch(/^storeId: /);
  });

  it('names the path and the problem for nested mistakes', () => {
    const r = parseTerminalConfig({ ...DEFAULT_TERMINAL_CONFIG, printer: { kind: 'tcp', paperWidth: 76 } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('printer.paperWidth');
    const tcp = parseTerminalConfig({ ...DEFAULT_TERMINAL_CONFIG, printer: { kind: 'tcp', paperWidth: 80 } });
    expect(!tcp.ok && tcp.message).toBe('printer.host: a network printer needs a host');
    expect(parseTerminalConfig({ ...DEFAULT_TERMINAL_CONFIG, crmUrl: 'ftp://crm' }).ok).toBe(false);
    expect(parseTerminalConfig({ ...DEFAULT_TERMINAL_CONFIG, crmUrl: 'https://crm.store.cn' }).ok).toBe(true);
    expect(
      parseTerminalConfig({
        ...DEFAULT_TERMINAL_CONFIG,
        scanner: { hid: [{ vendorId: 70000, productId: 1 }] },
      }).ok,
    ).toBe(false);
  });

  it('never throws on garbage', () => {
    for (const input of [null, undefined, 42, 'x', [], { storeId: {} }]) {
      expect(parseTerminalConfig(input).ok).toBe(false);
    }
    expect(TerminalConfigSchema.safeParse(DEFAULT_TERMINAL_CONFIG).success).toBe(true);
  });
});

describe('PrintJob and ReceiptDoc', () => {
  const doc = {
    width: 58,
    blocks: [{ t: 'text', text: '天河店', align: 'center', double: true }, { t: 'cut' }],
  };

  it('accepts a job with a UUIDv7 and a valid doc', () => {
    expect(PrintJobSchema.safeParse({ jobId: JOB_ID, kind: 'receipt', doc }).success).toBe(true);
  });

  it('refuses other ids, unknown blocks and paper widths', () => {
    expect(PrintJobSchema.safeParse({ jobId: 'job-1', kind: 'receipt', doc }).success).toBe(false);
    expect(
      PrintJobSchema.safeParse({ jobId: '6f1c2b1e-8f0a-4c1e-9b2a-1234567890ab', kind: 'receipt', doc })
        .success,
    ).toBe(false);
    expect(ReceiptDocSchema.safeParse({ width: 76, blocks: [] }).success).toBe(false);
    expect(ReceiptDocSchema.safeParse({ width: 80, blocks: [{ t: 'html', html: '<b>' }] }).success).toBe(
      false,
    );
    expect(ReceiptDocSchema.safeParse({ width: 80, blocks: [{ t: 'feed', lines: 1.5 }] }).success).toBe(
      false,
    );
  });
});

describe('IPC contract', () => {
  it('has unique pos: channel names and a scan event channel', () => {
    const names = IPC_CHANNEL_KEYS.map((k) => IPC_CHANNELS[k].channel);
    expect(names).toEqual([
      'pos:config:get',
      'pos:print:receipt',
      'pos:drawer:open',
      'pos:printer:status',
      'pos:log',
      'pos:config:save',
      'pos:config:status',
      'pos:app:busy',
      'pos:update:status',
      'pos:update:install',
      'pos:display:view',
      'pos:scanner:status',
      'pos:scanner:list',
      'pos:scanner:choose',
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(SCAN_CHANNEL).toBe('pos:scan');
    expect(IPC_EVENTS.scan.payload).toBe(ScanEventSchema);
  });

  it('argument schemas refuse extra arguments', () => {
    expect(IPC_CHANNELS.getConfig.args.safeParse([]).success).toBe(true);
    expect(IPC_CHANNELS.getConfig.args.safeParse(['x']).success).toBe(false);
    expect(IPC_CHANNELS.log.args.safeParse([{ level: 'info', msg: 'hi' }, 'extra']).success).toBe(false);
  });
});
