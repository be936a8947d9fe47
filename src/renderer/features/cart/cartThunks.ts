import { setLineQty } from '../../../domain/cart';
import type { ApprovalProofData } from '../../../domain/staff/approvalProof';
import {
  discountNeedsApproval,
  manualDiscountOf,
  overrideLinePrice,
  type ManualDiscountInput,
} from '../../../domain/discountPolicy';
import { parseYuanToFen } from '../../../domain/money';
import type { AppThunk } from '../../app/store';
import { msg, type UiMessage } from '../../app/uiMessage';
import { lineDiscounted, linePriceOverridden, qtySet } from './cartSlice';
import { dialogClosed, dialogOpened, toastShown } from '../../app/uiSlice';
import { requestApproval } from '../staff/approval';

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

/** Ctrl+O / Ctrl+I: the price override or manual discount dialog for the selected line. */
export const openLineAdjust =
  (dialog: 'cart:price' | 'cart:discount'): AppThunk =>
  (dispatch, getState) => {
    if (getState().cart.selectedLineId) dispatch(dialogOpened(dialog));
    else dispatch(toastShown({ ...msg('qty.error.noLine'), tone: 'error' }));
  };

/**
 * The selected line's new unit price, always behind a manager. Answers the message to show in the dialog when
 * the input or the line refuses; once the overlay takes over, the dialog is closed and the outcome is a toast.
 */
export const overrideSelectedPrice =
  (text: string): AppThunk<Promise<UiMessage | null>> =>
  async (dispatch, getState) => {
    const s = getState();
    const line = s.cart.cart.lines.find((l) => l.lineId === s.cart.selectedLineId);
    if (!line) return msg('cartAdjust.price.error.noLine');
    const priceFen = parseYuanToFen(text);
    if (priceFen === null) return msg('cartAdjust.price.error.notANumber');
    const check = overrideLinePrice(s.cart.cart, line.lineId, priceFen, 'check');
    if (!check.ok) return msg(`cartAdjust.price.error.${check.reason}`);
    dispatch(dialogClosed());
    const approval = await dispatch(
      requestApproval({
        action: 'priceOverride',
        detail: {
          productId: line.productId,
          name: line.name,
          fromFen: line.unitPriceFen,
          toFen: priceFen,
          qty: line.qty,
        },
        proofFor: { action: 'priceOverride', subjectId: line.lineId, amountFen: priceFen },
      }),
    );
    if (!approval) {
      dispatch(toastShown({ ...msg('cartAdjust.price.error.cancelled'), tone: 'error' }));
      return null;
    }
    dispatch(
      linePriceOverridden({
        lineId: line.lineId,
        unitPriceFen: priceFen,
        approverId: approval.approverId,
        ...(approval.proof ? { approval: approval.proof } : {}),
      }),
    );
    dispatch(
      toastShown({
        ...msg('cartAdjust.price.done', { name: line.name, amount: priceFen }),
        tone: 'info',
      }),
    );
    return null;
  };

/** A manual discount on the selected line: the cashier's own up to the limit, a manager's beyond it. */
export const discountSelected =
  (mode: 'percent' | 'amount', text: string): AppThunk<Promise<UiMessage | null>> =>
  async (dispatch, getState) => {
    const s = getState();
    const line = s.cart.cart.lines.find((l) => l.lineId === s.cart.selectedLineId);
    if (!line) return msg('cartAdjust.discount.error.noLine');
    let input: ManualDiscountInput;
    if (mode === 'percent') {
      const t = text.trim().replace(/[%％]$/, '');
      if (!/^\d{1,2}(\.\d)?$/.test(t)) return msg('cartAdjust.discount.error.notANumber');
      input = { kind: 'percent', percent: Number(t) };
    } else {
      const amountFen = parseYuanToFen(text);
      if (amountFen === null) return msg('cartAdjust.discount.error.notANumber');
      input = { kind: 'amount', amountFen };
    }
    const d = manualDiscountOf(line, input);
    if (!d.ok) return msg(`cartAdjust.discount.error.${d.reason}`);
    let staffId = s.session.cashierId || 'unknown';
    let proof: ApprovalProofData | undefined;
    if (discountNeedsApproval(line, d.offFen)) {
      dispatch(dialogClosed());
      const approval = await dispatch(
        requestApproval({
          action: 'discountOverLimit',
          detail: { productId: line.productId, name: line.name, lineFen: line.amountFen, offFen: d.offFen },
          proofFor: { action: 'discountOverLimit', subjectId: line.lineId, amountFen: d.offFen },
        }),
      );
      if (!approval) {
        dispatch(toastShown({ ...msg('cartAdjust.discount.error.cancelled'), tone: 'error' }));
        return null;
      }
      staffId = approval.approverId;
      proof = approval.proof;
    } else dispatch(dialogClosed());
    dispatch(
      lineDiscounted({
        lineId: line.lineId,
        discount: d.discount,
        staffId,
        ...(proof ? { approval: proof } : {}),
      }),
    );
    dispatch(
      toastShown({
        ...msg('cartAdjust.discount.done', { name: line.name, amount: d.offFen }),
        tone: 'info',
      }),
    );
    return null;
  };
