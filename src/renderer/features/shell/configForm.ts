// The settings screen's form for the terminal config file: text fields in, the config schema's verdict out,
// each zod issue pinned to its field with a translatable message. Fields the screen does not show (the
// enrollment code, scale templates, the print service URL) pass through untouched.
import {
  CONFIG_PROTECTED_FIELD,
  configIssues,
  TerminalConfigSchema,
  type ConfigIssue,
  type TerminalConfig,
} from '../../../shared/config';

export const CONFIG_FIELDS = [
  'storeId',
  'storeName',
  'terminalId',
  'mode',
  'locale',
  'crmUrl',
  'printer.kind',
  'printer.host',
  'printer.port',
  'printer.path',
  'printer.baudRate',
  'printer.paperWidth',
  'scanner.hid',
  'customerDisplay.kind',
  'customerDisplay.path',
  'customerDisplay.baudRate',
  'customerDisplay.charset',
  'kiosk',
  'startAtLogin',
  'cashRoundingToJiao',
  'updateUrl',
] as const;
export type ConfigField = (typeof CONFIG_FIELDS)[number];

export type ConfigForm = Record<ConfigField, string>;

/** Booleans are 'true' / 'false' (and '' for "not set, use the default" where the config allows it). */
export function formOf(c: TerminalConfig): ConfigForm {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const num = (n: number | undefined) => (n === undefined ? '' : String(n));
  const bool = (b: boolean | undefined) => (b === undefined ? '' : String(b));
  return {
    storeId: c.storeId,
    storeName: c.storeName,
    terminalId: c.terminalId,
    mode: c.mode,
    locale: c.locale,
    crmUrl: c.crmUrl,
    'printer.kind': c.printer.kind,
    'printer.host': c.printer.host ?? '',
    'printer.port': num(c.printer.port),
    'printer.path': c.printer.path ?? '',
    'printer.baudRate': num(c.printer.baudRate),
    'printer.paperWidth': String(c.printer.paperWidth),
    'scanner.hid': c.scanner.hid.map((d) => `${hex(d.vendorId)}:${hex(d.productId)}`).join(', '),
    'customerDisplay.kind': c.customerDisplay?.kind ?? 'auto',
    'customerDisplay.path': c.customerDisplay?.path ?? '',
    'customerDisplay.baudRate': num(c.customerDisplay?.baudRate),
    'customerDisplay.charset': c.customerDisplay?.charset ?? 'ascii',
    kiosk: bool(c.kiosk),
    startAtLogin: bool(c.startAtLogin),
    cashRoundingToJiao: String(c.cashRoundingToJiao),
    updateUrl: c.updateUrl ?? '',
  };
}

/** '' = absent; digits = a number; anything else stays text so the schema names it "not a number". */
function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d{1,9}$/.test(t) ? Number(t) : t;
}

function optionalBool(text: string): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

const HID_PAIR = /^([0-9a-f]{4}):([0-9a-f]{4})$/i;

/** 'vid:pid, vid:pid' in hex; bad entries come back by position. */
export function parseHidList(text: string): {
  ids: { vendorId: number; productId: number }[];
  bad: number[];
} {
  const parts = text
    .split(/[\s,，;；]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const ids: { vendorId: number; productId: number }[] = [];
  const bad: number[] = [];
  parts.forEach((p, i) => {
    const m = HID_PAIR.exec(p);
    if (m) ids.push({ vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) });
    else bad.push(i);
  });
  return { ids, bad };
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isDefaultDisplay(d: Record<string, unknown>): boolean {
  return d.kind === 'auto' && d.path === undefined && d.baudRate === undefined && d.charset === 'ascii';
}

/** The config the form describes, on top of `base` (what is in use now). */
export function configInputOf(form: ConfigForm, base: TerminalConfig): Record<string, unknown> {
  const hid = parseHidList(form['scanner.hid']);
  const display = withoutUndefined({
    kind: form['customerDisplay.kind'],
    path: form['customerDisplay.path'].trim() || undefined,
    baudRate: numberOrText(form['customerDisplay.baudRate']),
    charset: form['customerDisplay.charset'],
  });
  const input: Record<string, unknown> = {
    ...base,
    storeId: form.storeId,
    storeName: form.storeName,
    terminalId: form.terminalId,
    mode: form.mode,
    locale: form.locale,
    crmUrl: form.crmUrl.trim(),
    printer: withoutUndefined({
      ...base.printer,
      kind: form['printer.kind'],
      host: form['printer.host'].trim() || undefined,
      port: numberOrText(form['printer.port']),
      path: form['printer.path'].trim() || undefined,
      baudRate: numberOrText(form['printer.baudRate']),
      paperWidth: numberOrText(form['printer.paperWidth']),
    }),
    scanner: { ...base.scanner, hid: hid.ids },
    // Untouched defaults stay absent, so saving an unchanged form writes the same file.
    customerDisplay: base.customerDisplay || !isDefaultDisplay(display) ? display : undefined,
    kiosk: optionalBool(form.kiosk),
    startAtLogin: optionalBool(form.startAtLogin),
    cashRoundingToJiao: form.cashRoundingToJiao === 'true',
    updateUrl: form.updateUrl.trim() || (base.updateUrl !== undefined ? '' : undefined),
  };
  return withoutUndefined(input);
}

export const HID_FORMAT = 'hid_format';

/** Checks the form with the config schema; issues carry the schema's paths (plus malformed scanner ids). */
export function validateForm(
  form: ConfigForm,
  base: TerminalConfig,
): { ok: true; input: Record<string, unknown> } | { ok: false; issues: ConfigIssue[] } {
  const input = configInputOf(form, base);
  const issues: ConfigIssue[] = parseHidList(form['scanner.hid']).bad.map((i) => ({
    path: ['scanner', 'hid', i],
    code: HID_FORMAT,
    message: 'use vendor:product in hex, e.g. 0c2e:0b61',
  }));
  const parsed = TerminalConfigSchema.safeParse(input);
  if (!parsed.success) issues.push(...configIssues(parsed.error));
  return issues.length ? { ok: false, issues } : { ok: true, input };
}

/** The form field an issue belongs to: the longest field name that prefixes its path. */
export function fieldOfIssue(issue: Pick<ConfigIssue, 'path'>): ConfigField | null {
  const path = issue.path.map(String);
  for (let n = path.length; n > 0; n--) {
    const name = path.slice(0, n).join('.');
    if ((CONFIG_FIELDS as readonly string[]).includes(name)) return name as ConfigField;
  }
  return null;
}

const URL_FIELDS: readonly ConfigField[] = ['crmUrl', 'updateUrl'];
/** Shown, never edited here: the installer's config file sets them (main refuses them in a save). */
export const READ_ONLY_FIELDS: readonly ConfigField[] = ['crmUrl', 'updateUrl'];
const ID_FIELDS: readonly ConfigField[] = ['storeId', 'terminalId'];
const NUMBER_FIELDS: readonly ConfigField[] = [
  'printer.port',
  'printer.baudRate',
  'customerDisplay.baudRate',
];

/** The i18n key (under shell.config.error) that says what is wrong with this field, in the cashier's words. */
export function errorKeyOf(issue: ConfigIssue, field: ConfigField | null, form: ConfigForm): string {
  if (issue.code === HID_FORMAT) return 'hidFormat';
  if (issue.code === CONFIG_PROTECTED_FIELD) return 'protected';
  if (field === null) return 'other';
  if (field === 'printer.host' && issue.code === 'custom') return 'printerHostRequired';
  if (field === 'printer.path' && issue.code === 'custom') return 'printerPathRequired';
  if (field === 'customerDisplay.path' && issue.code === 'custom') return 'displayPathRequired';
  if (field === 'scanner.hid') return 'hidFormat';
  if (form[field].trim() === '' && !URL_FIELDS.includes(field)) return 'required';
  if (field === 'updateUrl') return 'httpsUrl';
  if (URL_FIELDS.includes(field)) return 'url';
  if (ID_FIELDS.includes(field)) return 'id';
  if (field === 'printer.paperWidth') return 'paperWidth';
  if (NUMBER_FIELDS.includes(field)) {
    if (issue.code === 'invalid_type') return 'number';
    return field === 'printer.port' ? 'port' : 'baudRate';
  }
  if (issue.code === 'too_big') return 'tooLong';
  if (issue.code === 'invalid_value') return 'choose';
  return 'other';
}

/** One message per field (the first issue wins), keyed by field. */
export function fieldErrors(
  issues: readonly ConfigIssue[],
  form: ConfigForm,
): { byField: Partial<Record<ConfigField, { key: string; detail: string }>>; other: string[] } {
  const byField: Partial<Record<ConfigField, { key: string; detail: string }>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = fieldOfIssue(issue);
    if (field === null) {
      other.push(`${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    byField[field] ??= { key: errorKeyOf(issue, field, form), detail: issue.message };
  }
  return { byField, other };
}
