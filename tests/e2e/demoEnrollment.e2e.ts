// Issue 16, end to end: the demo web server (what `npm run start:web` serves) hands out no enrollment code, and
// the till still enrolls on its first start by asking the demo CRM (a new terminal W00n of S001), gets the staff
// list and logs in. A till whose code the CRM refuses (unknown or used) says so on its login screen instead of
// waiting for the staff list forever.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openCrm } from '../../crm/main';
import { demoTerminalConfig, startDemoWeb } from '../../scripts/demoWeb';
import { startWebServer } from '../../scripts/webServer';
import { launchTill, logIn, makeProfileDir, type Till } from './helpers/till';

const DIST = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SEED = { products: 200, members: 20, pickupsPerState: 1, pinIterations: 1000 };

describe('a browser till enrolls through the demo CRM, never from a served code', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  async function serve(demo: boolean) {
    const dataDir = await mkdtemp(join(tmpdir(), 'crm-demo-enroll-'));
    const crm = await openCrm({ dataDir, logger: false, demo, seed: SEED });
    await crm.app.ready();
    const web = await startDemoWeb({
      root: DIST,
      port: 0,
      crm: crm.app,
      terminalConfig: demoTerminalConfig(),
    });
    cleanups.push(
      () => rm(dataDir, { recursive: true, force: true }),
      () => crm.db.close(),
      () => crm.app.close(),
      () => web.close(),
    );
    return { crm, web };
  }

  async function open(url: string): Promise<Till> {
    const profile = await makeProfileDir();
    cleanups.push(() => profile.remove());
    const till = await launchTill(profile.dir, url, { width: 1280, height: 800 }, null);
    cleanups.push(() => till.context.close());
    return till;
  }

  it('demo mode: enrolls as a new demo terminal, the staff list arrives, the manager logs in', async () => {
    const { crm, web } = await serve(true);
    const config = (await (await fetch(`${web.url}/config.json`)).json()) as Record<string, unknown>;
    expect(config.enrollmentCode).toBeUndefined();
    const till = await open(`${web.url}/?db=demo-enroll&wedgeGapMs=50`);
    const screen = till.page.getByTestId('login-screen');
    await expect
      .poll(() => screen.getAttribute('data-staff-ready'), { timeout: 60_000, interval: 200 })
      .toBe('true');
    const t = await crm.db.query<{ id: string; enrolled: boolean }>(
      `SELECT id, enrolled_at IS NOT NULL AS enrolled FROM terminals WHERE store_id = 'S001' AND id LIKE 'W%'`,
    );
    expect(t.rows).toEqual([{ id: 'W001', enrolled: true }]);
    expect(await screen.innerText()).toContain('W001');
    await logIn(till, { id: 'E1001', pin: '999999' });
    await till.page.getByTestId('till').waitFor();
    expect(till.errors).toEqual([]);
  });

  it('a refused code (unknown or used): the login screen says the till is not enrolled', async () => {
    const { crm } = await serve(false);
    // An installer's config with a code the CRM does not know (or one used already).
    const config = JSON.stringify({
      ...demoTerminalConfig(),
      terminalId: 'T09',
      enrollmentCode: 'NOT-A-REAL-CODE-1',
    });
    const web = await startWebServer({
      root: DIST,
      port: 0,
      handler: (req, res) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (path.startsWith('/api/')) {
          crm.app.routing(req, res);
          return true;
        }
        if (path !== '/config.json') return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end(config);
        return true;
      },
    });
    cleanups.push(() => web.close());
    const till = await open(`${web.url}/?db=refused-enroll&wedgeGapMs=50`);
    await till.page.getByTestId('login-not-enrolled').waitFor({ timeout: 60_000 });
    expect(await till.page.getByTestId('login-waiting-staff').count()).toBe(0);
  });
});
