// What the customer sees: the till publishes one view of the sale, and every customer display (the window on
// the second monitor over BroadcastChannel, the serial pole display through main) renders it. A display is a
// pure function of the latest view, so a lost or repeated message heals with the next one.
import { z } from 'zod';

const fen = z.number().int().safe();

/** Long carts send their last lines only: the customer window shows the tail anyway. */
export const CUSTOMER_DISPLAY_MAX_LINE_COUNT = 50;

export const CustomerDisplayLineSchema = z.object({
  lineId: z.string().min(1).max(64),
  name: z.string().max(200),
  nameEn: z.string().max(200),
  /** Barcode or SKU: what an ASCII-only pole display shows instead of a Chinese name. */
  code: z.string().max(64),
  qty: z.number().int().min(0).max(1_000_000),
  weightGrams: z.number().int().nonnegative().optional(),
  unitPriceFen: fen,
  amountFen: fen,
  discountFen: fen,
});

export const CustomerDisplayViewSchema = z.object({
  /** Grows with every view the till publishes; a display ignores one older than what it shows. */
  seq: z.number().int().nonnegative(),
  phase: z.enum(['idle', 'sale', 'thanks']),
  storeName: z.string().max(64),
  locale: z.enum(['zh-CN', 'en']),
  /** The newest lines last. */
  lines: z.array(CustomerDisplayLineSchema).max(CUSTOMER_DISPLAY_MAX_LINE_COUNT),
  /** The line just scanned or changed, shown large on the pole display. */
  lastLineId: z.string().max(64).nullable(),
  itemCount: z.number().int().nonnegative(),
  discountFen: fen,
  dueFen: fen,
  member: z
    .object({
      /** Already masked (张*). */
      name: z.string().max(32),
      points: z.number().int().safe(),
      /** Offline balance: last synced plus this terminal's pending deltas. */
      provisional: z.boolean(),
      /** Thank-you screen: points this sale earned. */
      earned: z.number().int().safe().optional(),
    })
    .nullable(),
  /** Thank-you screen: what was paid and the change to hand back. */
  paidFen: fen.optional(),
  changeFen: fen.optional(),
});

export type CustomerDisplayLine = z.infer<typeof CustomerDisplayLineSchema>;
export type CustomerDisplayView = z.infer<typeof CustomerDisplayViewSchema>;

/** BroadcastChannel between the till and its customer window (same origin: app://pos or the web till). */
export const CUSTOMER_DISPLAY_CHANNEL = 'pos-customer-display';

/** Messages on the channel: the till sends views; a display that just opened asks for the current one. */
export const CustomerDisplayMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), view: CustomerDisplayViewSchema }),
  z.object({ type: z.literal('hello') }),
]);
export type CustomerDisplayMessage = z.infer<typeof CustomerDisplayMessageSchema>;

export function idleView(storeName: string, locale: 'zh-CN' | 'en', seq = 0): CustomerDisplayView {
  return {
    seq,
    phase: 'idle',
    storeName,
    locale,
    lines: [],
    lastLineId: null,
    itemCount: 0,
    discountFen: 0,
    dueFen: 0,
    member: null,
  };
}
