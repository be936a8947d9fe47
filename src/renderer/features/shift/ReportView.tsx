// An X or Z report on screen: the same figures as the printed slip, in two columns.
import { useTranslation } from 'react-i18next';
import type { ShiftReport } from '../../../domain/shift/report';
import { useMoney } from '../../app/useMsg';

function Row({
  label,
  value,
  strong,
  testId,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <div className={`report-row ${strong ? 'report-strong' : ''}`}>
      <span>{label}</span>
      <span className="num" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

export function ReportView({ report }: { report: ShiftReport }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const c = report.cash;
  const en = i18n.language === 'en';
  return (
    <div className="report-view" data-testid="report-view" data-kind={report.kind}>
      <section>
        <Row label={t('shift.report.sales')} value={String(report.saleCount)} testId="report-sale-count" />
        <Row label={t('shift.report.items')} value={String(report.itemCount)} />
        <Row label={t('shift.report.gross')} value={money(report.grossFen)} />
        <Row label={t('shift.report.discount')} value={money(-report.discountFen)} />
        {report.roundingFen ? (
          <Row label={t('shift.report.rounding')} value={money(report.roundingFen)} />
        ) : null}
        <Row label={t('shift.report.net')} value={money(report.salesTotalFen)} strong testId="report-net" />
        <h4>{t('shift.report.byTender')}</h4>
        {report.byTender.map((x) => (
          <Row key={x.kind} label={`${t(`shift.tender.${x.kind}`)} ×${x.count}`} value={money(x.amountFen)} />
        ))}
        <h4>{t('shift.report.byCategory')}</h4>
        {report.byCategory.map((x) => (
          <Row
            key={x.categoryId}
            label={`${(en ? x.nameEn : x.name) || x.categoryId} ×${x.qty}`}
            value={money(x.amountFen)}
          />
        ))}
        <Row
          label={`${t('shift.report.refunds')} ×${report.refunds.count}`}
          value={money(-report.refunds.totalFen)}
          testId="report-refunds"
        />
        <Row
          label={`${t('shift.report.voids')} ×${report.voids.count}`}
          value={money(report.voids.amountFen)}
        />
        <Row label={t('shift.report.points')} value={`${report.points.issued} / ${report.points.redeemed}`} />
        <Row label={t('shift.report.pickups')} value={String(report.pickupsHandedOver)} />
      </section>
      <section>
        <h4>{t('shift.report.cash')}</h4>
        <Row label={t('shift.report.float')} value={money(c.floatFen)} />
        <Row label={`+ ${t('shift.report.received')}`} value={money(c.cashReceivedFen)} />
        <Row label={`− ${t('shift.report.change')}`} value={money(c.changeGivenFen)} />
        <Row label={`+ ${t('shift.report.payIns')}`} value={money(c.payInsFen)} />
        <Row label={`− ${t('shift.report.payOuts')}`} value={money(c.payOutsFen)} testId="report-payouts" />
        <Row label={`− ${t('shift.report.drops')}`} value={money(c.dropsFen)} />
        <Row label={`− ${t('shift.report.cashRefunds')}`} value={money(c.cashRefundsFen)} />
        <Row
          label={`= ${t('shift.report.expected')}`}
          value={money(c.expectedFen)}
          strong
          testId="report-expected"
        />
        {report.count ? (
          <>
            <Row
              label={t('shift.report.counted')}
              value={money(report.count.countedFen)}
              testId="report-counted"
            />
            <div
              className={`report-row report-strong ${report.count.varianceFen === 0 ? 'ok' : 'variance-bad'}`}
            >
              <span>{t('shift.report.variance')}</span>
              <span className="num" data-testid="report-variance">
                {report.count.varianceFen > 0 ? '+' : ''}
                {money(report.count.varianceFen)}
              </span>
            </div>
            {report.count.note ? <Row label={t('shift.report.note')} value={report.count.note} /> : null}
          </>
        ) : null}
      </section>
    </div>
  );
}
