// The web till prints a sale through the print service URL to the ESC/POS emulator: the decoded paper has the
// Chinese lines, the ￥ total, the receipt QR and barcode, and the drawer pulse. With the paper out, the sale still
// completes, the cashier sees what to fix, the receipt waits and prints once (and only once) the paper is back.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../src/domain/catalogSeed';
import { formatFenPlain } from '../../src/domain/money';
import type { Product } from '../../src/domain/model';
import { servePrintingTill, type PrintingTill } from '../hardware/printingStack';
import { launchTill, makeProfileDir, scanIntoCart, type Till, DOC_SHOTS } from './helpers/till';

const SHOTS = DOC_SHOTS;
const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

const catalog = generateCatalog({ count: 2000, seed: 42 });
const pieces = catalog.products.filter(
  (p) => p.active && p.unit === 'piece' && /^69\d{11}$/.test(p.barcode) && /[\u4e00-\u9fff]{2}/.test(p.name),
);
const pick = (i: number): Product => pieces[i]!;

let stack: PrintingTill;
beforeAll(async () => {
  stack = await servePrintingTill();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await stack?.close();
});

async function payCash(till: Till, dueFen: number): Promise<string> {
  const { page } = till;
  await page.keyboard.press('F5');
  await page.getByTestId('tender-dialog').waitFor();
  await poll(() => page.getByTestId('tender-amount').inputValue()).toBe(formatFenPlain(dueFen));
  await page.keyboard.press('Enter');
  await page.getByTestId('sale-complete').waitFor();
  return page.getByTestId('receipt-no').innerText();
}

describe('printing from the web till', () => {
  it('prints through the print service, waits out paper-out, and prints once when fixed', async () => {
    const profile = await makeProfileDir();
    const till = await launchTill(profile.dir, `${stack.url}/?db=e2e-printing&wedgeGapMs=50`);
    const { page } = till;
    const status = page.getByTestId('printer-status');
    try {
      await poll(() => status.getAttribute('data-state')).toBe('ready');

      // A sale with two Chinese-named goods, paid in cash.
      const [a, b] = [pick(0), pick(1)];
      await scanIntoCart(till, a.barcode, 1);
      await scanIntoCart(till, b.barcode, 2);
      const dueFen = a.priceFen + b.priceFen;
      const receiptNo = await payCash(till, dueFen);
      await poll(() => page.getByTestId('print-state').getAttribute('data-print')).toBe('printed');

      const [paper] = await stack.emulator.waitForReceipts(1);
      expect(paper!.whileNotReady).toBe(false);
      expect(paper!.unknown).toEqual([]);
      expect(paper!.chinese).toBe(true);
      expect(paper!.styled.some((s) => s.double && s.line.trim() === '天河店')).toBe(true);
      expect(paper!.lines.some((l) => l.startsWith(a.name.slice(0, 6)))).toBe(true);
      expect(paper!.lines.some((l) => l.startsWith(b.name.slice(0, 6)))).toBe(true);
      expect(paper!.lines.find((l) => l.startsWith('应付'))).toMatch(
        new RegExp(`￥${formatFenPlain(dueFen).replace('.', '\\.')}$`),
      );
      expect(paper!.lines.some((l) => l.includes(receiptNo))).toBe(true);
      expect(paper!.qr.map((q) => q.data)).toEqual([`${receiptNo}|${dueFen}`]);
      expect(paper!.barcodes).toEqual([receiptNo]);
      expect(paper!.logos).toHaveLength(1);
      expect(paper!.drawerPulses).toBe(1);
      expect(paper!.cut).toBe(true);

      // Ctrl+P reprints the receipt on screen, marked on paper.
      await page.keyboard.press('Control+p');
      await poll(() => page.getByTestId('reprint-notice').innerText()).toContain('已重印');
      const reprinted = (await stack.emulator.waitForReceipts(2))[1]!;
      expect(reprinted.lines.some((l) => l.includes('重印'))).toBe(true);
      expect(reprinted.qr.map((q) => q.data)).toEqual([`${receiptNo}|${dueFen}`]);
      expect(reprinted.drawerPulses).toBe(0);
      await page.screenshot({ path: `${SHOTS}/printer-receipt.png` });

      // Paper runs out: the status bar and a banner say so and what to do.
      await page.waitForTimeout(900);
      await page.keyboard.press('Enter');
      await page.getByTestId('sale-complete').waitFor({ state: 'detached' });
      stack.emulator.condition = { paperOut: true };
      await poll(() => status.getAttribute('data-state')).toBe('paperOut');
      await poll(() => page.getByTestId('printer-banner').innerText()).toContain('缺纸');

      // The sale is not held up: it completes, and its receipt waits in the queue.
      const c = pick(2);
      await scanIntoCart(till, c.barcode, 1);
      const secondNo = await payCash(till, c.priceFen);
      await poll(() => page.getByTestId('print-state').getAttribute('data-print')).toBe('queued');
      expect(await page.getByTestId('print-state').innerText()).toContain('缺纸');
      await poll(() => page.getByTestId('toast').innerText()).toContain('小票已排队');
      await poll(() => status.getAttribute('data-waiting')).toBe('1');
      await poll(() => page.getByTestId('printer-banner').innerText()).toContain('1 张待打印');
      expect(stack.emulator.receipts()).toHaveLength(2);
      await page.screenshot({ path: `${SHOTS}/printer-paper-out.png` });
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.screenshot({ path: `${SHOTS}/printer-paper-out-1024x768.png` });
      await page.setViewportSize({ width: 1280, height: 800 });

      await status.click();
      await page.getByTestId('printer-dialog').waitFor();
      await poll(() => page.getByTestId('printer-queue-job').count()).toBe(1);
      expect(await page.getByTestId('printer-dialog-state').innerText()).toBe('缺纸');
      await page.screenshot({ path: `${SHOTS}/printer-queue.png` });
      await page.keyboard.press('Escape');
      await page.getByTestId('printer-dialog').waitFor({ state: 'detached' });

      // Paper back in: the waiting receipt prints by itself, once.
      stack.emulator.condition = {};
      const [, , third] = await stack.emulator.waitForReceipts(3, 20_000);
      expect(third!.whileNotReady).toBe(false);
      expect(third!.qr.map((q) => q.data)).toEqual([`${secondNo}|${c.priceFen}`]);
      expect(third!.lines.some((l) => l.startsWith(c.name.slice(0, 6)))).toBe(true);
      await poll(() => page.getByTestId('print-state').getAttribute('data-print')).toBe('printed');
      await poll(() => status.getAttribute('data-state')).toBe('ready');
      await poll(() => page.getByTestId('printer-banner').count()).toBe(0);
      expect(await status.getAttribute('data-waiting')).toBe('0');
      // More status polls go by; nothing prints twice.
      await page.waitForTimeout(3500);
      expect(stack.emulator.receipts()).toHaveLength(3);
      expect(stack.emulator.jobs.filter((j) => j.whileNotReady)).toEqual([]);
      expect(till.errors).toEqual([]);
    } finally {
      await till.context.close();
      await profile.remove();
    }
  });
});
