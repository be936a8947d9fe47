// What every mutation effect knows about the mutation it applies and who sent it.
import type { Mutation } from '../../src/shared/crm';
import type { Queryable } from '../db';
import type { TerminalIdentity } from '../push';

export interface Ctx extends TerminalIdentity {
  epoch: number;
  /** The mutation as applied: its payload already repaired (crm/text.ts); payloadHash is the original's. */
  m: Mutation;
  /**
   * Dotted payload paths whose text held a NUL or a lone surrogate and now holds U+FFFD (e.g.
   * `sale.lines.0.name`); empty for a clean payload. A sale with repairs is flagged by the sale checks.
   */
  repairedPaths: string[];
}

/** Issue ids raised (empty when clean), or why the mutation changed nothing. */
export type EffectOutcome = string[] | 'duplicate' | 'entity-mismatch';

export type Effect<P> = (tx: Queryable, ctx: Ctx, payload: P) => Promise<EffectOutcome>;
