import { useTranslation } from 'react-i18next';
import type { Check } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';

const WINDOWS = ['day', 'week', 'month'] as const;

/** Uptime over the last 24 h, 7 and 30 days, below the SLO in red; "—" where nothing was measured. */
export function Uptime({ uptime, sloTarget }: { uptime: NonNullable<Check['uptime']>; sloTarget: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <dl className="uptime">
      {WINDOWS.map((w) => {
        const value = uptime[w];
        return (
          <div key={w} className={value !== null && value < sloTarget ? 'text-danger' : undefined}>
            <dt>{t(`checks.uptime.${w}`)}</dt>
            <dd className="num">{value === null ? t('checks.none') : f.uptime(value)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
