// CRM API routes for the shifts feature (see crm/routeDef.ts).
import type { PageRegistrar, RouteDef } from '../routeDef';

export const shiftsRoutes: RouteDef[] = [];
export const shiftsPages: PageRegistrar[] = [];
