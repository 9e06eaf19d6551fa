import { useTranslation } from 'react-i18next';
import type { Series } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { HeaderRow } from '../../ui/HeaderRow.tsx';

const COLUMNS = [
  'checkDetail.table.from',
  'checkDetail.table.runs',
  'checks.result.pass',
  'checks.result.warn',
  'checks.result.fail',
  'checks.result.error',
  'checkDetail.latency.p50',
  'checkDetail.latency.p95',
] as const;

/** The charts' numbers as a table, for reading exact values and for screen readers; newest first. */
export function SeriesTable({ series }: { series: Series }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = series.points.filter((p) => p.runs > 0).reverse();
  if (!rows.length) return null;
  const ms = (v: number | null) => (v === null ? t('checks.none') : f.ms(v));
  return (
    <details className="subsection">
      <summary>{t('checkDetail.table.show', { count: rows.length })}</summary>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t('checkDetail.table.caption')}</caption>
          <thead>
            <HeaderRow labels={COLUMNS.map((key) => t(key))} />
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.at}>
                <th scope="row">
                  <time dateTime={p.at}>{f.dayTime(p.at)}</time>
                </th>
                {[p.runs, p.pass, p.warn, p.fail, p.error].map((n, i) => (
                  <td key={i} className="num">
                    {f.number(n)}
                  </td>
                ))}
                <td className="num">{ms(p.p50)}</td>
                <td className="num">{ms(p.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
