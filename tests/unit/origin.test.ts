// The till's unsynced sales live in IndexedDB, which belongs to an origin and, in Electron, to a user data
// folder. An update that changes either one starts the till on an empty database and orphans the outbox
// (electron-builder#4939). These values are pinned here: changing one must be a decision with a migration,
// never a side effect of a refactor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import {
  APP_DATA_DIR,
  APP_ENTRY_URL,
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  CUSTOMER_DISPLAY_URL,
} from '../../src/main/electron/protocol';
import { openCache, openLedger } from '../../src/offline/db';

vi.mock('electron', () => ({}));

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the app origin never changes across versions', () => {
  it('Electron serves the till from app://pos', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_HOST).toBe('pos');
    expect(APP_ORIGIN).toBe('app://pos');
    expect(APP_ENTRY_URL).toBe('app://pos/index.html');
    // The customer window shares the origin: BroadcastChannel only reaches the same origin.
    expect(new URL(CUSTOMER_DISPLAY_URL).host).toBe('pos');
    expect(CUSTOMER_DISPLAY_URL.startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });

  it('the scheme is standard and secure: a real origin with storage, not an opaque one', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false });
  });

  it('the user data folder has a fixed name, and the installer a fixed identity', () => {
    expect(APP_DATA_DIR).toBe('StoreTerminal');
    const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { appId: string };
    // NSIS keys the installed app (upgrade in place, same data) on the appId.
    expect(builder.appId).toBe('com.retail.storeterminal');
  });

  it('the database names are fixed', () => {
    expect(openLedger().name).toBe('ledger');
    expect(openCache().name).toBe('cache');
  });

  it('the web till keeps its origin: start:web listens on 127.0.0.1:8080 unless told otherwise', () => {
    const startWeb = readFileSync(join(root, 'scripts/start-web.ts'), 'utf8');
    expect(startWeb).toMatch(/process\.env\.PORT \?\? 8080\b/);
    expect(startWeb).toMatch(/process\.env\.HOST \?\? '127\.0\.0\.1'/);
    // 127.0.0.1 and localhost are two origins with two separate databases: the README names one.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('http://127.0.0.1:8080');
  });
});
