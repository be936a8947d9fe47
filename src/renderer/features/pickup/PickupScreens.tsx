// The pickup counter: verify (scan the QR or type the code, see the order masked, optionally check each item,
// record a proxy collector, confirm the handover, the slip) and the pickup queue (new orders from sync, mark
// ready). Keyboard first at the till; one column on a 360x640 handheld (the PDA embeds the panels).
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'react-redux';
import { itemCheckTotals } from '../../../domain/pickup';
import { formatReceiptTime, renderReceiptLines } from '../../../hardware/core/receipt';
import type { PickupOrder } from '../../../shared/crm';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { AppStore } from '../../app/store';
import { screenShown } from '../../app/uiSlice';
import { useMoney, useMsg } from '../../app/useMsg';
import { pickupCleared, proxyChanged, type PickupRefusal } from './pickupSlice';
import {
  ackNewPickups,
  confirmHandover,
  loadPickupQueue,
  markPickupReady,
  openPickup,
  PICKUP_QUEUE_SCREEN,
  PICKUP_VERIFY_SCREEN,
  reprintSlip,
  toggleItemCheck,
  verifyPickupInput,
} from './pickupThunks';
import './pickup.css';

type T = ReturnType<typeof useTranslation>['t'];

/** Store time (the receipts' zone), to the minute. */
function useTime(): (iso: string | undefined) => string {
  return useCallback((iso: string | undefined) => (iso ? formatReceiptTime(iso).slice(0, 16) : '—'), []);
}

export function refusalText(t: T, r: PickupRefusal, time: (iso: string | undefined) => string): string {
  const h = r.handover;
  switch (r.reason) {
    case 'badCode':
    case 'notAPickupCode':
      return t(`pickup.refusal.${r.reason}`, { code: r.code ?? '' });
    case 'unknownCode':
      return t(r.offline ? 'pickup.refusal.unknownCodeOffline' : 'pickup.refusal.unknownCode');
    case 'otherStore':
      return t('pickup.refusal.otherStore', { store: r.storeId ?? '?' });
    case 'notReady':
      return t('pickup.refusal.notReady', { state: t(`pickup.state.${r.state ?? 'paid'}`) });
    case 'expired':
      return t('pickup.refusal.expired', { by: time(r.pickupBy) });
    case 'alreadyHandedOver': {
      const place = h?.terminalId
        ? t('pickup.place', { store: h.storeId ?? '', terminal: h.terminalId })
        : (h?.storeId ?? '?');
      const text = t('pickup.refusal.alreadyHandedOver', {
        at: time(h?.at),
        place,
        staff: h?.staffName ?? h?.staffId ?? '?',
      });
      return h?.local ? `${text} ${t('pickup.refusal.alreadyHandedOverLocal')}` : text;
    }
    default:
      return t(`pickup.refusal.${r.reason}`);
  }
}

function Tabs({ active }: { active: 'verify' | 'queue' }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <nav className="pickup-tabs" aria-label={t('pickup.title')}>
      <Button
        variant={active === 'verify' ? 'primary' : 'secondary'}
        onClick={() => dispatch(screenShown(PICKUP_VERIFY_SCREEN))}
        data-testid="pickup-tab-verify"
        keyHint={active === 'queue' ? 'F9' : undefined}
      >
        {t('pickup.tab.verify')}
      </Button>
      <Button
        variant={active === 'queue' ? 'primary' : 'secondary'}
        onClick={() => dispatch(screenShown(PICKUP_QUEUE_SCREEN))}
        data-testid="pickup-tab-queue"
        keyHint={active === 'verify' ? 'F9' : undefined}
      >
        {t('pickup.tab.queue')}
      </Button>
      <span className="spacer" />
      <Button
        variant="ghost"
        keyHint="Esc"
        onClick={() => dispatch(screenShown('sale'))}
        data-testid="pickup-back"
      >
        {t('pickup.back')}
      </Button>
    </nav>
  );
}

function OrderFacts({ order }: { order: PickupOrder }) {
  const { t } = useTranslation();
  const money = useMoney();
  const time = useTime();
  return (
    <dl className="pickup-facts" data-testid="pickup-order">
      <div>
        <dt>{t('pickup.order.code')}</dt>
        <dd className="pickup-code" data-testid="pickup-order-code">
          {order.code}
        </dd>
      </div>
      <div>
        <dt>{t('pickup.order.customer')}</dt>
        <dd data-testid="pickup-customer">{order.customerNameMasked}</dd>
      </div>
      <div>
        <dt>{t('pickup.order.phone')}</dt>
        <dd data-testid="pickup-phone">{order.phoneMasked}</dd>
      </div>
      <div>
        <dt>{t('pickup.order.channel')}</dt>
        <dd>{t(`pickup.channel.${order.channel}`)}</dd>
      </div>
      <div>
        <dt>{t('pickup.order.orderedAt')}</dt>
        <dd>{time(order.orderedAt)}</dd>
      </div>
      <div>
        <dt>{t('pickup.order.pickupBy')}</dt>
        <dd>{time(order.pickupBy)}</dd>
      </div>
      <div>
        <dt>{t('pickup.order.total')}</dt>
        <dd className="num pickup-total" data-testid="pickup-total">
          {money(order.totalFen)}
        </dd>
      </div>
      <div>
        <dt>{t('pickup.order.id')}</dt>
        <dd className="pickup-id">{order.id}</dd>
      </div>
    </dl>
  );
}

function OrderLines({ order }: { order: PickupOrder }) {
  const { t } = useTranslation();
  const money = useMoney();
  const check = useAppSelector((s) => s.pickup.check);
  return (
    <ul className="pickup-lines" data-testid="pickup-lines">
      {order.lines.map((l, i) => {
        const c = check?.lines[i];
        const full = c !== undefined && c.scanned === c.qty;
        return (
          <li
            key={`${l.productId}-${i}`}
            className={`pickup-line ${full ? 'pickup-line-done' : ''}`}
            data-testid="pickup-line"
          >
            <span className="pickup-line-name">{l.name}</span>
            <span className="pickup-line-qty num">
              {c ? (
                <span data-testid="pickup-line-count">
                  {c.scanned}/{c.qty}
                </span>
              ) : (
                `× ${l.qty}`
              )}
            </span>
            <span className="pickup-line-amount num">{money(l.amountFen)}</span>
          </li>
        );
      })}
      <li className="pickup-line pickup-line-sum muted">
        {t('pickup.order.items', { n: order.lines.reduce((s, l) => s + l.qty, 0) })}
      </li>
    </ul>
  );
}

function ItemCheckBar() {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const { check, checkNote } = useAppSelector((s) => s.pickup);
  const totals = check ? itemCheckTotals(check) : null;
  return (
    <div className="pickup-check" data-testid="pickup-check">
      <Button onClick={() => dispatch(toggleItemCheck())} keyHint="F2" data-testid="pickup-check-toggle">
        {check ? t('pickup.check.stop') : t('pickup.check.start')}
      </Button>
      {totals ? (
        <strong className={totals.complete ? 'pickup-ok' : ''} data-testid="pickup-check-progress">
          {t('pickup.check.progress', { scanned: totals.scanned, expected: totals.expected })}
        </strong>
      ) : (
        <span className="muted">{t('pickup.check.hint')}</span>
      )}
      {checkNote ? (
        <div
          className={`banner ${checkNote.tone === 'warn' ? 'banner-error' : 'banner-info'} pickup-check-note`}
          role={checkNote.tone === 'warn' ? 'alert' : 'status'}
          data-testid={checkNote.tone === 'warn' ? 'pickup-check-warning' : 'pickup-check-note'}
        >
          {render(checkNote.message)}
        </div>
      ) : null}
    </div>
  );
}

function ProxyFields({ onEnterLast }: { onEnterLast(): void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const proxy = useAppSelector((s) => s.pickup.proxy);
  const idRef = useRef<HTMLInputElement>(null);
  return (
    <fieldset className="pickup-proxy" data-testid="pickup-proxy">
      <label className="pickup-proxy-toggle">
        <input
          type="checkbox"
          checked={proxy.enabled}
          onChange={(e) => dispatch(proxyChanged({ enabled: e.target.checked }))}
          data-testid="pickup-proxy-toggle"
        />
        {t('pickup.proxy.toggle')} <kbd>F3</kbd>
      </label>
      {proxy.enabled ? (
        <div className="pickup-proxy-fields">
          <label className="field">
            {t('pickup.proxy.name')}
            <input
              className="field-input"
              value={proxy.name}
              maxLength={40}
              placeholder={t('pickup.proxy.namePlaceholder')}
              onChange={(e) => dispatch(proxyChanged({ name: e.target.value }))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  e.stopPropagation();
                  idRef.current?.focus();
                }
              }}
              data-testid="pickup-proxy-name"
              data-autofocus
            />
          </label>
          <label className="field">
            {t('pickup.proxy.idLast4')}
            <input
              ref={idRef}
              className="field-input"
              value={proxy.idLast4}
              maxLength={4}
              inputMode="text"
              placeholder={t('pickup.proxy.idPlaceholder')}
              onChange={(e) => dispatch(proxyChanged({ idLast4: e.target.value.toUpperCase() }))}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  e.stopPropagation();
                  onEnterLast();
                }
              }}
              data-testid="pickup-proxy-id"
            />
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}

function DoneView() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const time = useTime();
  const done = useAppSelector((s) => s.pickup.done)!;
  const lines = renderReceiptLines(done.slip);
  return (
    <section className="pickup-done" data-testid="pickup-done">
      <div className="pickup-done-info">
        <h2 className="pickup-done-title">✓ {t('pickup.done.title')}</h2>
        <p className="dialog-lead">{t('pickup.done.detail', { code: done.code, at: time(done.at) })}</p>
        {done.collector.kind === 'proxy' ? (
          <p>
            {t('pickup.done.proxy', { name: done.collector.name ?? '', id: done.collector.idLast4 ?? '' })}
          </p>
        ) : null}
        {done.offline ? (
          <p className="banner banner-info" data-testid="pickup-done-offline">
            {t('pickup.done.offline')}
          </p>
        ) : null}
        <p
          className={`banner ${done.print === 'failed' ? 'banner-error' : 'banner-info'}`}
          data-testid="pickup-print-status"
          data-state={done.print}
        >
          {t(`pickup.print.${done.print}`, { detail: done.printError ?? '' })}
        </p>
        <div className="pickup-done-actions">
          <Button
            variant="primary"
            keyHint="Enter"
            onClick={() => dispatch(pickupCleared())}
            data-testid="pickup-next"
          >
            {t('pickup.done.next')}
          </Button>
          <Button keyHint="F6" onClick={() => void dispatch(reprintSlip())} data-testid="pickup-reprint">
            {t('pickup.done.reprint')}
          </Button>
        </div>
      </div>
      <pre className="pickup-slip" data-testid="pickup-slip-preview" aria-label={t('pickup.done.reprint')}>
        {lines.join('\n')}
      </pre>
    </section>
  );
}

/** The verify panel on its own (the PDA's pickup tab embeds it). */
export function PickupVerifyPanel() {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const time = useTime();
  const p = useAppSelector((s) => s.pickup);
  const [code, setCode] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  // Typing goes to the code field; once an order shows, Enter confirms the handover.
  useEffect(() => {
    if (p.phase === 'idle' || p.phase === 'refused') inputRef.current?.focus();
    if (p.phase === 'found' && document.activeElement === inputRef.current) confirmRef.current?.focus();
  }, [p.phase]);

  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    const value = code;
    setCode('');
    void dispatch(verifyPickupInput(value));
  };
  const confirm = () => void dispatch(confirmHandover());
  const busy = p.phase === 'checking' || p.phase === 'saving';

  if (p.phase === 'done' && p.done) return <DoneView />;
  return (
    <section className="pickup-verify" data-testid="pickup-verify" data-phase={p.phase}>
      <div className="pickup-input-row">
        <label className="field pickup-input-field">
          {t('pickup.input.label')}
          <input
            ref={inputRef}
            className="field-input pickup-input"
            value={code}
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('pickup.input.placeholder')}
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={onKeyDown}
            disabled={busy}
            data-testid="pickup-input"
          />
        </label>
        <Button
          variant="primary"
          keyHint="Enter"
          disabled={busy || code.trim() === ''}
          onClick={() => {
            const value = code;
            setCode('');
            void dispatch(verifyPickupInput(value));
          }}
          data-testid="pickup-verify-button"
        >
          {p.phase === 'checking' ? t('pickup.input.checking') : t('pickup.input.verify')}
        </Button>
      </div>

      {p.phase === 'refused' && p.refusal ? (
        <div
          className="banner banner-error pickup-refusal"
          role="alert"
          data-testid="pickup-refusal"
          data-reason={p.refusal.reason}
        >
          <strong>{refusalText(t, p.refusal, time)}</strong>
          <span className="muted"> {t('pickup.refusal.unchanged')}</span>
        </div>
      ) : null}

      {p.order && (p.phase === 'found' || p.phase === 'saving') ? (
        <div className="pickup-order-view">
          <div className="pickup-order-main">
            <p
              className={`pickup-source ${p.source === 'cache' ? 'pickup-source-offline' : ''}`}
              data-testid="pickup-source"
              data-source={p.source ?? ''}
            >
              {t(p.source === 'cache' ? 'pickup.source.cache' : 'pickup.source.crm')} ·{' '}
              {t(`pickup.state.${p.order.state}`)}
            </p>
            <OrderFacts order={p.order} />
            <ProxyFields onEnterLast={confirm} />
          </div>
          <div className="pickup-order-side">
            <ItemCheckBar />
            <OrderLines order={p.order} />
            {p.error ? (
              <div className="banner banner-error" role="alert" data-testid="pickup-error">
                {render(p.error)}
              </div>
            ) : null}
            <div className="pickup-confirm-row">
              <Button
                variant="ghost"
                keyHint="Esc"
                onClick={() => dispatch(pickupCleared())}
                data-testid="pickup-cancel"
              >
                {t('pickup.cancel')}
              </Button>
              {/* A plain button: the shared Button does not pass a ref, and Enter must land here. */}
              <button
                ref={confirmRef}
                type="button"
                className="btn btn-primary"
                onClick={confirm}
                disabled={busy}
                data-testid="pickup-confirm"
              >
                <span className="btn-label">
                  {p.phase === 'saving' ? t('pickup.confirming') : t('pickup.confirm')}
                </span>
                <kbd className="btn-key">Enter</kbd>
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function QueueRow({
  q,
  onMark,
}: {
  q: { order: PickupOrder; markedLocal: boolean; isNew: boolean };
  onMark(location: string): void;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const time = useTime();
  const marking = useAppSelector((s) => s.pickup.queue.marking === q.order.id);
  const [location, setLocation] = useState('');
  const o = q.order;
  const toPrepare = o.state === 'paid' || o.state === 'preparing';
  return (
    <li
      className={`pickup-queue-item ${q.isNew ? 'pickup-queue-new' : ''}`}
      data-testid="pickup-queue-item"
      data-code={o.code}
      data-state={o.state}
    >
      <div className="pickup-queue-head">
        {q.isNew ? (
          <span className="badge pickup-new-badge" data-testid="pickup-new-badge">
            {t('pickup.queue.newBadge')}
          </span>
        ) : null}
        <strong className="pickup-code">{o.code}</strong>
        <span>{o.customerNameMasked}</span>
        <span className="spacer" />
        <span className="num">{money(o.totalFen)}</span>
      </div>
      <div className="pickup-queue-lines muted">{o.lines.map((l) => `${l.name} ×${l.qty}`).join('，')}</div>
      <div className="pickup-queue-foot">
        <span className="muted">
          {t(`pickup.state.${o.state}`)}
          {o.state === 'ready' && o.pickupBy
            ? ` · ${t('pickup.queue.pickupBy', { by: time(o.pickupBy) })}`
            : ''}
          {q.markedLocal ? ` · ${t('pickup.queue.markedLocal')}` : ''}
        </span>
        <span className="spacer" />
        {toPrepare ? (
          <>
            <input
              className="field-input pickup-location"
              value={location}
              maxLength={32}
              placeholder={t('pickup.queue.locationPlaceholder')}
              aria-label={t('pickup.queue.location')}
              onChange={(e) => setLocation(e.target.value)}
              data-testid="pickup-location"
            />
            <Button
              variant="primary"
              disabled={marking}
              onClick={() => onMark(location)}
              data-testid="pickup-mark-ready"
            >
              {marking ? t('pickup.queue.marking') : t('pickup.queue.markReady')}
            </Button>
          </>
        ) : null}
      </div>
    </li>
  );
}

/** The queue on its own (the PDA embeds it). Re-reads the cache as sync brings orders in. */
export function PickupQueuePanel() {
  const { t } = useTranslation();
  const render = useMsg();
  const dispatch = useAppDispatch();
  const time = useTime();
  const queue = useAppSelector((s) => s.pickup.queue);
  const lastSync = useAppSelector((s) => s.sync.lastSuccessAt);
  const online = useAppSelector((s) => s.sync.online && s.sync.crm);
  useEffect(() => {
    void dispatch(loadPickupQueue());
    const timer = setInterval(() => void dispatch(loadPickupQueue()), 3000);
    return () => clearInterval(timer);
  }, [dispatch, lastSync]);
  const toPrepare = queue.orders.filter((q) => q.order.state !== 'ready');
  const ready = queue.orders.filter((q) => q.order.state === 'ready');
  const section = (title: string, items: typeof queue.orders, testId: string) => (
    <section className="pickup-queue-section" data-testid={testId}>
      <h3>
        {title} <span className="muted">({items.length})</span>
      </h3>
      <ul className="pickup-queue-list">
        {items.map((q) => (
          <QueueRow key={q.order.id} q={q} onMark={(loc) => void dispatch(markPickupReady(q.order, loc))} />
        ))}
      </ul>
    </section>
  );
  return (
    <section className="pickup-queue" data-testid="pickup-queue">
      <p className="muted pickup-queue-lead">
        {t('pickup.queue.lead')} ·{' '}
        {lastSync ? t('pickup.queue.lastSync', { at: time(lastSync) }) : t('pickup.queue.neverSynced')}
        {!online ? ` · ${t('pickup.queue.offline')}` : ''}
      </p>
      {queue.newCount > 0 ? (
        <div className="banner banner-info pickup-new-notice" role="status" data-testid="pickup-new-notice">
          <strong>{t('pickup.queue.newOrders', { n: queue.newCount })}</strong>
          <Button onClick={() => void dispatch(ackNewPickups())} data-testid="pickup-new-ack">
            {t('pickup.queue.seen')}
          </Button>
        </div>
      ) : null}
      {queue.note ? (
        <div className="banner banner-info" role="status" data-testid="pickup-queue-note">
          {render(queue.note)}
        </div>
      ) : null}
      {queue.unreadable > 0 ? (
        <div className="banner banner-error">{t('pickup.error.unreadable', { n: queue.unreadable })}</div>
      ) : null}
      {queue.orders.length === 0 ? (
        <p className="pickup-empty" data-testid="pickup-queue-empty">
          {t('pickup.queue.empty')}
        </p>
      ) : (
        <div className="pickup-queue-columns">
          {section(t('pickup.queue.toPrepare'), toPrepare, 'pickup-queue-prepare')}
          {section(t('pickup.queue.ready'), ready, 'pickup-queue-ready')}
        </div>
      )}
    </section>
  );
}

/** The screens' own keys (the sale screen's key map is off while a feature screen shows). */
function usePickupKeys(store: AppStore, screen: 'verify' | 'queue'): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (s.ui.dialog || s.ui.boot.phase !== 'ready') return;
      const d = store.dispatch;
      const p = s.pickup;
      if (e.key === 'F9') {
        e.preventDefault();
        d(screenShown(screen === 'verify' ? PICKUP_QUEUE_SCREEN : PICKUP_VERIFY_SCREEN));
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        if (screen === 'verify' && p.phase !== 'idle' && p.phase !== 'saving') d(pickupCleared());
        else d(screenShown('sale'));
        return;
      }
      if (screen !== 'verify') return;
      if (p.phase === 'found') {
        if (e.key === 'F2') {
          e.preventDefault();
          d(toggleItemCheck());
        } else if (e.key === 'F3') {
          e.preventDefault();
          d(proxyChanged({ enabled: !p.proxy.enabled }));
        } else if (e.key === 'Enter' && !(document.activeElement instanceof HTMLInputElement)) {
          e.preventDefault();
          void d(confirmHandover());
        }
      } else if (p.phase === 'done') {
        if (e.key === 'Enter') {
          e.preventDefault();
          d(pickupCleared());
        } else if (e.key === 'F6') {
          e.preventDefault();
          void d(reprintSlip());
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, screen]);
}

export function PickupVerifyScreen() {
  const store = useStore() as AppStore;
  usePickupKeys(store, 'verify');
  const { t } = useTranslation();
  return (
    <div className="pickup-screen" data-testid="pickup-screen">
      <Tabs active="verify" />
      <h1 className="pickup-title">{t('pickup.tab.verify')}</h1>
      <PickupVerifyPanel />
    </div>
  );
}

export function PickupQueueScreen() {
  const store = useStore() as AppStore;
  usePickupKeys(store, 'queue');
  const { t } = useTranslation();
  return (
    <div className="pickup-screen" data-testid="pickup-queue-screen">
      <Tabs active="queue" />
      <h1 className="pickup-title">{t('pickup.tab.queue')}</h1>
      <PickupQueuePanel />
    </div>
  );
}

export { openPickup };
