// `npm run start:web`: the till in a browser and the reference CRM (PGlite in .data/crm, seeded on first start) on
// one origin: http://127.0.0.1:8080 serves the app and /api/v1 (PORT, HOST, DATA_DIR, DATABASE_URL to change).
// The CRM runs in demo mode: /demo pages, the demo SMS gateway, and the demo enrollment the till asks for on its
// first start (POST /api/v1/demo/enrollment). No enrollment code is ever served as a file (issue 16).
import { fileURLToPath } from 'node:url';
import { openCrm } from '../crm/main';
import { demoTerminalConfig, startDemoWeb } from './demoWeb';
import { openPrintService } from '../src/hardware/node/printer/printServiceServer';

const root = fileURLToPath(new URL('../dist/renderer', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const crm = await openCrm({
  ...(process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: process.env.DATA_DIR ?? '.data/crm' }),
  logger: false,
  demo: true,
});
await crm.app.ready();

// A network receipt printer for the browser till (PRINTER_HOST, PRINTER_PORT, PRINTER_PAPER=58|80): the print
// service on this origin under /print sends the till's receipts to it through a persisted queue (decision 0032).
const printerHost = process.env.PRINTER_HOST;
const printer = printerHost
  ? {
      kind: 'tcp' as const,
      host: printerHost,
      port: Number(process.env.PRINTER_PORT ?? 9100),
      paperWidth: process.env.PRINTER_PAPER === '58' ? (58 as const) : (80 as const),
      serviceUrl: '/print',
    }
  : undefined;
const printService = printer
  ? openPrintService({
      printer,
      queueFile: `${process.env.PRINT_DATA_DIR ?? '.data/print'}/print-queue.json`,
      log: {
        info: (msg, data) => console.log(JSON.stringify({ level: 'info', src: 'print', msg, ...data })),
        warn: (msg, data) => console.warn(JSON.stringify({ level: 'warn', src: 'print', msg, ...data })),
        error: (msg, data) => console.error(JSON.stringify({ level: 'error', src: 'print', msg, ...data })),
      },
    })
  : undefined;

// PDA=1: the floor staff handheld instead of the cashier till (log in as 理货员 E1004, PIN 3333); serve it on
// another PORT than a till used before, so the browser keeps the two apart. The config holds no enrollment code.
const web = await startDemoWeb({
  root,
  port,
  host,
  crm: crm.app,
  terminalConfig: demoTerminalConfig({ pda: process.env.PDA === '1', ...(printer ? { printer } : {}) }),
  ...(printService ? { print: printService.handler } : {}),
});
console.log(
  JSON.stringify({ level: 'info', msg: 'web till and CRM ready', url: web.url, api: `${web.url}/api/v1` }),
);
console.log(
  `\n  门店终端 Store terminal: ${web.url}\n  CRM API: ${web.url}/api/v1/openapi.json\n  演示 DEMO member app: ${web.url}/demo/member\n`,
);

const stop = () => {
  void web
    .close()
    .then(() => printService?.close())
    .then(() => crm.app.close())
    .then(() => crm.db.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
