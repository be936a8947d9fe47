// Staff end to end on the real build in real Chromium with the reference CRM on the same origin: the staff list
// arrives by sync; a cashier logs in with employee number and the touch keypad; five wrong PINs lock an employee
// out and a manager lifts it; a cashier asks to open the drawer without a sale and a manager approves in the
// overlay (employee number + PIN, with the reason); the till is locked and unlocked; the audit entries reach the
// CRM, which finds their hash chain intact.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blurAll, launchTill, logIn, makeProfileDir, scanBurst, type Till } from './helpers/till';
import { serveTillWithCrm, type TillWithCrm } from './helpers/crmServer';

const SHOTS = 'test-results';
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });

describe('staff: login, lockout, manager approval, audit chain at the CRM', () => {
  let server: TillWithCrm;
  let profile: { dir: string; remove(): Promise<void> };
  let till: Till | undefined;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await serveTillWithCrm();
    profile = await makeProfileDir();
  });

  afterAll(async () => {
    await till?.context.close().catch(() => undefined);
    await server?.close();
    await profile?.remove();
  });

  it('logs in, locks out after five wrong PINs, approves a drawer without a sale, and the CRM checks the chain', async () => {
    till = await launchTill(
      profile.dir,
      `${server.url}/?db=staff&wedgeGapMs=50`,
      { width: 1280, height: 800 },
      null,
    );
    const { page } = till;
    const screen = page.getByTestId('login-screen');
    await screen.waitFor();
    // The staff list comes from the CRM's staff stream: nobody can log in before it is there.
    await poll(() => screen.getAttribute('data-staff-ready'), 90_000).toBe('true');
    await page.screenshot({ path: `${SHOTS}/staff-login-1280x800.png` });

    // Five wrong PINs for E1003 (typed, slowly, as a person): locked out; then even the right PIN is refused.
    const idField = page.getByTestId('login-staff-id');
    const pinField = page.getByTestId('login-pin');
    const error = page.getByTestId('login-error');
    for (let i = 1; i <= 5; i++) {
      await idField.fill('E1003');
      await pinField.fill('0000');
      await page.keyboard.press('Enter');
      await poll(() => error.innerText()).toContain(i < 5 ? `再错 ${5 - i} 次` : '已锁定');
    }
    await idField.fill('E1003');
    await pinField.fill('2222');
    await page.keyboard.press('Enter');
    await poll(() => error.innerText()).toContain('E1003 已被锁定');
    await page.screenshot({ path: `${SHOTS}/staff-lockout-1280x800.png` });

    // A manager lifts the lockout in the approval overlay.
    await page.getByTestId('login-manager-unlock-staff').click();
    const overlay = page.getByTestId('approval-overlay');
    await overlay.waitFor();
    expect(await overlay.getAttribute('data-action')).toBe('unlockStaff');
    await page.getByTestId('approval-staff-id').fill('E1001');
    await page.getByTestId('approval-pin').fill('999999');
    await page.keyboard.press('Enter');
    await overlay.waitFor({ state: 'detached' });

    // The cashier logs in: employee number by keyboard (digits only: 1002 finds E1002), PIN on the touch keypad.
    await idField.fill('1002');
    await pinField.focus();
    for (const d of '1111') await page.getByTestId(`login-keypad-${d}`).click();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('till').waitFor();
    const cashier = page.getByTestId('cashier');
    expect(await cashier.getAttribute('data-role')).toBe('cashier');
    expect(await cashier.innerText()).toContain('测*');

    // Drawer without a sale: a cashier may not; the overlay asks a manager, with the reason.
    await page.keyboard.press('Control+m');
    await page.getByTestId('staff-menu').waitFor();
    await page.getByTestId('staff-no-sale').click();
    await overlay.waitFor();
    expect(await overlay.getAttribute('data-action')).toBe('noSaleDrawer');
    // No reason yet: refused with a message, nothing approved.
    await page.getByTestId('approval-staff-id').fill('E1001');
    await page.getByTestId('approval-pin').fill('999999');
    await page.getByTestId('approval-submit').click();
    await poll(() => page.getByTestId('approval-note').evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await page.getByTestId('approval-note').fill('找零: 换 100 元零钱');
    // A cashier's PIN does not approve.
    await page.getByTestId('approval-staff-id').fill('E1003');
    await page.getByTestId('approval-pin').fill('2222');
    await page.getByTestId('approval-submit').click();
    await poll(() => page.getByTestId('approval-error').innerText()).toContain('不是店长');
    await page.getByTestId('approval-staff-id').fill('E1001');
    await page.getByTestId('approval-pin').focus();
    for (const d of '999999') await page.getByTestId(`approval-keypad-${d}`).click();
    await page.screenshot({ path: `${SHOTS}/staff-approval-1280x800.png` });
    await page.keyboard.press('Enter');
    await overlay.waitFor({ state: 'detached' });
    await page.getByTestId('staff-menu').waitFor({ state: 'detached' });

    // Again with the CRM out of reach for approvals: the manager's badge signs the approval itself (decision 0040).
    await page.route('**/api/v1/approvals', (route) => route.abort('internetdisconnected'));
    await page.keyboard.press('Control+m');
    await page.getByTestId('staff-menu').waitFor();
    await page.getByTestId('staff-no-sale').click();
    await overlay.waitFor();
    await page.getByTestId('approval-note').fill('找零: 换硬币');
    await blurAll(page);
    await scanBurst(page, 'SB1.E1001.DEMO7Q2M9X4K8P');
    await overlay.waitFor({ state: 'detached' });
    await page.getByTestId('staff-menu').waitFor({ state: 'detached' });
    await page.unroute('**/api/v1/approvals');

    // Lock the till (Ctrl+L) and open it again with the cashier's PIN.
    await page.keyboard.press('Control+l');
    const lock = page.getByTestId('lock-screen');
    await lock.waitFor();
    expect(await page.getByTestId('lock-cashier').innerText()).toContain('E1002');
    await page.screenshot({ path: `${SHOTS}/staff-locked-1280x800.png` });
    await pinField.fill('1111');
    await page.keyboard.press('Enter');
    await page.getByTestId('till').waitFor();

    // The staff menu shows the local audit log and its chain.
    await page.keyboard.press('Control+m');
    await page.getByTestId('staff-menu').waitFor();
    await poll(() => page.getByTestId('audit-chain-state').getAttribute('data-ok')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/staff-menu-1280x800.png` });
    await page.keyboard.press('Escape');

    // Every entry reaches the CRM, in chain order, and the chain holds.
    const badge = page.getByTestId('sync-badge');
    await poll(() => badge.getAttribute('data-pending'), 60_000).toBe('0');
    const entries = await server.db.query<{
      idx: number | string;
      action: string;
      actor_id: string;
      approved_by: string | null;
      detail: Record<string, unknown>;
      chain_break: string | null;
    }>(
      `SELECT idx, action, actor_id, approved_by, detail, chain_break FROM audit_entries
         WHERE store_id = $1 AND terminal_id = $2 ORDER BY idx`,
      [server.demoEnrollment.storeId, server.demoEnrollment.terminalId],
    );
    const rows = entries.rows;
    expect(rows.map((r) => Number(r.idx))).toEqual(rows.map((_, i) => i));
    expect(rows.every((r) => r.chain_break === null)).toBe(true);
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'staff.pinFailed').length).toBeGreaterThanOrEqual(5);
    expect(actions).toContain('staff.lockedOut');
    expect(actions).toContain('staff.unlocked');
    expect(actions).toContain('till.locked');
    expect(actions).toContain('till.unlocked');
    const granted = rows.find((r) => r.action === 'approval.granted' && r.detail.action === 'noSaleDrawer');
    expect(granted).toMatchObject({
      actor_id: 'E1002',
      approved_by: 'E1001',
      detail: { action: 'noSaleDrawer', via: 'pin', note: '找零: 换 100 元零钱' },
    });
    expect(rows.find((r) => r.action === 'drawer.noSale')).toMatchObject({
      actor_id: 'E1002',
      approved_by: 'E1001',
    });
    // The CRM verified both drawer approvals itself: the one it signed online, and the badge's offline HMAC.
    const checks = await server.db.query<{ kind: string; verdict: string; approver_id: string }>(
      `SELECT kind, verdict, approver_id FROM approval_checks WHERE action = 'noSaleDrawer' ORDER BY id`,
    );
    expect(checks.rows).toEqual([
      { kind: 'online', verdict: 'ok', approver_id: 'E1001' },
      { kind: 'badge', verdict: 'ok', approver_id: 'E1001' },
    ]);
    expect((await server.db.query(`SELECT 1 FROM issues WHERE kind LIKE 'approval.%'`)).rows).toHaveLength(0);
    const chains = await server.db.query<{ breaks: number | string }>(
      `SELECT breaks FROM audit_chains WHERE terminal_id = $1`,
      [server.demoEnrollment.terminalId],
    );
    expect(chains.rows.map((r) => Number(r.breaks))).toEqual([0]);
    const broken = await server.db.query(`SELECT 1 FROM issues WHERE kind = 'audit.chainBroken'`);
    expect(broken.rows).toHaveLength(0);

    // Switching cashier keeps the till's data and goes back to the login screen; the next one logs in.
    await page.keyboard.press('Control+m');
    await page.getByTestId('staff-switch').click();
    await screen.waitFor();
    await logIn(till, { id: 'E1001', pin: '999999' });
    expect(await cashier.getAttribute('data-role')).toBe('manager');
    expect(till.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
