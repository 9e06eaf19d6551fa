import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Series } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { CHART_HEIGHT, CHART_WIDTH, extent, frameOf, stepPath, niceMax } from './chart.ts';

const GRID = [0.25, 0.5, 0.75];

/**
 * p50 and p95 latency per bucket as two step lines. The SVG is an image with a text description
 * (range and latest values); the numbers themselves are in the data table below the charts.
 */
export function LatencyChart({ series }: { series: Series }) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  const frame = frameOf(series);
  const p50 = extent(series.points.map((p) => p.p50));
  const p95 = extent(series.points.map((p) => p.p95));
  const max = niceMax(Math.max(p95?.max ?? 0, p50?.max ?? 0));
  const latest = [...series.points].reverse().find((p) => p.p50 !== null);

  const description =
    p50 && p95 && latest
      ? t('checkDetail.latency.describe', {
          p50Min: f.ms(p50.min),
          p50Max: f.ms(p50.max),
          p95Min: f.ms(p95.min),
          p95Max: f.ms(p95.max),
          p50: f.ms(latest.p50 ?? 0),
          p95: f.ms(latest.p95 ?? 0),
        })
      : t('checkDetail.latency.noData');

  return (
    <figure className="chart" data-testid="latency-chart">
      <figcaption className="chart-caption">
        <span className="chart-title">{t('checkDetail.latency.title')}</span>
        <span className="chart-legend" aria-hidden="true">
          <span className="swatch swatch-p50" /> {t('checkDetail.latency.p50')} <span className="swatch swatch-p95" /> {t('checkDetail.latency.p95')}
        </span>
      </figcaption>
      <div className="chart-body">
        <div className="chart-y" aria-hidden="true">
          <span>{f.ms(max)}</span>
          <span>{f.ms(max / 2)}</span>
          <span>{f.ms(0)}</span>
        </div>
        <svg className="chart-svg" viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-t ${id}-d`}>
          <title id={`${id}-t`}>{t('checkDetail.latency.title')}</title>
          <desc id={`${id}-d`}>{description}</desc>
          {GRID.map((g) => (
            <line key={g} className="chart-grid" x1="0" x2={CHART_WIDTH} y1={CHART_HEIGHT * g} y2={CHART_HEIGHT * g} vectorEffect="non-scaling-stroke" />
          ))}
          <path className="chart-line line-p95" d={stepPath(frame, series.points, (p) => p.p95, max)} vectorEffect="non-scaling-stroke" />
          <path className="chart-line line-p50" d={stepPath(frame, series.points, (p) => p.p50, max)} vectorEffect="non-scaling-stroke" />
        </svg>
      </div>
      <ChartAxis from={series.from} to={series.to} />
      {!p50 && <p className="muted chart-empty">{t('checkDetail.latency.noData')}</p>}
    </figure>
  );
}

/** Start and end of the window under a chart, in Jakarta time. */
export function ChartAxis({ from, to }: { from: string; to: string }) {
  const f = useFormat();
  return (
    <div className="chart-x" aria-hidden="true">
      <span>{f.dayTime(from)}</span>
      <span>{f.dayTime(to)}</span>
    </div>
  );
}
