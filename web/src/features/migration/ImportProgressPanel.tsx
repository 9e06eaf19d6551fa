import { useTranslation } from 'react-i18next';
import type { ImportRunDetail } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ProgressBar } from '../../ui/ProgressBar.tsx';

/** Rows read, loaded and rejected, the rate and the time left (live while it runs), and the bytes read. */
export function ImportProgressPanel({ run }: { run: ImportRunDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = run.progress;
  if (!p) return <p className="muted">{run.status === 'queued' ? t('migration.run.waiting') : t('checks.none')}</p>;
  const running = run.status === 'running';
  const figures: [string, string][] = [
    ['rowsRead', f.number(p.rowsRead)],
    ['rowsLoaded', f.number(p.rowsLoaded)],
    ['rowsRejected', f.number(p.rowsRejected)],
    ['rowsAlreadyLoaded', f.number(p.rowsAlreadyLoaded)],
    ['rowsSkipped', f.number(p.rowsSkipped)],
    ['rate', t('migration.run.perSecond', { rows: f.number(p.rowsPerSecond) })],
  ];
  if (running) figures.push(['eta', p.etaSeconds === null ? t('migration.run.etaUnknown') : f.duration(p.etaSeconds * 1000)]);
  if (run.durationMs !== null) figures.push(['duration', f.duration(run.durationMs)]);
  // An XLSX is read by rows (bytesRead stays 0): its bytes say nothing.
  if (p.bytesTotal > 0 && p.bytesRead > 0) figures.push(['bytes', t('migration.run.bytesOf', { read: f.fileSize(p.bytesRead), total: f.fileSize(p.bytesTotal) })]);
  return (
    <div className="import-progress" data-testid="import-progress" aria-live={running ? 'polite' : undefined}>
      {p.percent === null ? <p className="hint">{t('migration.run.percentUnknown')}</p> : <ProgressBar percent={p.percent} label={t('migration.run.progress')} />}
      <dl className="figures">
        {figures.map(([key, value]) => (
          <div key={key} data-testid={`figure-${key}`}>
            <dt>{t(`migration.run.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {run.resumedFrom && <p className="hint">{t('migration.run.resumed', { row: f.number(run.resumedFrom.row) })}</p>}
    </div>
  );
}
