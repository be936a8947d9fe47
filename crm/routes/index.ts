// Every feature's routes and pages, in one place so server.ts needs no edit when a feature grows.
import { approvalRoutes } from '../approvals';
import type { PageRegistrar, RouteDef } from '../routeDef';
import { chainPages, chainRoutes } from './chain';
import { memberAuthPages, memberAuthRoutes } from './memberAuth';
import { membersPages, membersRoutes } from './members';
import { pdaPages, pdaRoutes } from './pda';
import { pickupPages, pickupRoutes } from './pickup';
import { shiftsPages, shiftsRoutes } from './shifts';
import { staffPages, staffRoutes } from './staff';

export const FEATURE_ROUTES: RouteDef[] = [
  ...membersRoutes,
  ...memberAuthRoutes,
  ...pickupRoutes,
  ...staffRoutes,
  ...shiftsRoutes,
  ...pdaRoutes,
  ...chainRoutes,
  ...approvalRoutes,
];

export const FEATURE_PAGES: PageRegistrar[] = [
  ...membersPages,
  ...memberAuthPages,
  ...pickupPages,
  ...staffPages,
  ...shiftsPages,
  ...pdaPages,
  ...chainPages,
];
