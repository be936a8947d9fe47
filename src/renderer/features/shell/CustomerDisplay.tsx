// The customer's screen (index.html?display=customer): the second monitor in Electron, or a second browser tab.
// It opens no database and runs no till: it only renders the views the till publishes on the BroadcastChannel.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../domain/money';
import {
  CUSTOMER_DISPLAY_CHANNEL,
  CustomerDisplayMessageSchema,
  type CustomerDisplayLine,
  type CustomerDisplayView,
} from '../../../shared/customerDisplay';
import type { ChannelLike } from './customerDisplayFeed';
import './shell.css';

function kg(grams: number): string {
  return `${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}`;
}

function Line({ line, last, locale }: { line: CustomerDisplayLine; last: boolean; locale: 'zh-CN' | 'en' }) {
  const { t } = useTranslation();
  const money = (f: number) => formatFen(f, locale);
  const name = locale === 'en' && line.nameEn ? line.nameEn : line.name;
  const detail =
    line.weightGrams !== undefined
      ? `${t('shell.customer.weight', { kg: kg(line.weightGrams) })} × ${money(line.unitPriceFen)}`
      : `${line.qty} × ${money(line.unitPriceFen)}`;
  return (
    <div className={`cd-line ${last ? 'cd-line-last' : ''}`} data-testid="cd-line">
      <span className="cd-line-name">{name}</span>
      <span className="cd-line-amount num">
        {line.discountFen > 0 ? <span className="cd-strike">{money(line.amountFen)}</span> : null}
        {money(line.amountFen - line.discountFen)}
      </span>
      <span className="cd-line-detail">{detail}</span>
    </div>
  );
}

function Member({ view }: { view: CustomerDisplayView }) {
  const { t } = useTranslation();
  const m = view.member;
  if (!m) return null;
  return (
    <div className="cd-member" data-testid="cd-member">
      <span>{t('shell.customer.member', { name: m.name })}</span>
      <span className="cd-member-points num" data-testid="cd-points">
        {t('shell.customer.points', { points: m.points })}
        {m.provisional ? <span className="cd-tag">{t('shell.customer.provisional')}</span> : null}
      </span>
      {m.earned !== undefined ? <span>{t('shell.customer.earned', { points: m.earned })}</span> : null}
    </div>
  );
}

export function CustomerScreen({ view }: { view: CustomerDisplayView | null }) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLDivElement>(null);
  const locale = view?.locale ?? 'zh-CN';
  const money = (f: number) => formatFen(f, locale);
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [view]);

  const head = (
    <header className="cd-head">
      <span className="cd-store">{view?.storeName ?? ''}</span>
      <span>{t('shell.customer.welcome')}</span>
    </header>
  );
  if (!view || view.phase === 'idle') {
    return (
      <div className="cd" data-testid="customer-display" data-phase={view ? 'idle' : 'waiting'}>
        {head}
        <div className="cd-center">
          <div className="cd-hero">{t('shell.customer.welcome')}</div>
          <div className="cd-sub">{view ? view.storeName : t('shell.customer.waiting')}</div>
        </div>
      </div>
    );
  }
  if (view.phase === 'thanks') {
    return (
      <div className="cd" data-testid="customer-display" data-phase="thanks">
        {head}
        <div className="cd-center">
          <div className="cd-hero" data-testid="cd-thanks">
            {t('shell.customer.thanks')}
          </div>
          <dl className="cd-thanks-amounts num">
            <dt>{t('shell.customer.total')}</dt>
            <dd>{money(view.dueFen)}</dd>
            <dt>{t('shell.customer.paid')}</dt>
            <dd data-testid="cd-paid">{money(view.paidFen ?? view.dueFen)}</dd>
            {view.changeFen ? (
              <>
                <dt>{t('shell.customer.change')}</dt>
                <dd className="cd-change" data-testid="cd-change">
                  {money(view.changeFen)}
                </dd>
              </>
            ) : null}
          </dl>
          <Member view={view} />
          <div className="cd-sub">{t('shell.customer.comeAgain')}</div>
        </div>
      </div>
    );
  }
  return (
    <div className="cd" data-testid="customer-display" data-phase="sale">
      {head}
      <div className="cd-sale">
        <div className="cd-lines" ref={listRef}>
          {view.lines.map((l) => (
            <Line key={l.lineId} line={l} last={l.lineId === view.lastLineId} locale={locale} />
          ))}
        </div>
        <aside className="cd-side">
          <Member view={view} />
          <div className="cd-row">
            <span>{t('shell.customer.items', { count: view.itemCount })}</span>
          </div>
          {view.discountFen > 0 ? (
            <div className="cd-row" data-testid="cd-discount">
              <span>{t('shell.customer.discount')}</span>
              <span className="num">{money(view.discountFen)}</span>
            </div>
          ) : null}
          <div className="cd-total">
            <span className="cd-total-label">{t('shell.customer.total')}</span>
            <span className="cd-total-amount num" data-testid="cd-total">
              {money(view.dueFen)}
            </span>
          </div>
        </aside>
      </div>
    </div>
  );
}

/** Listens to the till; says hello first so a window opened mid-sale shows the sale at once. */
export function CustomerDisplay({ channel }: { channel?: ChannelLike }) {
  const { i18n } = useTranslation();
  const [view, setView] = useState<CustomerDisplayView | null>(null);
  useEffect(() => {
    const ch: ChannelLike = channel ?? new BroadcastChannel(CUSTOMER_DISPLAY_CHANNEL);
    const onMessage = (e: MessageEvent) => {
      // Same origin only, yet still checked: a malformed view must not blank the customer's screen.
      const m = CustomerDisplayMessageSchema.safeParse(e.data);
      if (m.success && m.data.type === 'view') setView(m.data.view);
    };
    ch.addEventListener('message', onMessage);
    ch.postMessage({ type: 'hello' });
    return () => {
      ch.removeEventListener('message', onMessage);
      if (!channel) ch.close();
    };
  }, [channel]);
  const locale = view?.locale;
  useEffect(() => {
    if (!locale || i18n.language === locale) return;
    document.documentElement.lang = locale;
    void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  return <CustomerScreen view={view} />;
}
