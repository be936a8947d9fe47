// "Try in store, order online": a product's online mall page as a QR code for the customer's phone. The URL
// carries this store's and this staff member's attribution code, so the CRM credits them when the order comes in.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { selectCashierMasked } from '../session/sessionSlice';
import { CodeField } from './CodeField';
import { Icon } from './icons';
import { orderCleared, pdaFailed } from './pdaSlice';
import { pdaScanned } from './pdaThunks';
import { msg } from '../../app/uiMessage';
import { TabError } from './TabError';

/** The QR drawn in the page (data: URL, allowed by the CSP), big enough for a phone at arm's length. */
function useQr(url: string | null): string | null {
  const dispatch = useAppDispatch();
  const [png, setPng] = useState<{ url: string; data: string } | null>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 520 }).then(
      (data) => {
        if (live) setPng({ url, data });
      },
      (e: unknown) => dispatch(pdaFailed(msg('pda.error.qr', { detail: String(e).slice(0, 120) }))),
    );
    return () => {
      live = false;
    };
  }, [url, dispatch]);
  return png && png.url === url ? png.data : null;
}

export function OrderTab() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const order = useAppSelector((s) => s.pda.order);
  const storeName = useAppSelector((s) => s.settings.storeName);
  const staff = useAppSelector(selectCashierMasked);
  const locale = useAppSelector((s) => s.settings.locale);
  const qr = useQr(order.url);
  const p = order.product;
  return (
    <section className="pda-tab-body" data-testid="pda-order" data-product={p?.id ?? ''}>
      <TabError />
      {p ? (
        <div className="pda-card pda-order-card">
          <div className="pda-order-head">
            <strong className="pda-product-name" data-testid="pda-order-product">
              {locale === 'en' ? p.nameEn : p.name}
            </strong>
            <span className="num pda-order-price">{money(p.priceFen)}</span>
          </div>
          {qr && order.url ? (
            <>
              <img
                className="pda-qr"
                src={qr}
                alt={t('pda.order.qrAlt')}
                data-testid="pda-order-qr"
                data-url={order.url}
                data-code={order.code ?? ''}
                data-method={order.method ?? ''}
              />
              <p className="pda-order-hint">{t('pda.order.hint')}</p>
              <p className="pda-order-credit">
                {t('pda.order.credited', { store: storeName, staff })}
                <span className={`pda-tag ${order.method === 'offline' ? 'pda-tag-warn' : 'pda-tag-ok'}`}>
                  {order.method === 'offline' ? t('pda.order.offline') : t('pda.order.issued')}
                </span>
              </p>
              <span className="num muted pda-small pda-code">{order.code}</span>
            </>
          ) : order.busy ? (
            <p className="pda-busy" role="status">
              {t('pda.order.preparing')}
            </p>
          ) : null}
          <Button variant="ghost" className="pda-wide" onClick={() => dispatch(orderCleared())}>
            {t('pda.order.another')}
          </Button>
        </div>
      ) : (
        <>
          <div className="pda-empty">
            <Icon name="order" />
            <strong>{t('pda.order.empty')}</strong>
            <span className="muted">{t('pda.order.emptyHint')}</span>
          </div>
          <CodeField
            label={t('pda.order.inputLabel')}
            testId="pda-order-input"
            inputMode="numeric"
            onEnter={(text) => void dispatch(pdaScanned(text))}
          />
        </>
      )}
    </section>
  );
}
