import type { Product } from '../../../domain/model';
import type { AppThunk } from '../../app/store';
import { msg } from '../../app/uiMessage';
import { dialogClosed, toastShown } from '../../app/uiSlice';
import { productAdded } from '../cart/cartSlice';
import { nextSaleStarted } from '../receipt/receiptSlice';
import { scanErrorCleared } from '../scan/scanSlice';

export const searchCatalog =
  (text: string): AppThunk<Promise<Product[]>> =>
  async (_dispatch, _getState, extra) => {
    try {
      return await extra.services.get().catalog.search(text, 30);
    } catch {
      return [];
    }
  };

/** Weighed goods need a scale label (the weight); from search only pieces are added. */
export const addSearchedProduct =
  (product: Product): AppThunk =>
  (dispatch, getState, extra) => {
    if (product.unit === 'kg') {
      dispatch(toastShown({ ...msg('search.weighedNeedsLabel'), tone: 'error' }));
      return;
    }
    if (getState().receipt.sale) dispatch(nextSaleStarted());
    dispatch(productAdded({ product, lineId: extra.newId(), scannedCode: product.barcode }));
    dispatch(scanErrorCleared());
    dispatch(dialogClosed());
  };
