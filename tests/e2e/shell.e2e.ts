// The desktop shell's promises that only a real browser can check, on the built renderer in real Chromium:
// the page gets no Node globals, the Content-Security-Policy the app serves (header and meta) stops an injected
// inline script, the customer display follows a sale from a second page over BroadcastChannel, and the
// terminal config screen names each bad value next to its field.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateCatalog } from '../../src/domain/catalogSeed';
import { formatFen } from '../../src/domain/money';
import type { Product } from '../../src/domain/model';
import { buildContentSecurityPolicy } from '../../src/main/electron/security';
import { startWebServer, type RunningWebServer } from '../../scripts/webServer';
import { launchTill, makeProfileDir, scanIntoCart, type Till, DOC_SHOTS } from './helpers/till';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = DOC_SHOTS;
const WEDGE = 'wedgeGapMs=50';
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 50 });

const catalog = generateCatalog({ count: 2000, seed: 42 });
const pieces = catalog.products.filter((p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode));
const pick = (i: number): Product => pieces[i]!;

/** The built renderer with the CSP header Electron's app:// handler sends (security.ts), on top of the meta. */
function serveWithAppCsp(): Promise<RunningWebServer> {
  const csp = buildContentSecurityPolicy();
  return startWebServer({
    root: DIST,
    handler: (_req, res) => {
      res.setHeader('Content-Security-Policy', csp);
      return false;
    },
  });
}

async function nodeGlobals(page: Page) {
  return page.evaluate(() => {
    const g = globalThis as Record<string, unknown>;
    return {
      require: typeof g.require,
      process: typeof g.process,
      module: typeof g.module,
      exports: typeof g.exports,
      global: typeof g.global,
      Buffer: typeof g.Buffer,
      __dirname: typeof g.__dirname,
      setImmediate: typeof g.setImmediate,
    };
  });
}

/** Injects script the ways an XSS would; reports what ran and what the CSP reported. */
async function injectScripts(page: Page) {
  return page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.append(s);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onload="window.__handlerRan = true">';
    document.body.append(holder);
    // A string timer compiles code in the page later, where the CSP's no-eval rule applies. (eval called right
    // here would not tell: DevTools evaluation is exempt from the CSP's eval check.)
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__timerRan = true', 0);
    await new Promise((r) => setTimeout(r, 300));
    return {
      inlineRan: w.__inlineRan === true,
      handlerRan: w.__handlerRan === true,
      timerRan: w.__timerRan === true,
      violations: [...new Set(violations)].sort(),
    };
  });
}

describe('desktop shell in Chromium', () => {
  let appCsp: RunningWebServer;
  let metaOnly: RunningWebServer;
  const profiles: { remove(): Promise<void> }[] = [];
  const tills: Till[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    appCsp = await serveWithAppCsp();
    // No CSP header at all: the index.html meta policy alone must hold.
    metaOnly = await startWebServer({ root: DIST, host: '127.0.0.1', port: 0, cspHeader: false });
  });
  afterAll(async () => {
    for (const t of tills) await t.context.close().catch(() => undefined);
    for (const p of profiles) await p.remove();
    await appCsp?.close();
    await metaOnly?.close();
  });

  async function open(server: RunningWebServer, db: string): Promise<Till> {
    const profile = await makeProfileDir();
    profiles.push(profile);
    const till = await launchTill(profile.dir, `${server.url}/?db=${db}&${WEDGE}`);
    tills.push(till);
    return till;
  }

  it('the till page has no Node globals', async () => {
    const till = await open(appCsp, 'shell-globals');
    expect(await nodeGlobals(till.page)).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      exports: 'undefined',
      global: 'undefined',
      Buffer: 'undefined',
      __dirname: 'undefined',
      setImmediate: 'undefined',
    });
    // A plain browser has no preload bridge either.
    expect(await till.page.evaluate(() => typeof (window as { pos?: unknown }).pos)).toBe('undefined');
    expect(till.errors).toEqual([]);
  });

  for (const [name, which] of [
    ['the app:// CSP header', () => appCsp],
    ['the index.html meta CSP alone', () => metaOnly],
  ] as const) {
    it(`${name} stops injected inline script, inline handlers and string timers`, async () => {
      const server = which();
      const res = await fetch(`${server.url}/index.html`);
      expect(res.headers.has('content-security-policy')).toBe(server === appCsp);
      const till = await open(server, `shell-csp-${server === appCsp ? 'header' : 'meta'}`);
      const r = await injectScripts(till.page);
      expect(r).toMatchObject({ inlineRan: false, handlerRan: false, timerRan: false });
      expect(r.violations).toEqual(
        expect.arrayContaining(['script-src-elem', 'script-src-attr', 'script-src']),
      );
      // The till itself still works under the policy.
      await scanIntoCart(till, pick(0).barcode, 1);
    });
  }

  it('the customer display in a second page follows the sale, and thanks the customer with the change', async () => {
    const till = await open(appCsp, 'shell-customer');
    const { page, context } = till;
    const customer = await context.newPage();
    const customerErrors: string[] = [];
    customer.on('pageerror', (e) => customerErrors.push(e.message));
    customer.on('console', (m) => {
      if (m.type() === 'error') customerErrors.push(m.text());
    });
    await customer.setViewportSize({ width: 1024, height: 768 });
    await customer.goto(`${appCsp.url}/?display=customer`);
    await poll(() => customer.getByTestId('customer-display').getAttribute('data-phase')).toBe('idle');
    await customer.screenshot({ path: `${SHOTS}/shell-customer-idle.png` });

    const [a, b, c] = [pick(3), pick(4), pick(5)];
    await page.bringToFront();
    await scanIntoCart(till, a.barcode, 1);
    await scanIntoCart(till, b.barcode, 2);
    await scanIntoCart(till, c.barcode, 3);
    const dueFen = a.priceFen + b.priceFen + c.priceFen;
    await poll(() => customer.getByTestId('cd-line').count()).toBe(3);
    await poll(() => customer.getByTestId('cd-total').innerText()).toBe(formatFen(dueFen, 'zh-CN'));
    expect(await page.getByTestId('total-due').innerText()).toBe(formatFen(dueFen, 'zh-CN'));
    expect(await customer.getByTestId('cd-line').first().innerText()).toContain(a.name);
    await customer.screenshot({ path: `${SHOTS}/shell-customer-sale.png` });

    // A customer window opened mid-sale (the monitor plugged in late) shows the sale at once.
    const late = await context.newPage();
    await late.goto(`${appCsp.url}/?display=customer`);
    await poll(() => late.getByTestId('cd-line').count()).toBe(3);
    await late.close();

    const tenderedFen = Math.ceil((dueFen + 1) / 10000) * 10000;
    await page.bringToFront();
    await page.keyboard.press('F5');
    await page.getByTestId('tender-dialog').waitFor();
    await page.keyboard.type(String(tenderedFen / 100), { delay: 60 });
    await poll(() => page.getByTestId('tender-change').innerText()).toBe(
      formatFen(tenderedFen - dueFen, 'zh-CN'),
    );
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-complete').waitFor();

    await poll(() => customer.getByTestId('customer-display').getAttribute('data-phase')).toBe('thanks');
    expect(await customer.getByTestId('cd-change').innerText()).toBe(
      formatFen(tenderedFen - dueFen, 'zh-CN'),
    );
    expect(await customer.getByTestId('cd-paid').innerText()).toBe(formatFen(tenderedFen, 'zh-CN'));
    await customer.screenshot({ path: `${SHOTS}/shell-customer-thanks.png` });

    // Next customer: the display goes back to the welcome.
    await page.waitForTimeout(900);
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-complete').waitFor({ state: 'detached' });
    await poll(() => customer.getByTestId('customer-display').getAttribute('data-phase')).toBe('idle');
    expect(customerErrors).toEqual([]);
    expect(till.errors).toEqual([]);
  });

  it('the terminal config screen needs a manager and names each bad value in Chinese', async () => {
    const till = await open(appCsp, 'shell-config');
    const { page } = till;
    await page.getByTestId('btn-settings').click();
    await page.getByTestId('settings-dialog').waitFor();
    await page.getByTestId('open-config').click();
    const screen = page.getByTestId('config-screen');
    const overlay = page.getByTestId('approval-overlay');
    await screen.or(overlay).first().waitFor({ timeout: 15_000 });
    if (await overlay.isVisible()) {
      await page.getByTestId('approval-staff-id').fill('E1005');
      await page.getByTestId('approval-pin').fill('888888');
      await page.getByTestId('approval-submit').click();
    }
    await screen.and(page.locator(':not([data-loading])')).waitFor();
    expect(await page.getByTestId('cfg-storeId').inputValue()).toBe('S001');

    // The CRM and update server addresses are the installer's: shown, not editable (main refuses them too).
    expect(await page.getByTestId('cfg-crmUrl').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByTestId('cfg-updateUrl').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByTestId('cfg-crmUrl-hint').innerText()).toBe('由安装配置文件设置，此处不能修改');
    await page.getByTestId('cfg-terminalId').fill('T 03');
    await page.getByTestId('cfg-printer-kind').selectOption('tcp');
    await page.getByTestId('cfg-printer-port').fill('打印');
    await page.getByTestId('cfg-scanner-hid').fill('0c2e:0b61, 扫码枪');
    await page.getByTestId('config-save').click();
    await poll(() => page.getByTestId('config-notice').innerText()).toContain('未保存');
    expect(await page.getByTestId('cfg-terminalId-error').innerText()).toBe(
      '只能用字母、数字、- 或 _，最多 32 位',
    );
    expect(await page.getByTestId('cfg-printer-port-error').innerText()).toBe('请输入数字');
    expect(await page.getByTestId('cfg-scanner-hid-error').innerText()).toContain('0c2e:0b61');
    expect(await page.getByTestId('cfg-terminalId').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/shell-config-errors.png` });

    // Typing in a field clears its message; the rule across fields (a network printer needs its address)
    // shows once the port is a number.
    await page.getByTestId('cfg-printer-port').fill('9100');
    expect(await page.getByTestId('cfg-printer-port-error').count()).toBe(0);
    await page.getByTestId('config-save').click();
    await poll(() => page.getByTestId('cfg-printer-host-error').count()).toBe(1);
    expect(await page.getByTestId('cfg-printer-host-error').innerText()).toBe('网络打印机需要填写 IP 地址');

    await page.getByTestId('cfg-terminalId').fill('T03');
    await page.getByTestId('cfg-printer-kind').selectOption('preview');
    await page.getByTestId('cfg-scanner-hid').fill('0c2e:0b61');
    await page.getByTestId('config-save').click();
    // The browser flavour checks but cannot write the served config.
    await poll(() => page.getByTestId('config-notice').innerText()).toContain('/config.json');
    expect(await page.locator('.cfg-error').count()).toBe(0);

    await page.keyboard.press('Escape');
    await page.getByTestId('config-screen').waitFor({ state: 'detached' });
    expect(till.errors).toEqual([]);
  });
});
