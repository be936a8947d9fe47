// Effects of the mutation types added by the feature issues (pickup readiness, shifts, cash moves, audit).
// push.ts applies the original five itself and looks every other type up here.
import type { MutationTypeName } from '../../src/shared/crm';
import type { Effect } from './context';
import { auditAppended } from './audit';
import { pickupReadied } from './pickup';
import { cashMoved, shiftOpened } from './cashMoves';

export const EXTRA_EFFECTS: Partial<Record<MutationTypeName, Effect<never>>> = {
  'audit.appended': auditAppended as Effect<never>,
  'pickup.readied': pickupReadied as Effect<never>,
  'shift.opened': shiftOpened as Effect<never>,
  'cash.moved': cashMoved as Effect<never>,
};
