// The handheld (PDA mode, 360x640 and up, one hand): a slim status bar, one task per tab, a large scan button
// where the thumb is, and the bottom tabs 顾客 / 价格·库存 / 提货 / 线上下单. The scan key's keystrokes (wedge) and
// the camera both end in routeScan, which hands every scan on a handheld tab to pdaScanned.
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Toast } from '../../components/Toast';
import { beep } from '../../components/beep';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { FEATURE_DIALOGS } from '../../app/featureRegistry';
import { dialogClosed, dialogOpened, toastCleared } from '../../app/uiSlice';
import { useMsg } from '../../app/useMsg';
import type { AcceptedCode } from '../../../hardware/web/camera/consensus';
import type { CameraError } from '../../../hardware/web/camera/cameraScanner';
import { CameraScanPanel } from '../camera/CameraScanPanel';
import { cameraCodeAccepted, cameraFailed } from '../camera/cameraThunks';
import { refreshMemberConfig } from '../member/memberThunks';
import { PickupQueuePanel, PickupVerifyPanel, openPickup } from '../pickup/PickupScreens';
import { selectCashierMasked } from '../session/sessionSlice';
import { ApprovalOverlay } from '../staff/ApprovalOverlay';
import { SyncPanel } from '../sync/SyncPanel';
import { CustomerTab } from './CustomerTab';
import { Icon, type IconName } from './icons';
import { OrderTab } from './OrderTab';
import { cameraClosed, cameraOpened, type PdaTab } from './pdaSlice';
import { showTab } from './pdaThunks';
import { PriceTab } from './PriceTab';
import './pda.css';

/** The till's "member attached, member prices applied" toast: on a handheld the profile itself says so. */
const QUIET_TOASTS = new Set(['member.attached', 'member.attachedOffline']);

const TABS: { tab: PdaTab; icon: IconName; label: string; testId: string }[] = [
  { tab: 'pda:member', icon: 'member', label: 'pda.tab.member', testId: 'pda-tab-member' },
  { tab: 'pda:price', icon: 'price', label: 'pda.tab.price', testId: 'pda-tab-price' },
  { tab: 'pickup:verify', icon: 'pickup', label: 'pda.tab.pickup', testId: 'pda-tab-pickup' },
  { tab: 'pda:order', icon: 'order', label: 'pda.tab.order', testId: 'pda-tab-order' },
];

/** The tab a screen belongs to; null for a screen that is not the handheld's (the till's sale screen). */
function tabOf(screen: string): PdaTab | null {
  if (screen.startsWith('pickup:')) return 'pickup:verify';
  return TABS.some((x) => x.tab === screen) ? (screen as PdaTab) : null;
}

function StatusBar() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const storeName = useAppSelector((s) => s.settings.storeName);
  const staff = useAppSelector(selectCashierMasked);
  const role = useAppSelector((s) => s.session.role);
  const sync = useAppSelector((s) => s.sync);
  const label = !sync.crm ? t('pda.sync.noCrm') : sync.online ? t('pda.sync.online') : t('pda.sync.offline');
  const ok = sync.crm && sync.online;
  return (
    <header className="pda-status">
      <span className="pda-store" data-testid="store-name">
        {storeName}
      </span>
      <button
        type="button"
        className="pda-staff"
        onClick={() => dispatch(dialogOpened('staff:menu'))}
        data-testid="cashier"
        data-role={role ?? ''}
        title={t('staff.menu.title')}
      >
        {staff}
        {role ? <span className={`role-badge role-${role}`}>{t(`staff.role.${role}`)}</span> : null}
      </button>
      <button
        type="button"
        className={`pda-sync ${ok ? 'pda-sync-ok' : 'pda-sync-warn'}`}
        onClick={() => dispatch(dialogOpened('sync'))}
        data-testid="sync-badge"
        data-online={sync.online}
        data-pending={sync.pending}
        data-phase={sync.phase}
        data-products={sync.products ?? ''}
      >
        <span className="dot" aria-hidden="true" />
        {label}
        {sync.pending > 0 ? (
          <span className="num"> · {t('pda.sync.pending', { n: sync.pending })}</span>
        ) : null}
      </button>
    </header>
  );
}

function TabBar({ active }: { active: PdaTab }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <nav className="pda-tabs" aria-label={t('pda.tabsLabel')}>
      {TABS.map((x) => (
        <button
          key={x.tab}
          type="button"
          className={`pda-tab ${active === x.tab ? 'pda-tab-active' : ''}`}
          aria-current={active === x.tab ? 'page' : undefined}
          onClick={() => dispatch(showTab(x.tab))}
          data-testid={x.testId}
        >
          <Icon name={x.icon} />
          <span>{t(x.label)}</span>
        </button>
      ))}
    </nav>
  );
}

function PickupTab() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const screen = useAppSelector((s) => s.ui.screen);
  const queue = screen === 'pickup:queue';
  return (
    <div className="pda-pickup">
      <div className="pda-segments" role="tablist">
        {(['verify', 'queue'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={(k === 'queue') === queue}
            className={`pda-segment ${(k === 'queue') === queue ? 'pda-segment-on' : ''}`}
            onClick={() => dispatch(openPickup(k))}
            data-testid={`pda-pickup-${k}`}
          >
            {t(`pda.pickup.${k}`)}
          </button>
        ))}
      </div>
      {queue ? <PickupQueuePanel /> : <PickupVerifyPanel />}
    </div>
  );
}

function CameraOverlay() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const close = useCallback(() => dispatch(cameraClosed()), [dispatch]);
  const accepted = useCallback(
    (code: AcceptedCode) => {
      beep('ok');
      globalThis.navigator?.vibrate?.(60);
      dispatch(cameraClosed());
      dispatch(cameraCodeAccepted(code));
    },
    [dispatch],
  );
  const failed = useCallback((e: CameraError) => dispatch(cameraFailed(e)), [dispatch]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);
  return (
    <div
      className="pda-camera"
      role="dialog"
      aria-modal="true"
      aria-label={t('pda.camera.title')}
      data-testid="pda-camera"
    >
      <div className="pda-camera-head">
        <span>{t('pda.camera.title')}</span>
      </div>
      <CameraScanPanel onAccepted={accepted} onCancel={close} onProblem={failed} />
    </div>
  );
}

/** The dialogs a handheld opens: the staff menu, the sync panel, and any feature dialog by name. */
function PdaDialogs() {
  const dialog = useAppSelector((s) => s.ui.dialog);
  if (dialog === 'sync') return <SyncPanel />;
  const Feature = dialog ? FEATURE_DIALOGS[dialog] : undefined;
  return Feature ? <Feature /> : null;
}

export function PdaApp() {
  const dispatch = useAppDispatch();
  const render = useMsg();
  const screen = useAppSelector((s) => s.ui.screen);
  const dialog = useAppSelector((s) => s.ui.dialog);
  const camera = useAppSelector((s) => s.pda.camera);
  const raw = useAppSelector((s) => s.ui.toast);
  const toast = raw && !QUIET_TOASTS.has(raw.key) ? raw : null;
  const online = useAppSelector((s) => s.sync.crm && s.sync.online);
  const errorSeq = useAppSelector((s) => s.pda.errorSeq + s.member.errorSeq);
  const tab = tabOf(screen);
  const clearToast = useCallback(() => dispatch(toastCleared()), [dispatch]);

  // A handheld has no sale screen: it starts on the customer tab.
  useEffect(() => {
    if (!tab) dispatch(showTab('pda:member'));
  }, [tab, dispatch]);
  // The till's own dialogs that a handheld does not show (the member dialog): their message shows on the tab.
  useEffect(() => {
    if (dialog === 'member') dispatch(dialogClosed());
  }, [dialog, dispatch]);
  // Member prices and QR keys stay fresh whenever the CRM answers.
  useEffect(() => {
    if (online) void dispatch(refreshMemberConfig());
  }, [online, dispatch]);
  useEffect(() => {
    if (errorSeq > 0) beep('error');
  }, [errorSeq]);

  const active = tab ?? 'pda:member';
  return (
    <div className="pda" data-testid="till" data-mode="pda">
      <StatusBar />
      <main className="pda-main" data-testid="pda-screen" data-tab={active}>
        {active === 'pda:member' ? (
          <CustomerTab />
        ) : active === 'pda:price' ? (
          <PriceTab />
        ) : active === 'pickup:verify' ? (
          <PickupTab />
        ) : (
          <OrderTab />
        )}
      </main>
      <ScanButton />
      <TabBar active={active} />
      {camera ? <CameraOverlay /> : null}
      <PdaDialogs />
      <ApprovalOverlay />
      <Toast key={toast?.seq ?? 0} message={render(toast)} tone={toast?.tone ?? 'info'} onDone={clearToast} />
    </div>
  );
}

function ScanButton() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <button
      type="button"
      className="pda-scan"
      onClick={() => dispatch(cameraOpened())}
      title={t('pda.scanTitle')}
      data-testid="pda-scan"
    >
      <Icon name="scan" />
      <span>{t('pda.scan')}</span>
    </button>
  );
}
