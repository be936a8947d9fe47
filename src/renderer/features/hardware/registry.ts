// What the hardware feature plugs into the till: dialogs and screens by name, and sale-screen keys.
import type { FeatureRegistry } from '../../app/featureRegistry';
import { ScannerDialog } from './scannerSettings';
import { PrinterDialog } from './printerDialog';
import { reprintLastReceipt } from './printerThunks';
import { dialogOpened } from '../../app/uiSlice';

export const hardwareFeature: FeatureRegistry = {
  dialogs: { 'hardware:scanners': ScannerDialog, 'hardware:printer': PrinterDialog },
  screens: {},
  keys: [
    // Ctrl+P prints: on the receipt screen it reprints that receipt (marked 重印 / REPRINT on paper); elsewhere it
    // opens the printer panel. Never the browser's own print dialog on a till.
    {
      key: 'p',
      ctrl: true,
      run: (store) => {
        if (store.getState().receipt.sale) void store.dispatch(reprintLastReceipt());
        else store.dispatch(dialogOpened('hardware:printer'));
      },
    },
  ],
};
