import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'react-redux';
import { Button } from '../components/Button';
import { Toast } from '../components/Toast';
import { CameraButton } from '../features/camera/CameraButton';
import { CartView } from '../features/cart/CartView';
import { QtyDialog } from '../features/cart/QtyDialog';
import { TotalsPanel } from '../features/cart/TotalsPanel';
import { VoidSaleDialog } from '../features/cart/VoidSaleDialog';
import { HelpDialog } from '../features/help/HelpDialog';
import { MemberDialog } from '../features/member/MemberDialog';
import { MemberPanel, MemberSlot } from '../features/member/MemberPanel';
import { ReceiptScreen } from '../features/receipt/ReceiptScreen';
import { ScanInput } from '../features/scan/ScanInput';
import { SearchDialog } from '../features/search/SearchDialog';
import { selectStaffGate } from '../features/session/sessionSlice';
import { ApprovalOverlay } from '../features/staff/ApprovalOverlay';
import { CashierButton } from '../features/staff/CashierButton';
import { ShiftBadge } from '../features/shift/ShiftBadge';
import { StaffGate } from '../features/staff/StaffGate';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { ScannerStatusButton } from '../features/hardware/scannerStatus';
import { PrinterStatusButton } from '../features/hardware/printerStatus';
import { CatalogProgressBar, SyncBadge } from '../features/sync/SyncBadge';
import { SyncPanel } from '../features/sync/SyncPanel';
import { TenderDialog } from '../features/tender/TenderDialog';
import { PdaApp } from '../features/pda/PdaApp';
import { openTender } from '../features/tender/tenderThunks';
import { openQty } from '../features/cart/cartThunks';
import { FEATURE_DIALOGS, FEATURE_KEYS, FEATURE_SCREENS } from './featureRegistry';
import { useAppDispatch, useAppSelector } from './hooks';
import type { AppStore } from './store';
import { dialogOpened, toastCleared, type DialogName } from './uiSlice';
import { useGlobalKeys } from './useGlobalKeys';
import { useMsg } from './useMsg';

function TopBar() {
  const { t } = useTranslation();
  const settings = useAppSelector((s) => s.settings);
  return (
    <header className="topbar">
      <span className="store" data-testid="store-name">
        {settings.storeName}
      </span>
      <span data-testid="terminal-id">
        {t('top.terminal')} {settings.terminalId}
      </span>
      <CashierButton />
      <ShiftBadge />
      <MemberSlot />
      <span className="spacer" />
      <SyncBadge />
    </header>
  );
}

function ActionPanel() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const empty = useAppSelector((s) => s.cart.cart.lines.length === 0);
  const open = (d: DialogName) => dispatch(dialogOpened(d));
  return (
    <div className="actions">
      <div className="tender-buttons">
        <Button
          variant="primary"
          keyHint="F5"
          onClick={() => dispatch(openTender('cash'))}
          disabled={empty}
          data-testid="tender-cash"
        >
          {t('tender.cash')}
        </Button>
        <Button
          variant="primary"
          keyHint="F6"
          onClick={() => dispatch(openTender('card'))}
          disabled={empty}
          data-testid="tender-card"
        >
          {t('tender.card')}
        </Button>
        <Button
          variant="primary"
          keyHint="F7"
          onClick={() => dispatch(openTender('mobile'))}
          disabled={empty}
          data-testid="tender-mobile"
        >
          {t('tender.mobile')}
        </Button>
      </div>
      <div className="other-buttons">
        <Button keyHint="F2" onClick={() => open('member')} data-testid="btn-member">
          {t('keys.member')}
        </Button>
        <Button keyHint="F3" onClick={() => open('search')} data-testid="btn-search">
          {t('keys.search')}
        </Button>
        <CameraButton />
        <Button
          keyHint="F8"
          variant="danger"
          onClick={() => open('voidSale')}
          disabled={empty}
          data-testid="btn-void-sale"
        >
          {t('keys.voidSale')}
        </Button>
      </div>
    </div>
  );
}

const FEATURE_BAR: [string, string][] = [
  ['F9', 'pickup.tab.verify'],
  ['F10', 'shift.keys.refund'],
  ['F12', 'shift.keys.shift'],
];

function runFeatureKey(store: AppStore, key: string): void {
  const k = FEATURE_KEYS.find((f) => f.key === key && !f.ctrl);
  k?.run(store, new KeyboardEvent('keydown', { key }));
}

function KeyBar() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const store = useStore() as AppStore;
  return (
    <footer className="keybar">
      <Button variant="ghost" keyHint="F1" onClick={() => dispatch(dialogOpened('help'))}>
        {t('keys.help')}
      </Button>
      <Button variant="ghost" keyHint="F4" onClick={() => dispatch(openQty())}>
        {t('keys.qty')}
      </Button>
      <span className="keybar-item">
        <kbd>Del</kbd> {t('keys.voidLine')}
      </span>
      <span className="keybar-item">
        <kbd>↑↓</kbd> {t('keys.select')}
      </span>
      {/* The features' own screens, reachable by touch too (UX: F9 提货核销 F10 退货 F12 交班). */}
      {FEATURE_BAR.map(([key, label]) => (
        <Button
          key={key}
          variant="ghost"
          className="keybar-feature"
          keyHint={key}
          onClick={() => runFeatureKey(store, key)}
          data-testid={`bar-${key}`}
        >
          {t(label)}
        </Button>
      ))}
      <span className="spacer" />
      <PrinterStatusButton />
      <ScannerStatusButton />
      <Button
        variant="ghost"
        keyHint="Ctrl+,"
        onClick={() => dispatch(dialogOpened('settings'))}
        data-testid="btn-settings"
      >
        {t('keys.settings')}
      </Button>
    </footer>
  );
}

function Dialogs() {
  const dialog = useAppSelector((s) => s.ui.dialog);
  switch (dialog) {
    case 'help':
      return <HelpDialog />;
    case 'member':
      return <MemberDialog />;
    case 'search':
      return <SearchDialog />;
    case 'qty':
      return <QtyDialog />;
    case 'tender':
      return <TenderDialog />;
    case 'voidSale':
      return <VoidSaleDialog />;
    case 'settings':
      return <SettingsDialog />;
    case 'sync':
      return <SyncPanel />;
    default: {
      const Feature = dialog ? FEATURE_DIALOGS[dialog] : undefined;
      return Feature ? <Feature /> : null;
    }
  }
}

function BootScreen() {
  const { t } = useTranslation();
  const render = useMsg();
  const boot = useAppSelector((s) => s.ui.boot);
  return (
    <div className="boot" data-testid="boot" data-phase={boot.phase}>
      <h1>{t('app.title')}</h1>
      <p role="status">{render(boot.step)}</p>
      {boot.phase === 'loading' ? <div className="spinner" aria-hidden="true" /> : null}
      {boot.error ? (
        <p className="banner banner-error" role="alert">
          {boot.error}
        </p>
      ) : null}
    </div>
  );
}

export function App() {
  const store = useStore() as AppStore;
  useGlobalKeys(store);
  const dispatch = useAppDispatch();
  const render = useMsg();
  const phase = useAppSelector((s) => s.ui.boot.phase);
  const toast = useAppSelector((s) => s.ui.toast);
  const showingReceipt = useAppSelector((s) => s.receipt.sale !== null);
  const screen = useAppSelector((s) => s.ui.screen);
  const staffGate = useAppSelector(selectStaffGate);
  const mode = useAppSelector((s) => s.settings.mode);
  const FeatureScreen = screen !== 'sale' ? FEATURE_SCREENS[screen] : undefined;
  const clearToast = useCallback(() => dispatch(toastCleared()), [dispatch]);
  if (phase !== 'ready') return <BootScreen />;
  if (staffGate) return <StaffGate />;
  if (mode === 'pda') return <PdaApp />;
  return (
    <div className="till" data-testid="till">
      <TopBar />
      {FeatureScreen ? (
        <main className="till-main feature-screen" data-testid="feature-screen" data-screen={screen}>
          <FeatureScreen />
        </main>
      ) : (
        <main className="till-main">
          <section className="till-left">
            <CatalogProgressBar />
            <MemberPanel />
            {showingReceipt ? <ReceiptScreen /> : <CartView />}
            <ScanInput />
          </section>
          <aside className="till-right">
            <TotalsPanel />
            <ActionPanel />
          </aside>
        </main>
      )}
      <KeyBar />
      <Dialogs />
      <ApprovalOverlay />
      <Toast key={toast?.seq ?? 0} message={render(toast)} tone={toast?.tone ?? 'info'} onDone={clearToast} />
    </div>
  );
}
