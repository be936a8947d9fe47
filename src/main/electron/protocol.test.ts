import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  resolveAppUrl,
  serveAppRequest,
} from './protocol';

const ROOT = resolve('/srv/pos/dist/renderer');

describe('app:// origin', () => {
  it('never changes: it owns the IndexedDB with the ledger', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_HOST).toBe('pos');
    expect(APP_ORIGIN).toBe('app://pos');
    expect(APP_ENTRY_URL).toBe('app://pos/index.html');
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false });
  });
});

describe('resolveAppUrl', () => {
  it('maps app://pos paths to files inside the root', () => {
    expect(resolveAppUrl('app://pos/index.html', ROOT)).toEqual({
      ok: true,
      filePath: join(ROOT, 'index.html'),
    });
    expect(resolveAppUrl('app://pos/', ROOT)).toEqual({ ok: true, filePath: join(ROOT, 'index.html') });
    expect(resolveAppUrl('app://pos', ROOT)).toEqual({ ok: true, filePath: join(ROOT, 'index.html') });
    expect(resolveAppUrl('app://pos/assets/index-abc.js?v=1#x', ROOT)).toEqual({
      ok: true,
      filePath: join(ROOT, 'assets', 'index-abc.js'),
    });
    expect(resolveAppUrl('app://pos/assets/%E5%9B%BE.png', ROOT)).toEqual({
      ok: true,
      filePath: join(ROOT, 'assets', '图.png'),
    });
  });

  it.each([
    'app://pos/../secret.txt',
    'app://pos/assets/../../secret.txt',
    'app://pos/%2e%2e/secret.txt',
    'app://pos/%2E%2E/%2e%2E/etc/passwd',
    'app://pos/assets/..%2f..%2fsecret.txt',
    'app://pos/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://pos/..%5c..%5csecret.txt',
    'app://pos/assets\\..\\..\\secret.txt',
    'app://pos/a/%2e%2e/%2e%2e/%2e%2e/secret.txt',
    'app://pos/index.html%00.png',
    'app://pos/C:/Windows/win.ini',
  ])('refuses traversal: %s', (url) => {
    expect(resolveAppUrl(url, ROOT)).toMatchObject({ ok: false, status: 403 });
  });

  it('keeps a doubly encoded dot-dot as a harmless file name inside the root', () => {
    const r = resolveAppUrl('app://pos/%252e%252e/secret.txt', ROOT);
    expect(r).toEqual({ ok: true, filePath: join(ROOT, '%2e%2e', 'secret.txt') });
  });

  it.each([
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://pos/index.html',
    'app://user:pw@pos/index.html',
  ])('refuses foreign origins: %s', (url) => {
    expect(resolveAppUrl(url, ROOT)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses malformed escapes and non-URLs', () => {
    expect(resolveAppUrl('app://pos/%E5%9B', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppUrl('not a url', ROOT)).toMatchObject({ ok: false });
  });
});

describe('serveAppRequest', () => {
  let dir: string;
  let root: string;
  const CSP = "default-src 'self'; script-src 'self'";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pos-proto-'));
    root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>till</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'terminal credential');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files with their type and the CSP header', async () => {
    const res = await serveAppRequest({ url: 'app://pos/assets/app.js', method: 'GET' }, root, CSP);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for client-side routes, 404 for missing assets', async () => {
    const route = await serveAppRequest({ url: 'app://pos/cashier/checkout' }, root, CSP);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>till</title>');
    expect((await serveAppRequest({ url: 'app://pos/assets/missing.js' }, root, CSP)).status).toBe(404);
    expect((await serveAppRequest({ url: 'app://pos/api/v1/catalog' }, root, CSP)).status).toBe(404);
  });

  it('never serves a file outside the root, and only reads', async () => {
    for (const url of [
      'app://pos/../secret.txt',
      'app://pos/%2e%2e/secret.txt',
      'app://pos/..%2fsecret.txt',
    ]) {
      const res = await serveAppRequest({ url }, root, CSP);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('credential');
    }
    expect((await serveAppRequest({ url: 'app://pos/index.html', method: 'POST' }, root, CSP)).status).toBe(
      405,
    );
  });
});
