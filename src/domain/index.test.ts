import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('domain index', () => {
  it('re-exports the names other rooms import', () => {
    const names = [
      'formatFen',
      'formatFenPlain',
      'parseYuanToFen',
      'applyRateBp',
      'discountForRateBp',
      'weighedAmountFen',
      'roundCashToJiao',
      'gtinCheckDigit',
      'isValidGtin',
      'expandUpcE',
      'normalizeProductCode',
      'DEFAULT_SCALE_TEMPLATES',
      'parseScaleLabel',
      'isScaleLabelCandidate',
      'classifyScan',
      'memberCardCheckDigit',
      'isValidMemberCard',
      'pickupCodeCheckDigit',
      'isValidPickupCode',
      'emptyCart',
      'addProduct',
      'setLineQty',
      'voidLine',
      'voidSale',
      'cartTotals',
      'lineNetFen',
      'applyLineDiscounts',
      'tenderSummary',
      'makeCashTender',
      'makeCardTender',
      'makeMobileTender',
      'QUICK_CASH_AMOUNTS',
      'resolveUnknownPayment',
      'formatReceiptNo',
      'parseReceiptNo',
      'businessDateOf',
      'uuidv7',
      'isUuidv7',
      'canonicalJson',
      'sha256Hex',
      'generateCatalog',
      'mulberry32',
    ];
    for (const n of names) expect(domain, n).toHaveProperty(n);
  });
});
