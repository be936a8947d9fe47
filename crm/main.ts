// `tsx crm/main.ts`: the reference CRM on its own, the production entry: no demo pages, no demo enrollment, no
// demo SMS (issue 16). PORT (8787), HOST (127.0.0.1), DATA_DIR (.data/crm) for PGlite, DATABASE_URL for a
// PostgreSQL server instead, CORS_ORIGINS (comma-separated), DEMO_ENROLL_CODE (an operator's code for S001/T03,
// registered at start and never printed), CRM_DEMO=1 for demo mode (what `npm run start:web` runs), MALL_SERVICE_TOKEN
// (the online mall's service credential; "new,old" while rotating, docs/decisions/0042).
import { fileURLToPath } from 'node:url';
import { openDb } from './db';
import { refreshMemberScope } from './memberScope';
import { migrate } from './migrate';
import { ensureDemoEnrollment, ensureSeeded, type SeedOptions } from './seed';
import { registerDemoMallBackend } from './routes/pda';
import type { SmsSender } from './memberAuth';
import { DemoSmsSender } from './memberAuth';
import { createCrmServer } from './server';
import { configureServiceCredentials, ensureDemoServiceCredential } from './serviceCredentials';

/** How often the CRM drops members from stores where they stopped buying (refreshMemberScope). */
export const MEMBER_SCOPE_SWEEP_MS = 6 * 3600_000;

export interface StartedCrm {
  url: string;
  close: () => Promise<void>;
}

export interface CrmOptions {
  /** Demo data sizes for a first start (benchmarks seed bigger catalogs). */
  seed?: SeedOptions;
  dataDir?: string;
  databaseUrl?: string;
  corsOrigins?: string[];
  logger?: boolean;
  /** Demo mode: /demo pages, the demo enrollment (a code for S001/T03 made at start), the demo SMS gateway. */
  demo?: boolean;
  /** The SMS gateway for member sign-in (demo mode: a DemoSmsSender when none is given). */
  sms?: SmsSender;
}

/** Opens the database, migrates, seeds on first start and builds the app without listening (start:web mounts it). */
export async function openCrm(opts: CrmOptions) {
  const db = await openDb(
    opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : { dataDir: opts.dataDir ?? '.data/crm' },
  );
  await migrate(db);
  await ensureSeeded(db, opts.seed);
  const demo = opts.demo ?? false;
  const fixedCode = process.env.DEMO_ENROLL_CODE;
  const demoEnrollment =
    demo || fixedCode ? await ensureDemoEnrollment(db, fixedCode ? { code: fixedCode } : {}) : null;
  const sms = opts.sms ?? (demo ? new DemoSmsSender() : undefined);
  // Each store's tills hold only that store's members (decision 0046): publish what is missing (the first start
  // after migration 0013), then drop members whose time at a store ran out, every few hours.
  await refreshMemberScope(db);
  // The online mall's credentials: MALL_SERVICE_TOKEN (comma-separated while rotating); demo mode adds its own.
  await configureServiceCredentials(db);
  const demoMallToken = demo ? await ensureDemoServiceCredential(db, 'mall') : undefined;
  const app = await createCrmServer({
    db,
    corsOrigins: opts.corsOrigins ?? [],
    logger: opts.logger ?? true,
    demo,
    ...(sms ? { sms } : {}),
  });
  if (demoMallToken) registerDemoMallBackend(app, demoMallToken);
  const sweep = setInterval(() => {
    refreshMemberScope(db).catch((e: unknown) => app.log.warn({ err: e }, 'member scope sweep failed'));
  }, MEMBER_SCOPE_SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  return { db, app, demoEnrollment, demoMallToken, sms };
}

/** Opens the CRM (see openCrm) and listens on its own port. */
export async function startCrm(
  opts: CrmOptions & { port: number; host: string },
): Promise<StartedCrm & { demoEnrollment: { storeId: string; terminalId: string; code: string } | null }> {
  const { db, app, demoEnrollment } = await openCrm(opts);
  const url = await app.listen({ port: opts.port, host: opts.host });
  return {
    url,
    demoEnrollment,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const crm = await startCrm({
    port: Number(process.env.PORT ?? 8787),
    host: process.env.HOST ?? '127.0.0.1',
    ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    corsOrigins: (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean),
    demo: process.env.CRM_DEMO === '1',
  });
  // The code itself is never logged: whoever reads the log could enroll as the till.
  console.log(
    JSON.stringify({
      level: 'info',
      msg: 'crm ready',
      url: crm.url,
      demo: process.env.CRM_DEMO === '1',
      ...(crm.demoEnrollment
        ? { enrollment: { storeId: crm.demoEnrollment.storeId, terminalId: crm.demoEnrollment.terminalId } }
        : {}),
    }),
  );
  const stop = () => void crm.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
