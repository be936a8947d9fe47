// What manual pricing and void after tender plug into the till: two line dialogs and their keys.
import type { FeatureRegistry } from '../../app/featureRegistry';
import { voidSaleAfterTender } from '../receipt/VoidSaleAfterTenderThunk';
import { openLineAdjust } from './cartThunks';
import { DiscountDialog } from './DiscountDialog';
import { PriceOverrideDialog } from './PriceOverrideDialog';

export const cartFeature: FeatureRegistry = {
  dialogs: { 'cart:price': PriceOverrideDialog, 'cart:discount': DiscountDialog },
  screens: {},
  keys: [
    {
      key: 'o',
      ctrl: true,
      run: (store) => {
        if (store.getState().receipt.sale) return false;
        store.dispatch(openLineAdjust('cart:price'));
      },
    },
    {
      key: 'i',
      ctrl: true,
      run: (store) => {
        if (store.getState().receipt.sale) return false;
        store.dispatch(openLineAdjust('cart:discount'));
      },
    },
    {
      key: 'd',
      ctrl: true,
      // On the receipt, or with an empty cart (the last sale); never in the middle of a sale.
      run: (store) => {
        const s = store.getState();
        if (!s.receipt.sale && s.cart.cart.lines.length > 0) return false;
        void store.dispatch(voidSaleAfterTender());
      },
    },
  ],
};
