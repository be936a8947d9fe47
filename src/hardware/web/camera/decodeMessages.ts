// The decode worker's messages. Replies cross a thread boundary, so the page checks them with a schema.
import { z } from 'zod';
import type { CodeRead } from './symbols';

export interface DecodeRequest {
  id: number;
  frame: ImageData;
}

const PointSchema = z.object({ x: z.number(), y: z.number() });

const CodeReadSchema = z.object({
  decoder: z.enum(['zxing', 'quagga']),
  symbology: z.enum(['ean13', 'ean8', 'upce', 'code128', 'qr']),
  text: z.string().min(1).max(4096),
  place: z
    .object({
      topLeft: PointSchema,
      topRight: PointSchema,
      bottomRight: PointSchema,
      bottomLeft: PointSchema,
    })
    .optional(),
}) satisfies z.ZodType<CodeRead>;

export const DecodeReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({
    kind: z.literal('reads'),
    id: z.number().int(),
    reads: z.array(CodeReadSchema).max(64),
    ms: z.number(),
  }),
  z.object({ kind: z.literal('error'), id: z.number().int().nullable(), message: z.string().max(2000) }),
]);

export type DecodeReply = z.infer<typeof DecodeReplySchema>;
