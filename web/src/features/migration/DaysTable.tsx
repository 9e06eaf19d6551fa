import { useTranslation } from 'react-i18next';
import type { ReconciledDay } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { HeaderRow } from '../../ui/HeaderRow.tsx';
import { rupiahFromSen } from './hooks.ts';

const AMOUNTS = ['grossSen', 'discountSen', 'taxSen', 'serviceChargeSen', 'netSen'] as const;

/** Source and target side by side where they differ; one value where they agree. */
function Pair({ source, target, differs, format }: { source: number; target: number; differs: boolean; format: (n: number) => string }) {
  const { t } = useTranslation();
  if (!differs) return <>{format(source)}</>;
  return (
    <span className="differs">
      <span title={t('migration.days.source')}>{format(source)}</span>
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden">{t('migration.days.inTarget')}</span>
      <strong title={t('migration.days.target')}>{format(target)}</strong>
    </span>
  );
}

/** Per outlet × business day: the source's totals against the target's, differing days first. */
export function DaysTable({ days }: { days: ReconciledDay[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="table-scroll">
      <table className="data-table days-table" data-testid="days">
        <caption className="visually-hidden">{t('migration.days.caption')}</caption>
        <thead>
          <HeaderRow labels={[t('migration.days.outlet'), t('migration.days.date'), t('migration.days.transactions'), ...AMOUNTS.map((a) => t(`migration.days.${a}`)), t('migration.days.differs')]} />
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={`${d.outletCode}|${d.businessDate}`} className={d.differs.length ? 'row-differs' : undefined} data-testid="day">
              <td>{d.outletCode}</td>
              <td>
                <time dateTime={d.businessDate}>{f.date(d.businessDate)}</time>
              </td>
              <td className="num">
                <Pair source={d.source.transactions} target={d.target.transactions} differs={d.differs.includes('transactions')} format={f.number} />
              </td>
              {AMOUNTS.map((a) => (
                <td key={a} className="num">
                  <Pair source={d.source[a]} target={d.target[a]} differs={d.differs.includes(a)} format={rupiahFromSen} />
                </td>
              ))}
              <td>{d.differs.length ? d.differs.map((x) => <code key={x} className="tag tag-spaced">{x}</code>) : <span className="muted">{t('migration.days.same')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
