// A receipt as layout-neutral blocks: the printer encoder, the on-screen preview and the web print page all
// read the same document, so what the cashier previews is what the printer prints.
import { z } from 'zod';

const Text = z.string().max(2000);

export const ReceiptBlockSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('text'),
    text: Text,
    align: z.enum(['left', 'center', 'right']).optional(),
    bold: z.boolean().optional(),
    double: z.boolean().optional(),
  }),
  z.object({ t: z.literal('row'), left: Text, right: Text }),
  z.object({ t: z.literal('rule'), char: z.enum(['-', '=']).optional() }),
  z.object({
    t: z.literal('qr'),
    data: z.string().min(1).max(1000),
    size: z.number().int().min(1).max(16).optional(),
  }),
  z.object({ t: z.literal('barcode'), data: z.string().min(1).max(64), symbology: z.literal('CODE128') }),
  z.object({ t: z.literal('feed'), lines: z.number().int().min(0).max(20) }),
  z.object({ t: z.literal('cut') }),
  z.object({ t: z.literal('logo') }),
]);

export const ReceiptDocSchema = z.object({
  width: z.union([z.literal(58), z.literal(80)]),
  blocks: z.array(ReceiptBlockSchema).max(5000),
});

export type ReceiptBlock = z.output<typeof ReceiptBlockSchema>;
export type ReceiptDoc = z.output<typeof ReceiptDocSchema>;
export type PaperWidth = ReceiptDoc['width'];
