import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../domain/model';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { dialogClosed } from '../../app/uiSlice';
import { addSearchedProduct, searchCatalog } from './searchThunks';

/** F3: by name, pinyin initials (nn -> 牛奶) or barcode; arrows choose, Enter adds. */
export function SearchDialog() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const money = useMoney();
  const [text, setText] = useState('');
  const [results, setResults] = useState<Product[]>([]);
  const [active, setActive] = useState(0);
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);

  useEffect(() => {
    let stale = false;
    const q = text.trim();
    if (!q) {
      setResults([]);
      return;
    }
    // Short pause so a fast typist does not run a query per key.
    const timer = setTimeout(() => {
      void dispatch(searchCatalog(q)).then((r) => {
        if (stale) return;
        setResults(r);
        setActive(0);
      });
    }, 120);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [text, dispatch]);

  const add = (p: Product | undefined) => {
    if (p) dispatch(addSearchedProduct(p));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(results.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      add(results[active]);
    }
  };

  return (
    <Dialog title={t('search.title')} onClose={close} testId="search-dialog" wide>
      <input
        className="field-input"
        data-testid="search-input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        spellCheck={false}
      />
      <ul className="search-results" role="listbox" aria-label={t('search.results')}>
        {results.map((p, i) => (
          <li
            key={p.id}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'search-result active' : 'search-result'}
            data-testid="search-result"
            onClick={() => add(p)}
          >
            <span className="search-name">{i18n.language === 'en' ? p.nameEn : p.name}</span>
            <span className="search-code num">
              {p.unit === 'kg' ? `PLU ${p.plu ?? p.barcode}` : p.barcode}
            </span>
            <span className="search-price num">
              {money(p.priceFen)}
              {p.unit === 'kg' ? '/kg' : ''}
            </span>
          </li>
        ))}
      </ul>
      {text.trim() && results.length === 0 ? <p className="muted">{t('search.none')}</p> : null}
      <p className="hint">{t('search.hint')}</p>
    </Dialog>
  );
}
