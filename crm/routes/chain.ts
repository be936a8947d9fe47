// CRM API routes for the chain feature (see crm/routeDef.ts).
import type { PageRegistrar, RouteDef } from '../routeDef';

export const chainRoutes: RouteDef[] = [];
export const chainPages: PageRegistrar[] = [];
