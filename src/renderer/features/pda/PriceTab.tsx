// The price and stock tab: the scanned product's price (large), the member price of every tier from the CRM's
// rules, this store's stock and the nearby stores' (nearest first), and the way to the online mall QR.
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import type { StoreStock } from '../../../shared/crm';
import { formatRate } from '../../../hardware/core/receipt/saleReceipt';
import { CodeField } from './CodeField';
import { Icon } from './icons';
import type { PdaProduct } from './pdaSlice';
import { checkPrice, loadStock, orderOnline } from './pdaThunks';
import { TabError } from './TabError';

export function PriceTab() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const price = useAppSelector((s) => s.pda.price);
  const p = price.product;
  return (
    <section className="pda-tab-body" data-testid="pda-price" data-product={p?.id ?? ''}>
      <TabError />
      {p ? <ProductCard p={p} /> : null}
      {p ? <Stock p={p} /> : null}
      {p ? (
        <Button
          variant="secondary"
          className="pda-wide"
          onClick={() => void dispatch(orderOnline(p))}
          data-testid="pda-order-online"
        >
          {t('pda.price.orderOnline')}
        </Button>
      ) : (
        <div className="pda-empty">
          <Icon name="price" />
          <strong>{t('pda.price.empty')}</strong>
        </div>
      )}
      {price.busy ? (
        <p className="pda-busy" role="status">
          {t('pda.price.busy')}
        </p>
      ) : null}
      <CodeField
        label={t('pda.price.inputLabel')}
        testId="pda-price-input"
        inputMode="numeric"
        onEnter={(text) => void dispatch(checkPrice(text))}
      />
    </section>
  );
}

function ProductCard({ p }: { p: PdaProduct }) {
  const { t } = useTranslation();
  const money = useMoney();
  const tiers = useAppSelector((s) => s.pda.price.tiers);
  const locale = useAppSelector((s) => s.settings.locale);
  const per = p.unit === 'kg' ? t('pda.price.perKg') : t('pda.price.perPiece');
  return (
    <div className="pda-card pda-product">
      <strong className="pda-product-name" data-testid="pda-product-name">
        {locale === 'en' ? p.nameEn : p.name}
      </strong>
      <span className="muted">
        {locale === 'en' ? p.name : p.nameEn}
        {p.categoryName ? ` · ${p.categoryName}` : ''}
      </span>
      <span className="num muted pda-barcode">{p.barcode}</span>
      <div className="pda-price-row">
        <span className="muted">{t('pda.price.price')}</span>
        <span className="pda-price num" data-testid="pda-product-price" data-fen={p.priceFen}>
          {money(p.priceFen)}
          <small>{per}</small>
        </span>
      </div>
      <h3>{t('pda.price.memberPrices')}</h3>
      {tiers ? (
        <ul className="pda-tiers" data-testid="pda-tier-prices">
          {tiers.map((x) => (
            <li key={x.code} data-tier={x.code} data-fen={x.priceFen}>
              <span className={`tier-badge tier-${x.code}`}>{x.name}</span>
              <span className="muted pda-tier-rate">
                {x.rateBp < 10000 ? formatRate(x.rateBp, locale) : t('pda.price.listPrice')}
              </span>
              <span className="num pda-tier-price">{money(x.priceFen)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted" data-testid="pda-tier-prices-missing">
          {t('pda.price.noRules')}
        </span>
      )}
    </div>
  );
}

function Stock({ p }: { p: PdaProduct }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const stock = useAppSelector((s) => s.pda.price.stock);
  const locale = useAppSelector((s) => s.settings.locale);
  const qty = (n: number) =>
    n === 0
      ? t('pda.price.soldOut')
      : p.unit === 'kg'
        ? t('pda.price.qtyKg', { qty: n })
        : t('pda.price.qty', { qty: n });
  const row = (s: StoreStock, testId: string) => (
    <li
      key={s.storeId}
      className={s.qty === 0 ? 'pda-sold-out' : ''}
      data-testid={testId}
      data-store={s.storeId}
      data-qty={s.qty}
    >
      <span className="pda-stock-store">
        {s.storeName}
        {s.distanceM !== undefined ? (
          <span className="muted num">
            {' '}
            · {t('pda.price.distance', { km: (s.distanceM / 1000).toFixed(1) })}
          </span>
        ) : null}
      </span>
      <span className="num pda-stock-qty">{qty(s.qty)}</span>
    </li>
  );
  const data = stock.phase === 'loaded' ? stock.data : null;
  return (
    <div className="pda-card" data-testid="pda-stock" data-phase={stock.phase}>
      <h3>{t('pda.price.stock')}</h3>
      {stock.phase === 'loading' || stock.phase === 'idle' ? (
        <span className="muted" role="status">
          {t('pda.price.loading')}
        </span>
      ) : null}
      {stock.phase === 'offline' || stock.phase === 'noCrm' || stock.phase === 'failed' ? (
        <div className="pda-stock-problem">
          <span className="pda-warn">{t(`pda.price.${stock.phase}`)}</span>
          {stock.phase !== 'noCrm' ? (
            <Button
              variant="ghost"
              onClick={() => void dispatch(loadStock(p.id))}
              data-testid="pda-stock-retry"
            >
              {t('pda.price.retry')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {data ? (
        <>
          <div className="pda-stock-here" data-testid="pda-stock-here" data-qty={data.here?.qty ?? ''}>
            <span>{t('pda.price.here')}</span>
            {data.here ? (
              <strong className={`num ${data.here.qty === 0 ? 'pda-warn' : ''}`}>{qty(data.here.qty)}</strong>
            ) : (
              <span className="muted">{t('pda.price.notCounted')}</span>
            )}
          </div>
          {data.nearby.length ? (
            <>
              <h3>{t('pda.price.nearby')}</h3>
              <ul className="pda-stock-list">{data.nearby.map((s) => row(s, 'pda-stock-nearby'))}</ul>
            </>
          ) : null}
          <span className="muted pda-small">
            {t('pda.price.updated', {
              at: new Date(data.fetchedAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
            })}
          </span>
        </>
      ) : null}
    </div>
  );
}
