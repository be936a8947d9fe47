// The web till with a real CRM on the same origin (like `npm run start:web`), for end-to-end sync tests: static
// dist/renderer, /config.json with the demo enrollment code, and /api/* served by the reference CRM on a PGlite
// database in a temporary folder. stopCrm() makes /api/* look like a CRM that went away (the connection is
// dropped, no answer) while the page itself keeps being served; startCrm() brings it back with its data intact.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCrm } from '../../../crm/main';
import type { Db } from '../../../crm/db';
import type { DemoSmsSender } from '../../../crm/memberAuth';
import type { SeedOptions } from '../../../crm/seed';
import { startWebServer } from '../../../scripts/webServer';

const DIST = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

export interface TillWithCrm {
  url: string;
  db: Db;
  demoEnrollment: { storeId: string; terminalId: string; code: string };
  /** The demo SMS gateway: member sign-in codes for tests (tests/e2e/helpers/memberSession.ts). */
  sms: DemoSmsSender;
  /** /api/* requests seen while the CRM was up (to tell that the till really talked to it). */
  apiRequests(): number;
  stopCrm(): void;
  startCrm(): void;
  close(): Promise<void>;
}

export async function serveTillWithCrm(opts: { seed?: SeedOptions } = {}): Promise<TillWithCrm> {
  const dataDir = await mkdtemp(join(tmpdir(), 'crm-e2e-'));
  const crm = await openCrm({
    dataDir,
    logger: false,
    demo: true,
    ...(opts.seed ? { seed: opts.seed } : {}),
  });
  await crm.app.ready();
  const demoEnrollment = crm.demoEnrollment!;
  // A provisioned till's config (the installer's file), which may carry its one-time code; start:web's does not.
  const terminalConfig = {
    storeId: demoEnrollment.storeId,
    storeName: '天河店',
    terminalId: demoEnrollment.terminalId,
    crmUrl: '',
    enrollmentCode: demoEnrollment.code,
  };
  let up = true;
  let requests = 0;
  const web = await startWebServer({
    root: DIST,
    host: '127.0.0.1',
    port: 0,
    handler: (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path.startsWith('/api/')) {
        if (!up) {
          // A CRM that is down: no HTTP answer at all, as when the process is gone.
          req.socket.destroy();
          return true;
        }
        requests++;
        crm.app.routing(req, res);
        return true;
      }
      if (path === '/config.json') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(terminalConfig));
        return true;
      }
      return false;
    },
  });
  return {
    url: web.url,
    db: crm.db,
    demoEnrollment,
    sms: crm.sms as DemoSmsSender,
    apiRequests: () => requests,
    stopCrm: () => {
      up = false;
    },
    startCrm: () => {
      up = true;
    },
    close: async () => {
      await web.close();
      await crm.app.close();
      await crm.db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
