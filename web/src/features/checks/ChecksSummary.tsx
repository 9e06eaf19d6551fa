import { useTranslation } from 'react-i18next';
import type { ChecksSummary as Summary } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';

/** How the checks stand at a glance: monitors up, down or unknown, and checks failing now. */
export function ChecksSummary({ summary: s }: { summary: Summary }) {
  const { t } = useTranslation();
  const f = useFormat();
  const stats: { key: keyof Summary; tone?: 'danger' | 'success' | undefined }[] = [
    { key: 'total' },
    { key: 'monitors' },
    { key: 'up', tone: s.up && s.up === s.monitors ? 'success' : undefined },
    { key: 'down', tone: s.down ? 'danger' : undefined },
    { key: 'unknown' },
    { key: 'failing', tone: s.failing ? 'danger' : undefined },
  ];
  return (
    <dl className="stats checks-summary" data-testid="checks-summary">
      {stats.map(({ key, tone }) => (
        <div key={key} className={tone ? `stat stat-${tone}` : 'stat'} data-testid={`checks-${key}`}>
          <dt>{t(`checks.summary.${key}`)}</dt>
          <dd>{f.number(s[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
