// The till's key map (see HelpDialog KEY_MAP). Dialogs handle their own keys; here only the sale screen's.
import { useEffect } from 'react';
import type { AppStore } from './store';
import { dialogOpened } from './uiSlice';
import { lineVoided, selectionMoved } from '../features/cart/cartSlice';
import { nextSaleStarted } from '../features/receipt/receiptSlice';
import { openTender } from '../features/tender/tenderThunks';
import { openQty } from '../features/cart/cartThunks';
import { SCAN_INPUT_ID } from '../features/scan/ScanInput';
import { FEATURE_KEYS } from './featureRegistry';

// Browser defaults on these keys (F1 help, F3 find, F5 reload, F7 caret browsing) must never fire on a till.
const RECEIPT_MIN_SHOWN_MS = 800;
const RESERVED = new Set(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12']);

export function useGlobalKeys(store: AppStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (RESERVED.has(e.key)) e.preventDefault();
      const s = store.getState();
      if (s.ui.boot.phase !== 'ready' || s.ui.dialog) return;
      const d = store.dispatch;
      if (e.ctrlKey && e.key === ',') {
        e.preventDefault();
        d(dialogOpened('settings'));
        return;
      }
      if (e.key === 'F11') {
        d(dialogOpened('sync'));
        return;
      }
      if (s.ui.screen !== 'sale') return; // a feature's screen handles its own keys
      for (const k of FEATURE_KEYS)
        if (k.key === e.key && !!k.ctrl === e.ctrlKey && k.run(store, e) !== false) {
          e.preventDefault();
          return;
        }
      if (s.receipt.sale) {
        // After a sale: Enter or Esc starts the next one, but not the bounce of the Enter that paid.
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.preventDefault();
          if (Date.now() - s.receipt.shownAt < RECEIPT_MIN_SHOWN_MS) return;
          d(nextSaleStarted());
        } else if (e.key === 'F3') d(dialogOpened('search'));
        else if (e.key === 'F1') d(dialogOpened('help'));
        return;
      }
      const scanField = document.getElementById(SCAN_INPUT_ID) as HTMLInputElement | null;
      const typingInScan = document.activeElement === scanField && (scanField?.value ?? '') !== '';
      const selected = s.cart.selectedLineId;
      switch (e.key) {
        case 'F1':
          d(dialogOpened('help'));
          break;
        case 'F2':
          d(dialogOpened('member'));
          break;
        case 'F3':
          d(dialogOpened('search'));
          break;
        case 'F4':
          d(openQty());
          break;
        case 'Delete':
          if (typingInScan) return;
          e.preventDefault();
          if (selected) d(lineVoided(selected));
          break;
        case 'F5':
          d(openTender('cash'));
          break;
        case 'F6':
          d(openTender('card'));
          break;
        case 'F7':
          d(openTender('mobile'));
          break;
        case 'F8':
          if (s.cart.cart.lines.length) d(dialogOpened('voidSale'));
          break;
        case 'ArrowUp':
          e.preventDefault();
          d(selectionMoved(-1));
          break;
        case 'ArrowDown':
          e.preventDefault();
          d(selectionMoved(1));
          break;
        default:
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
