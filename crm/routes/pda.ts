// CRM API routes for the pda feature (see crm/routeDef.ts).
import type { PageRegistrar, RouteDef } from '../routeDef';

export const pdaRoutes: RouteDef[] = [];
export const pdaPages: PageRegistrar[] = [];
