import { useTranslation } from 'react-i18next';
import type { Availability } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ProgressBar } from '../../ui/ProgressBar.tsx';

/**
 * A monitor's availability over the window: time-weighted uptime against its SLO, the error
 * budget that leaves, incidents, time down or unknown, and latency percentiles.
 */
export function AvailabilityPanel({ availability: a }: { availability: Availability }) {
  const { t } = useTranslation();
  const f = useFormat();
  const below = a.uptimePercent !== null && a.uptimePercent < a.slo.targetPercent;
  const budgetLeft = a.slo.budgetLeftPercent;
  const none = t('checks.none');
  const stats: { key: string; label: string; value: string; tone?: 'danger' | 'success' | undefined; note?: string | undefined }[] = [
    { key: 'uptime', label: t('checkDetail.availability.uptime'), value: a.uptimePercent === null ? none : f.uptime(a.uptimePercent), tone: a.uptimePercent === null ? undefined : below ? 'danger' : 'success' },
    { key: 'slo', label: t('checkDetail.availability.slo'), value: f.uptime(a.slo.targetPercent) },
    { key: 'incidents', label: t('checkDetail.availability.incidents'), value: f.number(a.incidents), tone: a.incidents ? 'danger' : undefined },
    { key: 'down', label: t('checkDetail.availability.down'), value: f.duration(a.downMs), tone: a.downMs ? 'danger' : undefined },
    { key: 'unknown', label: t('checkDetail.availability.unknown'), value: f.duration(a.unknownMs) },
    { key: 'maintenance', label: t('checkDetail.availability.maintenance'), value: f.duration(a.maintenanceMs) },
    { key: 'p50', label: t('checkDetail.latency.p50'), value: a.latency.p50 === null ? none : f.ms(a.latency.p50) },
    { key: 'p95', label: t('checkDetail.latency.p95'), value: a.latency.p95 === null ? none : f.ms(a.latency.p95) },
    { key: 'runs', label: t('checkDetail.availability.runs'), value: f.number(a.latency.runs), note: a.latency.approximate ? t('checkDetail.availability.approximate') : undefined },
  ];

  return (
    <div className="availability" data-testid="availability">
      <dl className="stats">
        {stats.map((s) => (
          <div key={s.key} className={s.tone ? `stat stat-${s.tone}` : 'stat'} data-testid={`availability-${s.key}`}>
            <dt>{s.label}</dt>
            <dd>{s.value}</dd>
            {s.note && <dd className="subtle">{s.note}</dd>}
          </div>
        ))}
      </dl>
      <div className="budget">
        <p className="budget-label">
          <strong>{t('checkDetail.availability.budget')}</strong>{' '}
          {budgetLeft === null
            ? t('checkDetail.availability.budgetUnknown')
            : budgetLeft <= 0
              ? t('checkDetail.availability.budgetSpent', { used: f.duration(a.slo.budgetUsedMs), budget: f.duration(a.slo.budgetMs) })
              : t('checkDetail.availability.budgetLeft', { used: f.duration(a.slo.budgetUsedMs), budget: f.duration(a.slo.budgetMs) })}
        </p>
        {budgetLeft !== null && <ProgressBar percent={budgetLeft} label={t('checkDetail.availability.budgetLeftLabel')} size="sm" />}
      </div>
      <p className="subtle">{t('checkDetail.availability.window', { from: f.dateTime(a.from), to: f.dateTime(a.to) })}</p>
    </div>
  );
}
