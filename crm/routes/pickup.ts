// CRM API routes for the pickup feature (see crm/routeDef.ts).
import type { PageRegistrar, RouteDef } from '../routeDef';

export const pickupRoutes: RouteDef[] = [];
export const pickupPages: PageRegistrar[] = [];
