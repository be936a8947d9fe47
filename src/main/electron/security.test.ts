import { describe, expect, it, vi } from 'vitest';
import {
  buildContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isPermissionAllowed,
  isTrustedSender,
  safeOpenExternal,
} from './security';

vi.mock('electron', () => ({}));

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('Content-Security-Policy', () => {
  it('allows scripts only from the app itself: no unsafe-inline, no unsafe-eval', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'self'"]);
    const script = d.get('script-src') ?? [];
    expect(script).toContain("'self'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.every((s) => s === "'self'" || s === "'wasm-unsafe-eval'")).toBe(true);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
  });

  it('lets the page reach the configured CRM and nothing else', () => {
    expect(
      directives(buildContentSecurityPolicy({ crmUrl: 'https://crm.store.cn/api/v1' })).get('connect-src'),
    ).toEqual(["'self'", 'https://crm.store.cn']);
    expect(
      directives(buildContentSecurityPolicy({ crmUrl: 'javascript:alert(1)' })).get('connect-src'),
    ).toEqual(["'self'"]);
    expect(directives(buildContentSecurityPolicy()).get('connect-src')).toEqual(["'self'"]);
  });
});

describe('isTrustedSender', () => {
  const frame = (url: string, parent: unknown = null) => ({ url, parent });
  it('trusts only the main frame of our window on app://pos', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: frame('app://pos/index.html') }, 7)).toBe(true);
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: frame('app://pos/index.html') }, 7)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: frame('app://pos/index.html', {}) }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: frame('https://evil.example/') }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: frame('file:///C:/app/index.html') }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: frame('app://posx/index.html') }, 7)).toBe(
      false,
    );
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, 7)).toBe(false);
    expect(
      isTrustedSender({ sender: { id: 7 }, senderFrame: frame('app://pos/index.html') }, undefined),
    ).toBe(false);
  });
});

describe('permissions', () => {
  it('allows only the camera, and only for our own page', () => {
    expect(isPermissionAllowed('media', 'app://pos/index.html', ['video'])).toBe(true);
    expect(isPermissionAllowed('media', 'app://pos/index.html', ['video', 'audio'])).toBe(false);
    expect(isPermissionAllowed('media', 'app://pos/index.html', ['audio'])).toBe(false);
    expect(isPermissionAllowed('media', 'app://pos/index.html', undefined)).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const p of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
      'usb',
      'serial',
      'fullscreen',
      'unknown',
    ]) {
      expect(isPermissionAllowed(p, 'app://pos/index.html', ['video']), p).toBe(false);
    }
  });

  it('installs request, check and device handlers that deny everything else', () => {
    const ses = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    hardenSession(ses as never);
    const request = ses.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      p: string,
      cb: (granted: boolean) => void,
      d: Record<string, unknown>,
    ) => void;
    const answers: boolean[] = [];
    request(null, 'media', (g) => answers.push(g), {
      requestingUrl: 'app://pos/index.html',
      isMainFrame: true,
      mediaTypes: ['video'],
    });
    request(null, 'media', (g) => answers.push(g), {
      requestingUrl: 'app://pos/index.html',
      isMainFrame: true,
      mediaTypes: ['audio'],
    });
    request(null, 'geolocation', (g) => answers.push(g), {
      requestingUrl: 'app://pos/index.html',
      isMainFrame: true,
    });
    request(null, 'notifications', (g) => answers.push(g), {
      requestingUrl: 'app://pos/index.html',
      isMainFrame: true,
    });
    expect(answers).toEqual([true, false, false, false]);

    const check = ses.setPermissionCheckHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      p: string,
      origin: string,
      d: Record<string, unknown>,
    ) => boolean;
    expect(
      check(null, 'media', 'app://pos', {
        mediaType: 'video',
        requestingUrl: 'app://pos/index.html',
        isMainFrame: true,
      }),
    ).toBe(true);
    expect(
      check(null, 'media', 'app://pos', {
        mediaType: 'audio',
        requestingUrl: 'app://pos/index.html',
        isMainFrame: true,
      }),
    ).toBe(false);
    expect(
      check(null, 'hid', 'app://pos', { requestingUrl: 'app://pos/index.html', isMainFrame: true }),
    ).toBe(false);

    const device = ses.setDevicePermissionHandler.mock.calls[0]?.[0] as (d: unknown) => boolean;
    expect(device({ deviceType: 'hid', origin: 'app://pos' })).toBe(false);
  });
});

describe('navigation and new windows', () => {
  function harden() {
    const handlers = new Map<
      string,
      (event: { preventDefault(): void; url?: string }, url?: string) => void
    >();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: vi.fn((name: string, h: (event: { preventDefault(): void }) => void) => handlers.set(name, h)),
      setWindowOpenHandler: vi.fn((h: typeof openHandler) => (openHandler = h)),
    };
    const openExternal = vi.fn(async () => {});
    hardenWebContents(contents as never, { openExternal, allowList: ['help.retail.example'] });
    const navigate = (name: string, url: string) => {
      const event = { preventDefault: vi.fn(), url };
      handlers.get(name)?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { handlers, navigate, open: (url: string) => openHandler?.({ url }), openExternal };
  }

  it('denies navigation away from app://pos', () => {
    const { navigate } = harden();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(name, 'https://evil.example/phish'), name).toBe(true);
      expect(navigate(name, 'file:///etc/passwd'), name).toBe(true);
      expect(navigate(name, 'app://pos/index.html'), name).toBe(false);
    }
    expect(navigate('will-attach-webview', 'app://pos/index.html')).toBe(true);
  });

  it('denies every new window; an allow-listed https link goes to the system browser', async () => {
    const { open, openExternal } = harden();
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('app://pos/index.html')).toEqual({ action: 'deny' });
    expect(open('https://help.retail.example/till')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(openExternal.mock.calls).toEqual([['https://help.retail.example/till']]);
  });
});

describe('safeOpenExternal', () => {
  it('opens only https URLs on an allow-listed host', async () => {
    const open = vi.fn(async () => {});
    const allow = ['help.retail.example'];
    expect(await safeOpenExternal('https://help.retail.example/a?b=1', open, allow)).toBe(true);
    expect(await safeOpenExternal('http://help.retail.example/', open, allow)).toBe(false);
    expect(await safeOpenExternal('https://help.retail.example.evil.cn/', open, allow)).toBe(false);
    expect(await safeOpenExternal('https://user@help.retail.example/', open, allow)).toBe(false);
    expect(await safeOpenExternal('file:///C:/Windows/system32/calc.exe', open, allow)).toBe(false);
    expect(await safeOpenExternal('smb://share/x', open, allow)).toBe(false);
    expect(await safeOpenExternal('javascript:alert(1)', open, allow)).toBe(false);
    expect(await safeOpenExternal('not a url', open, allow)).toBe(false);
    expect(await safeOpenExternal('https://help.retail.example/', open)).toBe(false);
    expect(open.mock.calls).toEqual([['https://help.retail.example/a?b=1']]);
  });
});
