import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { DeploymentSummary } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { HealthBadge, StatusBadge } from '../../ui/Badge.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';

/** The portfolio as a table; below 720px each row becomes a card (see .responsive-table). */
export function PortfolioTable({ deployments }: { deployments: DeploymentSummary[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const col = {
    deployment: t('portfolio.col.deployment'),
    status: t('portfolio.col.status'),
    health: t('portfolio.col.health'),
    progress: t('portfolio.col.progress'),
    overdue: t('portfolio.col.overdue'),
    blocked: t('portfolio.col.blocked'),
    kickoff: t('portfolio.col.kickoff'),
    goLive: t('portfolio.col.goLive'),
  };
  return (
    <div className="table-wrap">
      <table className="responsive-table portfolio-table">
        <caption className="visually-hidden">{t('portfolio.caption', { count: deployments.length })}</caption>
        <thead>
          <tr>
            {Object.values(col).map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.id}>
              <th scope="row" data-label={col.deployment}>
                <Link to="/deployments/$deploymentId" params={{ deploymentId: d.id }} className="strong-link">
                  {d.name}
                </Link>
                <span className="subtle">{d.clientName}</span>
              </th>
              <td data-label={col.status}>
                <StatusBadge status={d.status} />
              </td>
              <td data-label={col.health}>
                <HealthBadge health={d.health} />
              </td>
              <td data-label={col.progress} className="cell-progress">
                <ProgressBar percent={d.progress.percent} label={t('progress.labelFor', { name: d.name })} size="sm" />
                <span className="subtle">{t('progress.doneOf', { done: d.progress.done, total: d.progress.total })}</span>
              </td>
              <td data-label={col.overdue} className={d.progress.overdue ? 'num text-danger' : 'num'}>
                {f.number(d.progress.overdue)}
              </td>
              <td data-label={col.blocked} className={d.progress.blocked ? 'num text-danger' : 'num'}>
                {f.number(d.progress.blocked)}
              </td>
              <td data-label={col.kickoff}>{f.date(d.kickoffOn)}</td>
              <td data-label={col.goLive}>{f.date(d.goLiveOn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
