// `npm run start:web`: the till in a browser and the reference CRM (PGlite in .data/crm, seeded on first start) on
// one origin: http://127.0.0.1:8080 serves the app and /api/v1 (PORT, HOST, DATA_DIR, DATABASE_URL to change).
import { fileURLToPath } from 'node:url';
import { openCrm } from '../crm/main';
import { startWebServer } from './webServer';

const root = fileURLToPath(new URL('../dist/renderer', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const crm = await openCrm({
  ...(process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: process.env.DATA_DIR ?? '.data/crm' }),
  logger: false,
});
await crm.app.ready();

// The demo terminal's configuration, including the one-time enrollment code the CRM issued for it.
const terminalConfig = {
  storeId: crm.demoEnrollment.storeId,
  storeName: '天河店',
  terminalId: crm.demoEnrollment.terminalId,
  crmUrl: '',
  enrollmentCode: crm.demoEnrollment.code,
};

const web = await startWebServer({
  root,
  port,
  host,
  handler: (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      crm.app.routing(req, res);
      return true;
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(terminalConfig));
      return true;
    }
    return false;
  },
});
console.log(
  JSON.stringify({ level: 'info', msg: 'web till and CRM ready', url: web.url, api: `${web.url}/api/v1` }),
);
console.log(`\n  门店终端 Store terminal: ${web.url}\n  CRM API: ${web.url}/api/v1/openapi.json\n`);

const stop = () => {
  void web
    .close()
    .then(() => crm.app.close())
    .then(() => crm.db.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
