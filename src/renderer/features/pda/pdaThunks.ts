// What the handheld does with a scan (camera, the scan key's keystrokes, or a typed code): the tab it arrived on
// decides first, the code's pattern second (docs/decisions/0004), so a product scanned on the customer tab still
// gets its price. Customers go through the member feature's identify flow; prices come from the cached catalog
// and membership rules (offline too); stock and the mall attribution code from the CRM when it answers.
import { z } from 'zod';
import { classifyScan } from '../../../domain/codes';
import type { Product } from '../../../domain/model';
import { BP, memberRateBp, type MemberRules } from '../../../domain/membership/rules';
import { discountForRateBp } from '../../../domain/money';
import { readMemberConfig } from '../../../offline/members';
import { ATTRIBUTION_OFFLINE_PREFIX, AttributionCodeSchema } from '../../../shared/crm';
import type { AppThunk, RootState } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg, type UiMessage } from '../../app/uiMessage';
import { dialogClosed, screenShown } from '../../app/uiSlice';
import { attachFromInput, attachFromScan, selectCrmOnline } from '../member/memberThunks';
import { memberErrorCleared } from '../member/memberSlice';
import { openPickup, pickupScanned } from '../pickup/pickupThunks';
import { pdaCrm } from './pdaCrm';
import {
  orderReady,
  orderStarted,
  pdaErrorCleared,
  pdaFailed,
  priceFound,
  priceLookupStarted,
  stockChanged,
  type PdaProduct,
  type PdaTab,
  type TierPrice,
} from './pdaSlice';

/** The demo mall page the CRM serves; a terminal's config can point at the real mall (mallUrlTemplate). */
export const DEFAULT_MALL_URL_TEMPLATE = '/demo/mall/p/{productId}?a={attribution}';
/** A code asked for within this time is used again; after it, the CRM is asked for today's code. */
const CODE_REFRESH_MS = 20 * 3_600_000;

export const isPdaScreen = (screen: string): boolean => screen.startsWith('pda:');

function log(extra: Extra, level: 'info' | 'warn', m: string, data: Record<string, unknown>): void {
  extra.services.get().platform.log({ level, msg: m, data });
}

/** The tab's screen; the pickup tab is the pickup feature's own verify screen. */
export const showTab =
  (tab: PdaTab): AppThunk =>
  (dispatch, getState) => {
    dispatch(pdaErrorCleared());
    if (tab === 'pickup:verify') {
      if (!getState().ui.screen.startsWith('pickup:')) dispatch(openPickup('verify'));
      return;
    }
    dispatch(screenShown(tab));
  };

/** The member price of each tier for one product, entry tier first (the cart's rounding: domain/money). */
export function tierPrices(
  rules: MemberRules,
  product: Pick<Product, 'priceFen' | 'categoryId'>,
): TierPrice[] {
  return [...rules.tiers]
    .sort((a, b) => a.rank - b.rank)
    .map((t) => {
      const rateBp = memberRateBp(rules, t.code, product.categoryId);
      const priceFen =
        rateBp < BP ? product.priceFen - discountForRateBp(product.priceFen, rateBp) : product.priceFen;
      return { code: t.code, name: t.name, rateBp, priceFen };
    });
}

/** The mall's product page with this product and code; a path template lives on the CRM's address. */
export function mallUrl(template: string, base: string, productId: string, code: string): string {
  const filled = template
    .replace(/\{productId\}/g, encodeURIComponent(productId))
    .replace(/\{attribution\}/g, encodeURIComponent(code));
  return filled.startsWith('/') ? new URL(filled, base).toString() : filled;
}

/** Every scan while a handheld tab shows (routeScan sends them here). */
export const pdaScanned =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const tab = getState().ui.screen;
    const asSale = classifyScan(raw, 'sale');
    const kind = asSale.kind;
    const isMember = kind === 'memberCard' || kind === 'memberToken';
    const isProduct = kind === 'product' || kind === 'scale';
    if (isMember || (tab === 'pda:member' && !isProduct && kind !== 'pickupToken')) {
      if (tab !== 'pda:member') dispatch(showTab('pda:member'));
      return dispatch(identifyCustomer(raw));
    }
    if (kind === 'pickupToken') {
      dispatch(showTab('pickup:verify'));
      return dispatch(pickupScanned(raw));
    }
    if (tab === 'pda:order') return dispatch(orderOnlineFor(raw));
    if (tab !== 'pda:price') dispatch(showTab('pda:price'));
    return dispatch(checkPrice(raw));
  };

/** A member QR or card: the member feature's identify (offline too); its error shows on the customer tab. */
export const identifyCustomer =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    dispatch(pdaErrorCleared());
    dispatch(memberErrorCleared());
    const scan = classifyScan(raw, 'member');
    if (scan.kind === 'invalid') {
      dispatch(
        pdaFailed(
          msg(scan.reason === 'checkDigit' ? 'member.error.checkDigit' : 'pda.error.notAMemberCode', {
            code: raw,
          }),
        ),
      );
      return;
    }
    await dispatch(attachFromScan(raw));
    // The till's member dialog is not part of the handheld: its message shows on the customer tab instead.
    if (getState().ui.dialog === 'member') dispatch(dialogClosed());
  };

/** What floor staff typed on the customer tab: a phone number (online lookup) or a card number. */
export const customerEntered =
  (text: string): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const t = text.trim().replace(/[\s-]/g, '');
    if (!/^1\d{10}$/.test(t)) return dispatch(identifyCustomer(text));
    dispatch(pdaErrorCleared());
    dispatch(memberErrorCleared());
    await dispatch(attachFromInput(t));
    if (getState().ui.dialog === 'member') dispatch(dialogClosed());
  };

async function findProduct(
  extra: Extra,
  raw: string,
): Promise<{ product: PdaProduct } | { error: UiMessage }> {
  const scan = classifyScan(raw, 'sale');
  const { catalog } = extra.services.get();
  let product: Product | undefined;
  if (scan.kind === 'product') product = await catalog.findByCode(scan.gtin);
  else if (scan.kind === 'scale') product = await catalog.findByPlu(scan.plu);
  else if (scan.kind === 'invalid')
    return {
      error: msg(scan.reason === 'checkDigit' ? 'pda.error.checkDigit' : 'pda.error.notAProduct', {
        code: scan.raw || raw,
      }),
    };
  else return { error: msg('pda.error.notAProduct', { code: raw.trim() }) };
  if (!product || !product.active)
    return {
      error: msg('pda.error.unknownProduct', { code: scan.kind === 'product' ? scan.gtin : raw.trim() }),
    };
  const categories = await catalog.categories();
  return {
    product: {
      id: product.id,
      barcode: product.barcode,
      name: product.name,
      nameEn: product.nameEn,
      categoryName: categories.find((c) => c.id === product.categoryId)?.name ?? null,
      priceFen: product.priceFen,
      unit: product.unit,
      categoryId: product.categoryId,
    },
  };
}

/** Price and member prices from the till's own catalog and cached rules, then stock from the CRM. */
export const checkPrice =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, extra) => {
    dispatch(priceLookupStarted());
    const found = await findProduct(extra, raw);
    if ('error' in found) {
      log(extra, 'info', 'pda price check: no product', { code: raw.slice(0, 64) });
      dispatch(pdaFailed(found.error));
      return;
    }
    const { product } = found;
    const rules = (await readMemberConfig(extra.services.get().cache))?.config.rules;
    dispatch(priceFound({ product, tiers: rules ? tierPrices(rules, product) : null }));
    log(extra, 'info', 'pda price check', { productId: product.id, tiers: rules ? rules.tiers.length : 0 });
    await dispatch(loadStock(product.id));
  };

export const loadStock =
  (productId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    const { sync } = extra.services.get();
    if (!sync) return void dispatch(stockChanged({ productId, phase: 'noCrm' }));
    if (!selectCrmOnline(getState())) return void dispatch(stockChanged({ productId, phase: 'offline' }));
    dispatch(stockChanged({ productId, phase: 'loading' }));
    const r = await pdaCrm(sync.client).stock(productId);
    if (r.ok) return void dispatch(stockChanged({ productId, phase: 'loaded', data: r.value }));
    log(extra, 'warn', 'pda stock failed', { productId, code: r.failure.code, kind: r.failure.kind });
    dispatch(stockChanged({ productId, phase: r.failure.kind === 'transient' ? 'offline' : 'failed' }));
  };

/** The product shown on the price tab, as an online mall QR (the "order online" button there). */
export const orderOnline =
  (product: PdaProduct): AppThunk<Promise<void>> =>
  async (dispatch) => {
    dispatch(showTab('pda:order'));
    await dispatch(prepareOrderQr(product));
  };

const orderOnlineFor =
  (raw: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, extra) => {
    const found = await findProduct(extra, raw);
    if ('error' in found) {
      dispatch(pdaFailed(found.error));
      return;
    }
    await dispatch(prepareOrderQr(found.product));
  };

const prepareOrderQr =
  (product: PdaProduct): AppThunk<Promise<void>> =>
  async (dispatch, getState, extra) => {
    dispatch(orderStarted(product));
    const staffId = getState().session.cashierId;
    if (!staffId) return void dispatch(pdaFailed(msg('pda.error.noStaff')));
    const code = await attributionCodeFor(extra, getState(), staffId);
    if (!code) return void dispatch(pdaFailed(msg('pda.error.noAttribution')));
    const { config } = extra.services.get();
    const base = config.crmUrl || globalThis.location?.origin || 'http://127.0.0.1';
    const url = mallUrl(config.mallUrlTemplate ?? DEFAULT_MALL_URL_TEMPLATE, base, product.id, code.code);
    log(extra, 'info', 'pda mall qr', { productId: product.id, method: code.method });
    dispatch(orderReady({ url, code: code.code, method: code.method }));
  };

const CachedCodeSchema = z.object({
  code: AttributionCodeSchema,
  expiresAt: z.iso.datetime({ offset: true }),
  fetchedAt: z.iso.datetime({ offset: true }),
});

/**
 * Today's code from the CRM (kept in the cache, so the next QR needs no round trip), a code fetched earlier while
 * it is valid, or else one composed here that the CRM can only check against its staff list.
 */
async function attributionCodeFor(
  extra: Extra,
  s: RootState,
  staffId: string,
): Promise<{ code: string; method: 'issued' | 'offline' } | null> {
  const { cache, sync, identity } = extra.services.get();
  const key = `pda.attribution.${staffId}`;
  const now = extra.now().getTime();
  const row = await cache.meta.get(key);
  const parsed = CachedCodeSchema.safeParse(row?.value);
  const cached = parsed.success ? parsed.data : null;
  if (cached && now - Date.parse(cached.fetchedAt) < CODE_REFRESH_MS && Date.parse(cached.expiresAt) > now)
    return { code: cached.code, method: 'issued' };
  if (sync && selectCrmOnline(s)) {
    const r = await pdaCrm(sync.client).attributionCode(staffId);
    if (r.ok) {
      await cache.meta.put({
        key,
        value: { code: r.value.code, expiresAt: r.value.expiresAt, fetchedAt: extra.now().toISOString() },
      });
      return { code: r.value.code, method: 'issued' };
    }
    log(extra, 'warn', 'pda attribution code not issued', { code: r.failure.code, kind: r.failure.kind });
  }
  // A day's margin, so a customer who orders tonight is still credited.
  if (cached && Date.parse(cached.expiresAt) > now + 86_400_000)
    return { code: cached.code, method: 'issued' };
  const offline = `${ATTRIBUTION_OFFLINE_PREFIX}${identity.storeId}.${identity.terminalId}.${staffId}`;
  return AttributionCodeSchema.safeParse(offline).success ? { code: offline, method: 'offline' } : null;
}
