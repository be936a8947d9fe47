// What every mutation effect knows about the mutation it applies and who sent it.
import type { Mutation } from '../../src/shared/crm';
import type { Queryable } from '../db';
import type { TerminalIdentity } from '../push';

export interface Ctx extends TerminalIdentity {
  epoch: number;
  m: Mutation;
}

/** Issue ids raised (empty when clean), or why the mutation changed nothing. */
export type EffectOutcome = string[] | 'duplicate' | 'entity-mismatch';

export type Effect<P> = (tx: Queryable, ctx: Ctx, payload: P) => Promise<EffectOutcome>;
