// Effects of the mutation types added by the feature issues (pickup readiness, shifts, cash moves, audit).
// push.ts applies the original five itself and looks every other type up here.
import type { MutationTypeName } from '../../src/shared/crm';
import type { Effect } from './context';

export const EXTRA_EFFECTS: Partial<Record<MutationTypeName, Effect<never>>> = {};
