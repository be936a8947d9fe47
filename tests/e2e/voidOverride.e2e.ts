// Manual pricing and void after tender on the real build in real Chromium, logged in as a cashier (E1002) so every
// manager approval goes through the overlay (manager E1001, PIN 999999): a price override (Ctrl+O, approved), a
// manual discount within the cashier's limit (Ctrl+I, no approval), a cash sale, then "void this sale" on the
// receipt (approved with a note). The ledger, read straight from IndexedDB, holds the sale as voided and the outbox
// holds sale.completed then sale.voided, gap-free.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../src/domain/catalogSeed';
import { formatFen, formatFenPlain } from '../../src/domain/money';
import { startWebServer, type RunningWebServer } from '../../scripts/webServer';
import { launchTill, makeProfileDir, scanIntoCart, type Till, DOC_SHOTS } from './helpers/till';

// VOID_E2E_DIST points at another build of the renderer (a private one on a shared machine).
const DIST = process.env.VOID_E2E_DIST ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = 'test-results';
const DOCS = DOC_SHOTS;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });

const catalog = generateCatalog({ count: 2000, seed: 42 });
const product = catalog.products.find(
  (p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode) && p.priceFen >= 2000,
);

async function managerApproves(page: Till['page'], note?: string): Promise<void> {
  const overlay = page.getByTestId('approval-overlay');
  await overlay.waitFor({ timeout: 30_000 });
  if (note !== undefined) await page.getByTestId('approval-note').fill(note);
  await page.getByTestId('approval-staff-id').fill('E1001');
  await page.getByTestId('approval-pin').fill('999999');
  await page.getByTestId('approval-submit').click();
  await overlay.waitFor({ state: 'detached', timeout: 30_000 });
}

/** The ledger straight from IndexedDB, without the app's code. */
async function rawLedger(page: Till['page']) {
  return page.evaluate(async () => {
    const name = (window as unknown as { __pos: { ledgerName: string } }).__pos.ledgerName;
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((ok, fail) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
    const sales = (await all('sales')) as {
      id: string;
      status: string;
      lines: { unitPriceFen: number; discountFen: number; discounts: { kind: string; ref?: string }[] }[];
    }[];
    const outbox = (await all('outbox')) as {
      seq: number;
      type: string;
      entityId: string;
      payload: unknown;
    }[];
    db.close();
    return { sales, outbox: outbox.sort((a, b) => a.seq - b.seq) };
  });
}

describe('price override, manual discount and void after tender', () => {
  let web: RunningWebServer;
  let profile: { dir: string; remove(): Promise<void> };
  let till: Till | undefined;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    await mkdir(DOCS, { recursive: true });
    web = await startWebServer({ root: DIST, host: '127.0.0.1', port: 0 });
    profile = await makeProfileDir();
  });

  afterAll(async () => {
    await till?.context.close().catch(() => undefined);
    await web?.close();
    await profile?.remove();
  });

  it('overrides a price with approval, sells, voids after tender with approval, and the ledger says so', async () => {
    if (!product) throw new Error('the demo catalog has no packaged product of 20 yuan or more');
    till = await launchTill(
      profile.dir,
      `${web.url}/?db=e2e-void&wedgeGapMs=50`,
      { width: 1280, height: 800 },
      { id: 'E1002', pin: '1111' },
    );
    const { page } = till;
    await scanIntoCart(till, product.barcode, 1);

    // Ctrl+O: a new unit price, then the manager approves in the overlay.
    const priceFen = product.priceFen - 500;
    await page.keyboard.press('Control+o');
    await page.getByTestId('price-override-dialog').waitFor();
    await page.getByTestId('price-override-input').fill(formatFenPlain(priceFen));
    await page.screenshot({ path: `${DOCS}/void-price-override-1280x800.png` });
    await page.getByTestId('price-override-confirm').click();
    await page.getByTestId('approval-overlay').waitFor();
    await page.screenshot({ path: `${SHOTS}/void-price-approval-1280x800.png` });
    await managerApproves(page);
    await poll(() => page.getByTestId('total-due').innerText()).toBe(formatFen(priceFen, 'zh-CN'));

    // Ctrl+I: 20% off is over the cashier's 10% limit: the overlay asks for a manager; cancelled, nothing changes.
    await page.keyboard.press('Control+i');
    await page.getByTestId('discount-dialog').waitFor();
    await page.getByTestId('discount-input').fill('20');
    await page.getByTestId('discount-confirm').click();
    await page.getByTestId('approval-overlay').waitFor();
    await page.getByTestId('approval-cancel').click();
    await poll(() => page.getByTestId('toast').innerText()).toBe('未获授权：折扣未加');
    expect(await page.getByTestId('total-due').innerText()).toBe(formatFen(priceFen, 'zh-CN'));

    // Ctrl+I: 5% off is within the cashier's 10% limit: no overlay.
    await page.keyboard.press('Control+i');
    await page.getByTestId('discount-dialog').waitFor();
    await page.getByTestId('discount-input').fill('5');
    await page.screenshot({ path: `${DOCS}/void-discount-1280x800.png` });
    await page.getByTestId('discount-confirm').click();
    await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('approval-overlay').count()).toBe(0);
    const off = priceFen - Math.round((priceFen * 9500) / 10000);
    const dueFen = priceFen - off;
    await poll(() => page.getByTestId('total-due').innerText()).toBe(formatFen(dueFen, 'zh-CN'));

    // Cash, exact.
    await page.keyboard.press('F5');
    await page.getByTestId('tender-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-complete').waitFor();
    const receiptNo = await page.getByTestId('receipt-no').innerText();
    await page.screenshot({ path: `${DOCS}/void-receipt-button-1280x800.png` });

    // Void this sale: the manager approves with a note (the reason).
    await page.getByTestId('void-after-tender').click();
    await page.getByTestId('approval-overlay').waitFor();
    await page.screenshot({ path: `${DOCS}/void-approval-1280x800.png` });
    await managerApproves(page, '顾客改主意，现金已退');
    await page.getByTestId('sale-complete').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('toast').innerText()).toContain(receiptNo);

    const ledger = await rawLedger(page);
    expect(ledger.sales).toHaveLength(1);
    const [sale] = ledger.sales;
    expect(sale?.status).toBe('voided');
    expect(sale?.lines[0]).toMatchObject({ unitPriceFen: priceFen, discountFen: off });
    expect(sale?.lines[0]?.discounts.map((d) => d.ref)).toEqual(['price:E1001', 'discount:E1002']);
    const saleRecords = ledger.outbox.filter((r) => r.entityId === sale?.id);
    expect(saleRecords.map((r) => r.type)).toEqual(['sale.completed', 'sale.voided']);
    expect(saleRecords[1]?.payload).toMatchObject({
      receiptNo,
      voidedBy: 'E1002',
      approvedBy: 'E1001',
      reason: '顾客改主意，现金已退',
    });
    expect(ledger.outbox.map((r) => r.seq)).toEqual(ledger.outbox.map((_, i) => i + 1));
    expect(
      await page.evaluate(() =>
        (window as unknown as { __pos: { verifyIntegrity(): Promise<unknown> } }).__pos.verifyIntegrity(),
      ),
    ).toEqual({ ok: true, problems: [] });

    // Ctrl+D on the empty sale finds the last sale: already voided, refused with the reason.
    await page.keyboard.press('Control+d');
    await poll(() => page.getByTestId('toast').innerText()).toBe('该销售已作废');
    expect(till.errors).toEqual([]);
  });
});
