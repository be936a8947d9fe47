// Parts of the customer profile shown both in the till's profile dialog and on the handheld's customer tab:
// the same data and wording, laid out by each screen.
import { useTranslation } from 'react-i18next';
import type { MemberTillProfile } from '../../../shared/crm';
import { Button } from '../../components/Button';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { useMoney } from '../../app/useMsg';
import { HISTORY_PAGE_SIZE, loadHistory } from './memberThunks';

/** Spend towards the next tier, as a bar and a sentence; offline, that it needs the CRM. */
export function TierProgress({ profile: p, testId }: { profile: MemberTillProfile | null; testId: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  if (!p) return <span className="muted">{t('member.profile.needsCrm')}</span>;
  const next = p.tier.next;
  const progress =
    next && next.spendFen > 0 ? Math.min(100, Math.round((p.tier.spendFen * 100) / next.spendFen)) : 100;
  return (
    <>
      <div
        className="tier-progress"
        role="progressbar"
        aria-valuenow={progress}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <span style={{ width: `${progress}%` }} />
      </div>
      <span data-testid={testId}>
        {!next
          ? t('member.profile.topTier')
          : p.tier.spendFen >= next.spendFen
            ? t('member.profile.qualifies', { next: next.name })
            : t('member.profile.progress', {
                next: next.name,
                amount: money(next.spendFen - p.tier.spendFen),
              })}
      </span>
      <span className="muted">{t('member.profile.spend', { amount: money(p.tier.spendFen) })}</span>
    </>
  );
}

/** Preferences (from the member) and tags (from the CRM) as chips. */
export function TagChips({ profile: p, testId }: { profile: MemberTillProfile | null; testId: string }) {
  const { t } = useTranslation();
  if (!p || (p.member.preferences.length === 0 && p.tags.length === 0))
    return <span className="muted">{p ? '—' : t('member.profile.needsCrm')}</span>;
  return (
    <ul className="chip-list" data-testid={testId}>
      {p.member.preferences.map((x) => (
        <li key={`p-${x}`} className="chip">
          {x}
        </li>
      ))}
      {p.tags.map((x) => (
        <li key={`t-${x}`} className="chip chip-tag">
          {x}
        </li>
      ))}
    </ul>
  );
}

/** What customers who bought the same also bought. */
export function AlsoBought({ profile: p, testId }: { profile: MemberTillProfile | null; testId: string }) {
  const { t } = useTranslation();
  if (!p?.alsoBought.length) return <span className="muted">{p ? '—' : t('member.profile.needsCrm')}</span>;
  return (
    <ul className="chip-list" data-testid={testId}>
      {p.alsoBought.map((a) => (
        <li key={a.name} className="chip">
          {a.name} <span className="muted">{t('member.profile.alsoCount', { count: a.count })}</span>
        </li>
      ))}
    </ul>
  );
}

/** Previous and next page of the purchase history; `always`: shown even with a single page. */
export function HistoryPager({
  className,
  always,
  pageTestId,
  nextTestId,
}: {
  className: string;
  always: boolean;
  pageTestId?: string;
  nextTestId?: string;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const history = useAppSelector((s) => s.member.history);
  const page = history.page;
  if (!page) return null;
  const pages = Math.max(1, Math.ceil(page.total / HISTORY_PAGE_SIZE));
  if (!always && pages <= 1) return null;
  return (
    <div className={className}>
      <Button
        variant="ghost"
        disabled={history.loading || page.page <= 1}
        onClick={() => void dispatch(loadHistory(page.page - 1))}
      >
        {t('member.profile.prev')}
      </Button>
      <span className="num" data-testid={pageTestId}>
        {t('member.profile.page', { page: page.page, pages })}
      </span>
      <Button
        variant="ghost"
        disabled={history.loading || page.page >= pages}
        onClick={() => void dispatch(loadHistory(page.page + 1))}
        data-testid={nextTestId}
      >
        {t('member.profile.next')}
      </Button>
    </div>
  );
}
