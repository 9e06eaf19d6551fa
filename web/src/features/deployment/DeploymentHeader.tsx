import { useTranslation } from 'react-i18next';
import type { Deployment } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { HealthBadge, StatusBadge } from '../../ui/Badge.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { StatusControl } from './StatusControl.tsx';

/** Who, where it stands and how far along: the first thing the team reads every morning. */
export function DeploymentHeader({ deployment: d }: { deployment: Deployment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = d.progress;
  const stats: { key: string; label: string; value: string; tone?: 'danger' | 'success' }[] = [
    { key: 'done', label: t('progress.done'), value: t('progress.doneOf', { done: p.done, total: p.total }) },
    { key: 'inProgress', label: t('progress.inProgress'), value: f.number(p.inProgress) },
    { key: 'overdue', label: t('progress.overdue'), value: f.number(p.overdue), ...(p.overdue ? { tone: 'danger' as const } : {}) },
    { key: 'blocked', label: t('progress.blocked'), value: f.number(p.blocked), ...(p.blocked ? { tone: 'danger' as const } : {}) },
    { key: 'notApplicable', label: t('progress.notApplicable'), value: f.number(p.notApplicable) },
    {
      key: 'criteria',
      label: t('progress.criteria'),
      value: t('progress.criteriaMet', { met: p.criteria.met, total: p.criteria.total }),
      ...(p.criteria.total > 0 && p.criteria.met === p.criteria.total ? { tone: 'success' as const } : {}),
    },
  ];

  return (
    <section className="card deployment-header" aria-labelledby="deployment-title">
      <div className="deployment-title-row">
        <div>
          <p className="eyebrow">{d.clientName}</p>
          <h1 id="deployment-title">{d.name}</h1>
          <p className="badges" aria-label={t('deployment.statusAndHealth')}>
            <StatusBadge status={d.status} />
            <HealthBadge health={d.health} />
          </p>
        </div>
        <dl className="key-dates">
          <div>
            <dt>{t('deployment.kickoff')}</dt>
            <dd data-testid="kickoff-date">{f.date(d.kickoffOn)}</dd>
          </div>
          <div>
            <dt>{t('deployment.goLive')}</dt>
            <dd data-testid="go-live-date">{f.date(d.goLiveOn)}</dd>
          </div>
          <div>
            <dt>{t('deployment.today')}</dt>
            <dd>{f.date(d.today)}</dd>
          </div>
        </dl>
      </div>
      <div className="deployment-progress">
        <h2 className="visually-hidden">{t('progress.title')}</h2>
        <ProgressBar percent={p.percent} label={t('progress.checklist')} />
        <dl className="stats" data-testid="progress-stats">
          {stats.map((s) => (
            <div key={s.key} className={s.tone ? `stat stat-${s.tone}` : 'stat'} data-testid={`stat-${s.key}`}>
              <dt>{s.label}</dt>
              <dd>{s.value}</dd>
            </div>
          ))}
        </dl>
      </div>
      {d.myPermissions.includes('deployment.update') && d.allowedStatuses.length > 0 && <StatusControl deployment={d} />}
    </section>
  );
}
