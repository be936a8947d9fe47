// What the shift feature plugs into the till: F12 shift menu and its dialogs, F10 refunds, the blind close, the Z
// and the manager's day view as screens.
import type { FeatureRegistry } from '../../app/featureRegistry';
import { DayViewScreen } from './DayViewScreen';
import { openRefundScreen } from './refundThunks';
import { RefundScreen } from './RefundScreen';
import {
  DropDialog,
  OpenShiftDialog,
  PayInDialog,
  PayOutDialog,
  ShiftMenuDialog,
  XReportDialog,
} from './ShiftDialogs';
import { CloseShiftScreen, ZReportScreen } from './ShiftScreens';
import { openShiftMenu } from './shiftThunks';

export const shiftFeature: FeatureRegistry = {
  dialogs: {
    'shift:menu': ShiftMenuDialog,
    'shift:open': OpenShiftDialog,
    'shift:payIn': PayInDialog,
    'shift:payOut': PayOutDialog,
    'shift:drop': DropDialog,
    'shift:x': XReportDialog,
  },
  screens: {
    'shift:close': CloseShiftScreen,
    'shift:z': ZReportScreen,
    'shift:refund': RefundScreen,
    'shift:day': DayViewScreen,
  },
  keys: [
    { key: 'F12', run: (store) => void store.dispatch(openShiftMenu()) },
    {
      key: 'F10',
      run: (store) => {
        // Not in the middle of a sale: the cart would be lost from view while refunding.
        if (store.getState().cart.cart.lines.length > 0) return false;
        store.dispatch(openRefundScreen());
      },
    },
  ],
};
