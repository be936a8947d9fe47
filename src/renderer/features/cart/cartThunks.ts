import { setLineQty } from '../../../domain/cart';
import type { AppThunk } from '../../app/store';
import { msg, type UiMessage } from '../../app/uiMessage';
import { qtySet } from './cartSlice';
import { dialogOpened, toastShown } from '../../app/uiSlice';

/** Sets the selected line's quantity; answers the message to show when the domain refuses. */
export const setSelectedQty =
  (text: string): AppThunk<UiMessage | null> =>
  (dispatch, getState) => {
    const s = getState();
    const lineId = s.cart.selectedLineId;
    if (!lineId) return msg('qty.error.noLine');
    if (!/^\d{1,4}$/.test(text.trim())) return msg('qty.error.notANumber');
    const qty = Number(text.trim());
    const r = setLineQty(s.cart.cart, lineId, qty);
    if (!r.ok) return msg(`qty.error.${r.reason}`);
    dispatch(qtySet({ lineId, qty }));
    return null;
  };

/** F4: the quantity dialog for the selected line, or a hint when none is selected. */
export const openQty = (): AppThunk => (dispatch, getState) => {
  if (getState().cart.selectedLineId) dispatch(dialogOpened('qty'));
  else dispatch(toastShown({ ...msg('qty.error.noLine'), tone: 'error' }));
};
