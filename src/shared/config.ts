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
    /** Browser tills: the print service that drives this printer ('/print' on the same origin, or a URL). */
    serviceUrl: z
      .union([
        z.string().regex(/^\/[A-Za-z0-9/_-]*$/, 'must be a path on this origin or an http(s) URL'),
        z.url({ protocol: /^https?$/ }),
      ])
      .optional(),
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
export type HidDeviceId = z.output<typeof HidDeviceIdSchema>;
/** At most this many HID scanners on one till. */
export const MAX_HID_SCANNERS = 32;

/**
 * Customer-facing display. 'auto': a window on the second monitor when one is connected; 'vfd': a serial
 * 2x20 pole display (Epson DM-D command set); 'ascii' VFDs cannot show Chinese, 'gb18030' ones can.
 */
export const CustomerDisplayConfigSchema = z
  .object({
    kind: z.enum(['auto', 'window', 'vfd', 'none']),
    path: z.string().trim().min(1).max(260).optional(),
    baudRate: z.number().int().positive().max(4_000_000).optional(),
    charset: z.enum(['ascii', 'gb18030']).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.kind === 'vfd' && !d.path)
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'a pole display needs a serial port path' });
  });
export type CustomerDisplayConfig = z.output<typeof CustomerDisplayConfigSchema>;

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
  scanner: z.object({ hid: z.array(HidDeviceIdSchema).max(MAX_HID_SCANNERS) }).default({ hid: [] }),
  cashRoundingToJiao: z.boolean().default(false),
  scaleTemplates: z.array(z.unknown()).optional(),
  /** Full-screen kiosk window on counter PCs (Electron only). */
  kiosk: z.boolean().optional(),
  /** Start the till when the cashier logs in to the PC (Electron; default: on for kiosk cashier terminals). */
  startAtLogin: z.boolean().optional(),
  customerDisplay: CustomerDisplayConfigSchema.optional(),
  /**
   * electron-updater generic server on the store network; absent or '' = no updates. https only: the update
   * feed (latest.yml with the installer's sha512) must not be rewritable on the store network (decision 0046).
   */
  updateUrl: z
    .union([z.literal(''), z.url({ protocol: /^https$/, error: 'must be an https URL or empty' })])
    .optional(),
  /**
   * Handhelds: the online mall's product page for "try in store, order online", with {productId} and
   * {attribution}; a path ('/demo/mall/p/{productId}?a={attribution}', the default) is on the CRM's address.
   */
  mallUrlTemplate: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v.includes('{productId}') && v.includes('{attribution}'), {
      message: 'needs {productId} and {attribution}',
    })
    .refine((v) => /^(\/|https?:\/\/)/.test(v), { message: 'must be a path or an http(s) URL' })
    .optional(),
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

/**
 * Where the till sends its sales and where it takes its code from: set by the installer's config file (or a
 * flow in the main process), never by the renderer. The config-save IPC refuses an input that carries them.
 */
export const PROTECTED_CONFIG_KEYS = ['crmUrl', 'updateUrl'] as const;
export type ProtectedConfigKey = (typeof PROTECTED_CONFIG_KEYS)[number];
/** The issue code of a protected key in a config-save request. */
export const CONFIG_PROTECTED_FIELD = 'E_CONFIG_PROTECTED_FIELD';

/** One issue per protected key present in a config-save request (whatever its value). */
export function protectedKeyIssues(input: Record<string, unknown>): ConfigIssue[] {
  return PROTECTED_CONFIG_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(input, k)).map((k) => ({
    path: [k],
    code: CONFIG_PROTECTED_FIELD,
    message: `${k} is set by the installer's config file, not from the till`,
  }));
}

/** The input without the protected keys (what the settings screen sends). */
export function withoutProtectedKeys(input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  for (const k of PROTECTED_CONFIG_KEYS) delete out[k];
  return out;
}

/** Never throws: a bad file yields E_CONFIG_INVALID with 'path: problem' text. */
export function parseTerminalConfig(input: unknown): Result<TerminalConfig> {
  const parsed = TerminalConfigSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(CONFIG_INVALID, describeZodError(parsed.error));
}

/** One bad field of a config the settings screen tried to save: the path finds the field, the code the text. */
export const ConfigIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])).max(16),
  code: z.string().max(64),
  message: z.string().max(500),
});
export type ConfigIssue = z.infer<typeof ConfigIssueSchema>;

/** zod's issues as field issues (path, code, zod's English text): the settings screen translates them by code. */
export function configIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.slice(0, 100).map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol').slice(0, 16),
    code: i.code,
    message: i.message.slice(0, 500),
  }));
}
