// The domain types of src/domain/model.ts as zod schemas, so the CRM parses exactly what the till sends.
// The type assertions at the bottom fail the typecheck if the two ever drift apart.
import { z } from 'zod';
import { isUuidv7 } from '../../domain/ids';
import type { CartLine, CartTotals, Category, LineDiscount, Product, Sale, Tender } from '../../domain/model';

/** Integer fen (may be negative where a field says so, e.g. rounding). */
export const FenSchema = z.int();
export const NonNegativeFenSchema = z.int().min(0);
/** A UUIDv7 made on a terminal. */
export const Uuidv7Schema = z.string().refine(isUuidv7, { message: 'must be a UUIDv7' });
/** An id made by the CRM (catalog, members, staff...): opaque text. */
export const CrmIdSchema = z.string().min(1).max(64);
export const IsoTimeSchema = z.iso.datetime({ offset: true });
export const BusinessDateSchema = z.iso.date();
export const StoreIdSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'store id like S001');
export const TerminalIdSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'terminal id like T03');

export const SaleUnitSchema = z.enum(['piece', 'kg']);

export const CategorySchema = z.object({ id: CrmIdSchema, name: z.string(), nameEn: z.string() });

export const ProductSchema = z.object({
  id: CrmIdSchema,
  barcode: z.string().min(1).max(32),
  altBarcodes: z.array(z.string().max(32)),
  name: z.string().min(1),
  nameEn: z.string(),
  pinyin: z.string(),
  categoryId: CrmIdSchema,
  priceFen: NonNegativeFenSchema,
  unit: SaleUnitSchema,
  plu: z.string().optional(),
  version: z.int().min(0),
  active: z.boolean(),
});

export const LineDiscountSchema = z.object({
  kind: z.enum(['member', 'coupon', 'manual']),
  ref: z.string().optional(),
  amountFen: NonNegativeFenSchema,
  rateBp: z.int().min(0).max(10000).optional(),
});

export const CartLineSchema = z.object({
  lineId: Uuidv7Schema,
  productId: CrmIdSchema,
  barcode: z.string().max(64),
  name: z.string(),
  nameEn: z.string(),
  categoryId: CrmIdSchema,
  unit: SaleUnitSchema,
  qty: z.int(),
  weightGrams: z.int().min(0).optional(),
  unitPriceFen: NonNegativeFenSchema,
  labelPriceFen: NonNegativeFenSchema.optional(),
  amountFen: FenSchema,
  discountFen: NonNegativeFenSchema,
  discounts: z.array(LineDiscountSchema),
});

export const CartTotalsSchema = z.object({
  itemCount: z.int().min(0),
  grossFen: FenSchema,
  discountFen: NonNegativeFenSchema,
  dueFen: FenSchema,
});

export const TenderKindSchema = z.enum(['cash', 'card', 'wechat', 'alipay', 'points', 'coupon']);

export const TenderSchema = z.object({
  id: Uuidv7Schema,
  kind: TenderKindSchema,
  amountFen: FenSchema,
  tenderedFen: NonNegativeFenSchema.optional(),
  changeFen: NonNegativeFenSchema.optional(),
  reference: z.string().max(128).optional(),
  authCode: z.string().max(64).optional(),
  roundingFen: FenSchema.optional(),
});

export const SaleSchema = z.object({
  id: Uuidv7Schema,
  receiptNo: z.string().min(1).max(64),
  storeId: StoreIdSchema,
  terminalId: TerminalIdSchema,
  cashierId: CrmIdSchema,
  shiftId: z.string().max(64).optional(),
  businessDate: BusinessDateSchema,
  createdAt: IsoTimeSchema,
  lines: z.array(CartLineSchema),
  tenders: z.array(TenderSchema),
  totals: CartTotalsSchema,
  roundingFen: FenSchema,
  changeFen: NonNegativeFenSchema,
  memberId: CrmIdSchema.optional(),
  status: z.enum(['completed', 'voided']),
});

// Compile-time proof that schema and domain type are the same shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
void same<Same<z.infer<typeof CategorySchema>, Category>>();
void same<Same<z.infer<typeof ProductSchema>, Product>>();
void same<Same<z.infer<typeof LineDiscountSchema>, LineDiscount>>();
void same<Same<z.infer<typeof CartLineSchema>, CartLine>>();
void same<Same<z.infer<typeof CartTotalsSchema>, CartTotals>>();
void same<Same<z.infer<typeof TenderSchema>, Tender>>();
void same<Same<z.infer<typeof SaleSchema>, Sale>>();
