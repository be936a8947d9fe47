// What the member feature plugs into the till: dialogs and screens by name, and sale-screen keys.
// F2: identify a member (no member yet) or open the member's profile. Ctrl+Y (优惠券, Y for youhui): coupons.
import type { FeatureRegistry } from '../../app/featureRegistry';
import type { AppStore } from '../../app/store';
import { dialogOpened } from '../../app/uiSlice';
import { nextSaleStarted } from '../receipt/receiptSlice';
import { CouponsDialog } from './CouponsDialog';
import { ProfileDialog } from './ProfileDialog';

export const memberFeature: FeatureRegistry = {
  dialogs: { 'member:profile': ProfileDialog, 'member:coupons': CouponsDialog },
  screens: {},
  keys: [
    {
      key: 'F2',
      run: (store) => {
        // On the last receipt, F2 starts the next customer's sale with their membership.
        if (store.getState().receipt.sale) store.dispatch(nextSaleStarted());
        store.dispatch(dialogOpened(store.getState().member.attached ? 'member:profile' : 'member'));
      },
    },
    { key: 'y', ctrl: true, run: (store) => openCoupons(store) },
    { key: 'Y', ctrl: true, run: (store) => openCoupons(store) },
  ],
};

function openCoupons(store: AppStore): boolean {
  if (!store.getState().member.attached) return false;
  store.dispatch(dialogOpened('member:coupons'));
  return true;
}
