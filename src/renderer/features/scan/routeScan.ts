// Where a code goes: the dialog that expects one gets it (payment code in the payment dialog); otherwise it is
// a product for the cart. Classification follows the screen first, then the pattern (docs/decisions/0004).
import type { ScanEvent } from '../../../shared/platform';
import { classifyScan } from '../../../domain/codes';
import { tryAddProduct, type ScaleReading } from '../../../domain/cart';
import type { Product } from '../../../domain/model';
import type { AppDispatch, RootState } from '../../app/store';
import type { Extra } from '../../app/services';
import { msg } from '../../app/uiMessage';
import { dialogClosed } from '../../app/uiSlice';
import { productAdded } from '../cart/cartSlice';
import { nextSaleStarted } from '../receipt/receiptSlice';
import { tenderFailed } from '../tender/tenderSlice';
import { payMobile } from '../tender/tenderThunks';
import { attachFromScan } from '../member/memberThunks';
import { staffScanned, staffTakesScan } from '../staff/staffThunks';
import { openPickup, pickupScanned } from '../pickup/pickupThunks';
import { findRefundSale } from '../shift/refundThunks';
import { isPdaScreen, pdaScanned } from '../pda/pdaThunks';
import { scanErrorCleared, scanFailed } from './scanSlice';

export async function routeScan(
  e: ScanEvent,
  dispatch: AppDispatch,
  getState: () => RootState,
  extra: Extra,
): Promise<void> {
  const code = e.code.trim();
  const state = getState();
  if (state.ui.boot.phase !== 'ready') return;
  if (!code) return;
  // The approval overlay takes a manager's badge; behind the login or lock screen nothing reaches the cart.
  if (staffTakesScan(state)) return void (await dispatch(staffScanned(code)));
  // The handheld's tabs (PDA mode) take every scan: customer, price and stock, order online.
  if (isPdaScreen(state.ui.screen)) return void (await dispatch(pdaScanned(code)));

  const dialog = state.ui.dialog;
  if (dialog === 'tender') {
    if (state.tender.mode === 'mobile') await dispatch(payMobile(code));
    // Goods scanned mid-payment would change the amount being paid: finish or cancel the payment first.
    else dispatch(tenderFailed(msg('tender.error.scanWhilePaying')));
    return;
  }
  if (dialog === 'member') {
    await dispatch(attachFromScan(code));
    return;
  }
  // A pickup screen takes every scan: a pickup QR/code to verify, or an item of the shown order being checked.
  if (!dialog && state.ui.screen.startsWith('pickup:')) return void (await dispatch(pickupScanned(code)));
  // The refund screen takes the receipt's QR code (or a typed receipt number) to find the sale.
  if (!dialog && state.ui.screen === 'shift:refund') return void (await dispatch(findRefundSale(code)));
  // Search, help, quantity, settings, void-sale confirm: none expects a code, so the scan wins and goes to the cart.
  if (dialog) dispatch(dialogClosed());
  // The first scan after a receipt starts the next customer's sale.
  if (getState().receipt.sale) dispatch(nextSaleStarted());

  const scan = classifyScan(code, 'sale');
  const { catalog, platform } = extra.services.get();
  platform.log({
    level: 'debug',
    msg: 'scan',
    data: { source: e.source, kind: scan.kind, length: code.length },
  });
  switch (scan.kind) {
    case 'product': {
      const product = await catalog.findByCode(scan.gtin);
      if (!product || !product.active) {
        dispatch(
          scanFailed({
            error: msg('scan.error.unknownBarcode', { code: scan.gtin }),
            unknownCode: scan.gtin,
          }),
        );
        return;
      }
      addChecked(product, code, undefined, dispatch, getState, extra);
      return;
    }
    case 'scale': {
      const product = await catalog.findByPlu(scan.plu);
      if (!product || !product.active) {
        dispatch(scanFailed({ error: msg('scan.error.unknownPlu', { plu: scan.plu, code }) }));
        return;
      }
      const scale = {
        ...(scan.priceFen !== undefined ? { priceFen: scan.priceFen } : {}),
        ...(scan.weightGrams !== undefined ? { weightGrams: scan.weightGrams } : {}),
      };
      addChecked(product, code, scale, dispatch, getState, extra);
      return;
    }
    case 'invalid': {
      if (scan.reason === 'empty') return;
      const key = scan.reason === 'checkDigit' ? 'scan.error.checkDigit' : 'scan.error.unknownFormat';
      dispatch(scanFailed({ error: msg(key, { code }) }));
      return;
    }
    case 'memberCard':
    case 'memberToken':
      // The customer's member code on the sale screen: attach them to this sale.
      await dispatch(attachFromScan(code));
      return;
    case 'pickupToken':
      // A customer shows a pickup QR at the sale screen: open pickup verification with it.
      dispatch(openPickup('verify'));
      await dispatch(pickupScanned(code));
      return;
    default:
      // Pickup codes, receipt QR codes and the like belong to their own screens.
      dispatch(scanFailed({ error: msg('scan.error.notAProduct', { code }) }));
  }
}

function addChecked(
  product: Product,
  code: string,
  scale: ScaleReading | undefined,
  dispatch: AppDispatch,
  getState: () => RootState,
  extra: Extra,
): void {
  const lineId = extra.newId();
  const opts = scale ? { lineId, scannedCode: code, scale } : { lineId, scannedCode: code };
  const r = tryAddProduct(getState().cart.cart, product, opts);
  if (!r.ok) {
    // A weighed product scanned by its PLU barcode carries no weight: it needs the scale label.
    dispatch(scanFailed({ error: msg(`scan.error.${r.reason}`, { code, name: product.name }) }));
    return;
  }
  dispatch(productAdded({ product, ...opts }));
  dispatch(scanErrorCleared());
}
