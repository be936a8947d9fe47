// Serves the built till (dist/renderer) on loopback and drives it in the machine's real Chromium with a
// persistent profile, so IndexedDB survives a relaunch the way it does on a shop PC.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type RunningWebServer } from '../../../scripts/webServer';

export { CHROMIUM, CHROMIUM_FLAGS } from '../../../scripts/chromium';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../../scripts/chromium';

const DIST = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

/** The same static server start:web uses (SPA fallback to index.html), on 127.0.0.1 and a free port. */
export function serveTill(): Promise<RunningWebServer> {
  return startWebServer({ root: DIST, host: '127.0.0.1', port: 0 });
}

export async function makeProfileDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'till-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface Till {
  context: BrowserContext;
  page: Page;
  /** Browser-side errors seen so far (console errors and uncaught exceptions). */
  errors: string[];
  /** Every console line of the page, for the failure report. */
  logs: string[];
}

/** The demo manager the till's tests log in as by default (crm/seed.ts, src/domain/staff/demoStaff.ts). */
/**
 * Where the screenshots shown in the docs go: test-results by default, so a test run does not rewrite the
 * reviewed copies; UPDATE_DOC_SCREENSHOTS=1 writes them into docs/screenshots.
 */
export const DOC_SHOTS = fileURLToPath(
  new URL(
    process.env.UPDATE_DOC_SCREENSHOTS === '1'
      ? '../../../docs/screenshots'
      : '../../../test-results/docs-screenshots',
    import.meta.url,
  ),
);

export const DEMO_LOGIN = { id: 'E1001', pin: '999999' } as const;

/**
 * Opens the till; when it shows the login screen (nobody logged in: the staff feature), logs in as `login`
 * (the demo manager by default; null to stay at the login screen).
 */
export async function launchTill(
  profileDir: string,
  url: string,
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
  login: { id: string; pin: string } | null = DEMO_LOGIN,
  /** Extra Chromium flags for this launch, e.g. fakeCameraFlags(...) from scripts/chromium.ts. */
  opts: { extraArgs?: string[]; shiftGate?: boolean } = {},
): Promise<Till> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(opts.extraArgs ?? [])],
    viewport,
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const logs: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    logs.push(`${m.type()}: ${m.text()}`);
    // Failed loads are reported with their URL below; the console line carries none.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    // No /config.json means a demo till with default settings: expected in these tests.
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/config.json')
      errors.push(`http ${r.status()}: ${r.url()}`);
  });
  await page.goto(opts.shiftGate ? url : withoutShiftGate(url));
  const till = { context, page, errors, logs };
  const loginScreen = page.getByTestId('login-screen');
  await page.getByTestId('till').or(loginScreen).waitFor({ state: 'visible', timeout: 60_000 });
  if (login && (await loginScreen.isVisible())) await logIn(till, login);
  else if (login) await page.getByTestId('till').waitFor({ state: 'visible', timeout: 60_000 });
  return till;
}

/**
 * Suites that are not about shifts sell without opening one (`?shiftGate=off`, see src/renderer/features/shift/
 * shiftThunks.ts): an opened shift would add outbox records they count. tests/e2e/shift.e2e.ts keeps the gate.
 */
export function withoutShiftGate(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('shiftGate')) u.searchParams.set('shiftGate', 'off');
  return u.toString();
}

/**
 * Logs in through the login screen as a person would (employee number, PIN, Enter). With a CRM the staff list
 * arrives by sync first: waits for it (up to 90 s on a loaded machine).
 */
export async function logIn(till: Till, who: { id: string; pin: string }): Promise<void> {
  const { page } = till;
  const screen = page.getByTestId('login-screen');
  await screen.and(page.locator('[data-staff-ready="true"]')).waitFor({ timeout: 90_000 });
  await page.getByTestId('login-staff-id').fill(who.id);
  await page.getByTestId('login-pin').fill(who.pin);
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  await page.getByTestId('till').or(error).waitFor({ state: 'visible', timeout: 30_000 });
  if (await error.isVisible()) throw new Error(`login as ${who.id} refused: ${await error.innerText()}`);
  // With a CRM reachable, the login's audit entry is pushed at once: let it go before the test counts pending
  // records (best effort, bounded; a till with no CRM keeps its audit entries local and has nothing to wait for).
  const badge = page.getByTestId('sync-badge');
  if ((await badge.getAttribute('data-phase').catch(() => null)) === 'noCrm') return;
  if ((await badge.getAttribute('data-online').catch(() => null)) !== 'true') return;
  for (let i = 0; i < 300 && (await badge.getAttribute('data-pending')) !== '0'; i++)
    await page.waitForTimeout(100);
}

/** The browser's main process for this profile (the one without --type=), found through /proc. */
function browserPid(profileDir: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmd.split('\0');
    if (
      args.some((a) => a === `--user-data-dir=${profileDir}`) &&
      !args.some((a) => a.startsWith('--type='))
    ) {
      return Number(entry);
    }
  }
  return null;
}

/** Pulls the plug: SIGKILL to this profile's browser, no chance to flush or shut down cleanly. */
export async function killTill(till: Till, profileDir: string): Promise<void> {
  const pid = browserPid(profileDir);
  if (pid === null) throw new Error(`no browser process for ${profileDir}`);
  process.kill(pid, 'SIGKILL');
  await till.context.close().catch(() => undefined);
}

/** Scanner burst: keys 5 ms apart with an Enter suffix, like a USB wedge scanner. */
export async function scanBurst(page: Page, code: string): Promise<void> {
  await page.keyboard.type(`${code}\n`, { delay: 5 });
}

/** Nothing focused, so the keystrokes reach no field: only the wedge can turn them into a scan. */
export async function blurAll(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Waits for the cart to hold `n` lines; on timeout the error carries what the page said, to debug a flake. */
export async function waitForCartLines(till: Till, n: number): Promise<void> {
  const lines = till.page.getByTestId('cart-line');
  // Bounded by count: up to about 15 s on a loaded machine.
  for (let i = 0; i < 300; i++) {
    if ((await lines.count()) === n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const error = till.page.getByTestId('scan-error');
  const detail = {
    lines: await lines.count(),
    scanInput: await till.page
      .getByTestId('scan-input')
      .inputValue()
      .catch(() => '?'),
    scanError: (await error.count()) ? await error.innerText() : '',
    errors: till.errors,
    logs: till.logs.slice(-20),
  };
  throw new Error(`expected ${n} cart lines: ${JSON.stringify(detail, null, 2)}`);
}

/**
 * A scanner burst that must end as `expectedLines` cart lines. On a loaded 2-core machine the browser can stall one
 * key past the wedge's gap and split the burst (seen in CI with other jobs running): the split leftovers are cleared and
 * the burst is sent again, at most twice, each retry logged. A broken wedge still fails: every burst splits alike.
 */
export async function scanIntoCart(till: Till, code: string, expectedLines: number): Promise<void> {
  const { page } = till;
  const lines = page.getByTestId('cart-line');
  for (let attempt = 0; attempt < 3; attempt++) {
    await blurAll(page);
    await scanBurst(page, code);
    for (let i = 0; i < 100; i++) {
      if ((await lines.count()) === expectedLines) return;
      const typed = await page
        .getByTestId('scan-input')
        .inputValue()
        .catch(() => '');
      if (typed !== '' || (await page.getByTestId('scan-error').count()) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if ((await lines.count()) === expectedLines) return;
    console.warn(JSON.stringify({ msg: 'scanner burst split under load; sending again', code, attempt }));
    await page
      .getByTestId('scan-input')
      .fill('')
      .catch(() => undefined);
  }
  await waitForCartLines(till, expectedLines);
}
