// CRM API routes for the members feature (see crm/routeDef.ts).
import type { PageRegistrar, RouteDef } from '../routeDef';

export const membersRoutes: RouteDef[] = [];
export const membersPages: PageRegistrar[] = [];
