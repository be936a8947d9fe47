// What the staff feature plugs into the till: the staff menu, and its keys on the sale screen.
import type { FeatureRegistry } from '../../app/featureRegistry';
import { dialogOpened } from '../../app/uiSlice';
import { StaffMenuDialog } from './StaffMenuDialog';
import { lockTill } from './staffThunks';

export const staffFeature: FeatureRegistry = {
  dialogs: { 'staff:menu': StaffMenuDialog },
  screens: {},
  keys: [
    { key: 'l', ctrl: true, run: (store) => void store.dispatch(lockTill()) },
    { key: 'm', ctrl: true, run: (store) => void store.dispatch(dialogOpened('staff:menu')) },
  ],
};
