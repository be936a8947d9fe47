// The cash in a drawer, counted by denomination: notes 100, 50, 20, 10, 5, 1 yuan; coins 1 yuan, 5 jiao, 1 jiao.
// A count is a number of pieces per denomination; its value is integer fen, so no float ever reaches a total.
import type { Fen } from '../model';

export const DENOMINATIONS = [
  { id: 'note100', kind: 'note', fen: 10000 },
  { id: 'note50', kind: 'note', fen: 5000 },
  { id: 'note20', kind: 'note', fen: 2000 },
  { id: 'note10', kind: 'note', fen: 1000 },
  { id: 'note5', kind: 'note', fen: 500 },
  { id: 'note1', kind: 'note', fen: 100 },
  { id: 'coin1', kind: 'coin', fen: 100 },
  { id: 'coin5j', kind: 'coin', fen: 50 },
  { id: 'coin1j', kind: 'coin', fen: 10 },
] as const;

export type Denomination = (typeof DENOMINATIONS)[number];
export type DenominationId = Denomination['id'];
/** Pieces per denomination; a missing denomination counts as none. */
export type DenominationCounts = Partial<Record<DenominationId, number>>;

/** More pieces of one kind than any drawer or safe bag holds: a typing slip, not a count. */
export const MAX_PIECES = 99_999;

const IDS = new Set<string>(DENOMINATIONS.map((d) => d.id));

export function isDenominationId(id: string): id is DenominationId {
  return IDS.has(id);
}

export type CountProblem = { id: string; problem: 'unknownDenomination' | 'notACount' };

/**
 * Checks a count from outside (a form, a stored record): known denominations only, each a whole number of
 * pieces 0..MAX_PIECES. Zero counts are dropped so equal drawers have equal counts.
 */
export function checkCounts(
  input: Readonly<Record<string, unknown>>,
): { ok: true; counts: DenominationCounts } | { ok: false; problems: CountProblem[] } {
  const counts: DenominationCounts = {};
  const problems: CountProblem[] = [];
  for (const [id, value] of Object.entries(input)) {
    if (!isDenominationId(id)) {
      problems.push({ id, problem: 'unknownDenomination' });
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PIECES) {
      problems.push({ id, problem: 'notACount' });
      continue;
    }
    if (value > 0) counts[id] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, counts };
}

/** Value of one denomination's pieces, in fen. */
export function subtotalFen(id: DenominationId, pieces: number): Fen {
  const d = DENOMINATIONS.find((x) => x.id === id);
  if (!d) throw new RangeError(`unknown denomination ${id}`);
  if (!Number.isInteger(pieces) || pieces < 0 || pieces > MAX_PIECES)
    throw new RangeError(`not a count of pieces: ${pieces}`);
  return d.fen * pieces;
}

/** Value of a whole count, in fen. Throws RangeError on a count checkCounts would refuse. */
export function countedFen(counts: DenominationCounts): Fen {
  let total = 0;
  for (const d of DENOMINATIONS) total += subtotalFen(d.id, counts[d.id] ?? 0);
  return total;
}
