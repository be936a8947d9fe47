import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch } from '../../app/hooks';
import { voidSaleAfterTender } from './VoidSaleAfterTenderThunk';

/** On the receipt: take the sale just paid back whole, behind a manager's approval (same as Ctrl+D). */
export function VoidSaleAfterTenderButton() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="danger"
      keyHint="Ctrl+D"
      disabled={busy}
      data-testid="void-after-tender"
      onClick={() => {
        setBusy(true);
        void dispatch(voidSaleAfterTender()).finally(() => setBusy(false));
      }}
    >
      {busy ? t('cartAdjust.void.working') : t('cartAdjust.void.button')}
    </Button>
  );
}
