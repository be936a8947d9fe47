// A browser till's first start against a demo CRM (issue 16): no enrollment code is ever served as a file, so a
// till with no identity and no code asks the CRM whether it runs in demo mode and, if so, for a demo enrollment
// (a fresh one-time code for a new terminal of the demo store). A production CRM says no; nothing is asked then.
import { API_PREFIX, DemoEnrollmentResponseSchema, HealthResponseSchema } from '../../shared/crm';

export interface DemoEnrollment {
  storeId: string;
  storeName: string;
  terminalId: string;
  code: string;
}

type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export async function requestDemoEnrollment(
  baseUrl: string,
  opts: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<DemoEnrollment | null> {
  const f: FetchLike = opts.fetch ?? ((u, i) => fetch(u, i));
  const base = baseUrl.replace(/\/+$/, '') + API_PREFIX;
  try {
    const health = await f(`${base}/health`, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
    if (!health.ok) return null;
    const h = HealthResponseSchema.safeParse(await health.json());
    if (!h.success || h.data.demo !== true) return null;
    const r = await f(`${base}/demo/enrollment`, {
      method: 'POST',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    if (!r.ok) return null;
    const e = DemoEnrollmentResponseSchema.safeParse(await r.json());
    return e.success ? e.data : null;
  } catch {
    return null;
  }
}
