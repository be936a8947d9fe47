// Session and window hardening. Every rule is a small pure function with the Electron objects passed in, so the
// tests check them with a mocked electron.
import type { Session, WebContents } from 'electron';
import { tillContentSecurityPolicy } from '../../shared/tillCsp';
import { APP_HOST, APP_SCHEME } from './protocol';

/**
 * script-src is 'self' only: no 'unsafe-inline', no 'unsafe-eval'. 'wasm-unsafe-eval' lets the bundled barcode
 * decoder compile WebAssembly and allows no JavaScript eval. Inline styles stay allowed for React style props.
 */
export function buildContentSecurityPolicy(opts: { crmUrl?: string } = {}): string {
  const connect: string[] = [];
  if (opts.crmUrl) {
    try {
      const crm = new URL(opts.crmUrl);
      if (crm.protocol === 'https:' || crm.protocol === 'http:') connect.push(crm.origin);
    } catch {
      // a bad CRM URL was already refused by the config schema; connect to nothing extra
    }
  }
  return tillContentSecurityPolicy(connect);
}

export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy();

/** True for a URL on our own app://pos origin. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface IpcSenderEvent {
  sender?: { id: number } | null;
  senderFrame?: { url: string; parent: unknown } | null;
}

/** Only the main frame of our own window, showing our own origin, may call main. */
export function isTrustedSender(event: IpcSenderEvent, mainWebContentsId: number | undefined): boolean {
  if (mainWebContentsId === undefined) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!event.sender || event.sender.id !== mainWebContentsId) return false;
  return isAppUrl(frame.url);
}

/** The camera is the one permission the till needs (PDA and counter camera scanning); audio is not. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  mediaTypes: readonly string[] | undefined,
): boolean {
  if (permission !== 'media' || !isAppUrl(requestingUrl)) return false;
  return mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

type SessionLike = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

export function hardenSession(ses: SessionLike): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionAllowed(permission, details.requestingUrl, mediaTypes));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    const media = details.mediaType === undefined ? undefined : [details.mediaType];
    return isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, media);
  });
  // WebHID/WebUSB/WebSerial from the page: hardware is reached through main, never directly.
  ses.setDevicePermissionHandler(() => false);
}

/** Default: no host is allowed. The vendor adds its help or e-invoice site here when it has one. */
export const OPEN_EXTERNAL_ALLOW_LIST: readonly string[] = [];

/** Opens only https URLs on an allow-listed host, in the system browser. */
export async function safeOpenExternal(
  url: string,
  openExternal: (url: string) => Promise<void>,
  allowList: readonly string[] = OPEN_EXTERNAL_ALLOW_LIST,
): Promise<boolean> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || !allowList.includes(u.hostname.toLowerCase()))
    return false;
  try {
    await openExternal(u.href);
    return true;
  } catch {
    return false;
  }
}

type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * The window never navigates away from app://pos, never opens windows (allow-listed https links go to the
 * system browser instead) and never hosts a <webview>.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  opts: { openExternal: (url: string) => Promise<void>; allowList?: readonly string[] },
): void {
  const denyForeign = (event: { preventDefault(): void; url?: string }, url?: string) => {
    if (!isAppUrl(event.url ?? url)) event.preventDefault();
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-frame-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void safeOpenExternal(url, opts.openExternal, opts.allowList);
    return { action: 'deny' };
  });
}
