// The terminal's own settings, kept in a JSON file next to the app (Electron) or served as /config.json (web).
// Identity fields are required: a till that guessed its store id would file sales under another store.
import { z } from 'zod';
import { describeZodError, err, ok, type Result } from './result';

const IdSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - or _');

export const PrinterConfigSchema = z
  .object({
    kind: z.enum(['none', 'preview', 'tcp', 'serial', 'usb']),
    host: z.string().trim().min(1).max(253).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    path: z.string().trim().min(1).max(260).optional(),
    baudRate: z.number().int().positive().max(4_000_000).optional(),
    paperWidth: z.union([z.literal(58), z.literal(80)]),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'tcp' && !p.host)
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'a network printer needs a host' });
    if (p.kind === 'serial' && !p.path)
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'a serial printer needs a path' });
  });

export const HidDeviceIdSchema = z.object({
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
});

export const TerminalConfigSchema = z.object({
  storeId: IdSchema,
  storeName: z.string().trim().min(1).max(64),
  terminalId: IdSchema,
  mode: z.enum(['cashier', 'pda']).default('cashier'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** '' = same origin, /api/v1 (the web flavour served next to the CRM). */
  crmUrl: z
    .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or empty' })])
    .default(''),
  printer: PrinterConfigSchema.default({ kind: 'preview', paperWidth: 80 }),
  scanner: z.object({ hid: z.array(HidDeviceIdSchema).max(32) }).default({ hid: [] }),
  cashRoundingToJiao: z.boolean().default(false),
  scaleTemplates: z.array(z.unknown()).optional(),
  /** Full-screen kiosk window on counter PCs (Electron only). */
  kiosk: z.boolean().optional(),
  /** One-time code the CRM issued for this terminal; used once, at first start, to enroll. */
  enrollmentCode: z.string().trim().min(4).max(64).optional(),
});

export type TerminalConfig = z.output<typeof TerminalConfigSchema>;
export type TerminalConfigInput = z.input<typeof TerminalConfigSchema>;
export type PrinterConfig = TerminalConfig['printer'];

export const DEFAULT_TERMINAL_CONFIG: TerminalConfig = Object.freeze({
  storeId: 'S001',
  storeName: '天河店',
  terminalId: 'T03',
  mode: 'cashier',
  locale: 'zh-CN',
  crmUrl: '',
  printer: { kind: 'preview', paperWidth: 80 },
  scanner: { hid: [] },
  cashRoundingToJiao: false,
}) as TerminalConfig;

export const CONFIG_INVALID = 'E_CONFIG_INVALID';

/** Never throws: a bad file yields E_CONFIG_INVALID with 'path: problem' text. */
export function parseTerminalConfig(input: unknown): Result<TerminalConfig> {
  const parsed = TerminalConfigSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(CONFIG_INVALID, describeZodError(parsed.error));
}
