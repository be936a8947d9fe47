// Points lots: earned points expire by lot; redemptions draw from the lot that expires first.
import type { Queryable } from '../db';

/** Points earned per sale lot stay valid for a year. */
export const LOT_DAYS = 365;

/** Redemptions use the points that expire first. */
export async function drawFromLots(tx: Queryable, memberId: string, points: number): Promise<void> {
  const lots = await tx.query<{ entry_id: string; remaining: number }>(
    `SELECT entry_id, remaining FROM points_lots WHERE member_id = $1 AND remaining > 0 AND expires_on >= current_date
      ORDER BY expires_on, entry_id FOR UPDATE`,
    [memberId],
  );
  let left = points;
  for (const lot of lots.rows) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    await tx.query(`UPDATE points_lots SET remaining = remaining - $2 WHERE entry_id = $1`, [
      lot.entry_id,
      take,
    ]);
    left -= take;
  }
}

/** Gives points back to the lots a redemption drew from: newest-expiring first is not tracked, so the latest lot. */
export async function returnToLots(tx: Queryable, memberId: string, points: number): Promise<void> {
  await tx.query(
    `UPDATE points_lots SET remaining = remaining + $2
      WHERE entry_id = (SELECT entry_id FROM points_lots WHERE member_id = $1 ORDER BY expires_on DESC, entry_id DESC LIMIT 1)`,
    [memberId, points],
  );
}
