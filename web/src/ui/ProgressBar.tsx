import { useFormat } from '../i18n/format.ts';

/** A labelled bar for a 0–100 percent; the text beside it carries the same number for sighted users. */
export function ProgressBar({ percent, label, size = 'md' }: { percent: number; label: string; size?: 'sm' | 'md' }) {
  const f = useFormat();
  const clamped = Math.max(0, Math.min(100, percent));
  return (
    <div className={`progress progress-${size}`}>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={clamped} aria-valuetext={f.percent(clamped)}>
        <div className="progress-fill" style={{ width: `${clamped}%` }} />
      </div>
      <span className="progress-value" data-testid="progress-percent">
        {f.percent(clamped)}
      </span>
    </div>
  );
}
