// Who is calling: the bearer credential checked against what the route asks for (crm/routeDef.ts RouteAuth).
// A terminal route takes a terminal credential; a service route takes that service's credential, and answers a
// till's credential with 403 (known, but not allowed), anything else with 401.
import type { Db } from './db';
import { authenticate } from './enrollment';
import type { ProblemInit, RouteAuth, Terminal } from './routeDef';
import { authenticateService, type ServiceIdentity } from './serviceCredentials';

export type Caller = { terminal: Terminal | null; service: ServiceIdentity | null };

export async function authorize(
  db: Db,
  auth: RouteAuth,
  header: string | undefined,
): Promise<Caller | { problem: ProblemInit }> {
  if (auth === false) return { terminal: null, service: null };
  const secret = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (auth === true) {
    const terminal = secret ? await authenticate(db, secret) : null;
    return terminal
      ? { terminal, service: null }
      : {
          problem: {
            status: 401,
            code: 'unauthenticated',
            detail: 'a valid terminal credential is required',
          },
        };
  }
  const wanted = auth.slice('service:'.length);
  const service = secret ? await authenticateService(db, secret) : null;
  if (service?.service === wanted) return { terminal: null, service };
  if (service || (secret && (await authenticate(db, secret))))
    return {
      problem: {
        status: 403,
        code: 'service-credential-required',
        detail: `only the ${wanted} service may call this`,
      },
    };
  return {
    problem: {
      status: 401,
      code: 'unauthenticated',
      detail: `a valid ${wanted} service credential is required`,
    },
  };
}
