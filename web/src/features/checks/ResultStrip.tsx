import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Series } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { bucketWidth, CHART_WIDTH, frameOf, outcomeOf, xOf } from './chart.ts';
import { ChartAxis } from './LatencyChart.tsx';

const STRIP_HEIGHT = 24;
const OUTCOMES = ['pass', 'warn', 'fail', 'none'] as const;

/**
 * One block per time bucket, coloured by its worst result (grey where nothing ran). Each block
 * names its time and counts on hover; the image is described by how many buckets failed.
 */
export function ResultStrip({ series }: { series: Series }) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  const frame = frameOf(series);
  const width = bucketWidth(frame);
  const withRuns = series.points.filter((p) => p.runs > 0);
  const failing = withRuns.filter((p) => outcomeOf(p) === 'fail').length;
  const description = withRuns.length ? t('checkDetail.strip.describe', { count: withRuns.length, failing }) : t('checkDetail.strip.noData');

  return (
    <figure className="chart" data-testid="result-strip">
      <figcaption className="chart-caption">
        <span className="chart-title">{t('checkDetail.strip.title')}</span>
        <span className="chart-legend" aria-hidden="true">
          {OUTCOMES.map((o) => (
            <span key={o}>
              <span className={`swatch swatch-${o}`} /> {t(`checkDetail.strip.${o}`)}
            </span>
          ))}
        </span>
      </figcaption>
      <svg className="strip-svg" viewBox={`0 0 ${CHART_WIDTH} ${STRIP_HEIGHT}`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{t('checkDetail.strip.title')}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <rect className="strip-empty" x="0" y="0" width={CHART_WIDTH} height={STRIP_HEIGHT} />
        {withRuns.map((p) => (
          <rect key={p.at} className={`strip-${outcomeOf(p)}`} x={xOf(frame, p.at) - width / 2} y="0" width={width} height={STRIP_HEIGHT}>
            <title>{t('checkDetail.strip.bucket', { at: f.dayTime(p.at), runs: p.runs, pass: p.pass, warn: p.warn, fail: p.fail, error: p.error })}</title>
          </rect>
        ))}
      </svg>
      <ChartAxis from={series.from} to={series.to} />
    </figure>
  );
}
