// CRM API routes for the staff feature (see crm/routeDef.ts).
import type { PageRegistrar, RouteDef } from '../routeDef';

export const staffRoutes: RouteDef[] = [];
export const staffPages: PageRegistrar[] = [];
