import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import { voidSale } from '../tender/tenderThunks';
import { selectTotals } from './selectors';

export function VoidSaleDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const totals = useAppSelector(selectTotals);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);
  const confirm = useCallback(() => dispatch(voidSale()), [dispatch]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        confirm();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirm]);
  return (
    <Dialog title={t('voidSale.title')} onClose={close} testId="void-sale-dialog">
      <p className="dialog-lead">
        {t('voidSale.question', { n: totals.itemCount, amount: money(totals.dueFen) })}
      </p>
      <div className="dialog-actions">
        <Button variant="ghost" keyHint="Esc" onClick={close}>
          {t('common.back')}
        </Button>
        <Button variant="danger" keyHint="Enter" onClick={confirm} data-testid="void-sale-confirm">
          {t('voidSale.confirm')}
        </Button>
      </div>
    </Dialog>
  );
}
