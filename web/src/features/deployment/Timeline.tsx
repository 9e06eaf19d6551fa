import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useTemplateText } from '../../i18n/template-text.ts';
import type { Calendar, Deployment } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { daysBetween } from '../../lib/dates.ts';

const WEEKEND = 'var(--timeline-weekend)';
const HOLIDAY = 'var(--timeline-holiday)';

/** Weekends and public holidays as one gradient per track: stripes without one element per day. */
function shading(days: Calendar['days']): string {
  const n = days.length;
  const stops: string[] = [];
  days.forEach((d, i) => {
    const color = d.holiday ? HOLIDAY : d.weekend ? WEEKEND : null;
    if (!color) return;
    const a = ((i / n) * 100).toFixed(3);
    const b = (((i + 1) / n) * 100).toFixed(3);
    stops.push(`transparent ${a}%`, `${color} ${a}%`, `${color} ${b}%`, `transparent ${b}%`);
  });
  return stops.length ? `linear-gradient(to right, transparent 0%, ${stops.join(', ')}, transparent 100%)` : 'none';
}

/** Keeps a label that sits near either edge inside the track. */
function labelStyle(left: number): CSSProperties {
  const shift = left < 12 ? '0' : left > 88 ? '-100%' : '-50%';
  return { left: `${left}%`, transform: `translateX(${shift})` };
}

/** The seven phases as bars over the deployment's calendar, with today and the go-live date marked. */
export function Timeline({ deployment: d, calendar: c }: { deployment: Deployment; calendar: Calendar }) {
  const { t, i18n } = useTranslation();
  const text = useTemplateText();
  const f = useFormat();
  const first = c.days[0]?.date ?? d.kickoffOn;
  const n = Math.max(c.days.length, 1);
  const at = (date: string) => (daysBetween(first, date) / n) * 100;
  const mid = (date: string) => ((daysBetween(first, date) + 0.5) / n) * 100;
  const inRange = (date: string) => daysBetween(first, date) >= 0 && daysBetween(first, date) < n;

  const background = shading(c.days);
  const months = c.days.filter((day, i) => i === 0 || day.date.endsWith('-01'));
  const holidays = c.days.filter((day) => day.holiday);
  const progressByPhase = new Map(d.progress.phases.map((p) => [p.key, p]));
  const today = inRange(c.today) ? mid(c.today) : null;
  const goLive = inRange(c.goLiveOn) ? mid(c.goLiveOn) : null;

  return (
    <div className="timeline">
      <div className="timeline-row timeline-axis" aria-hidden="true">
        <div className="timeline-label" />
        <div className="timeline-track">
          <div className="axis-markers">
            {today !== null && (
              <span className="axis-marker marker-today" style={labelStyle(today)}>
                {t('timeline.today')}
              </span>
            )}
            {goLive !== null && (
              <span className="axis-marker marker-golive" style={labelStyle(goLive)}>
                {t('timeline.goLive')}
              </span>
            )}
          </div>
          <div className="axis-months">
            {months.map((m) => (
              <span key={m.date} className="axis-month" style={{ left: `${at(m.date)}%` }}>
                {f.month(m.date)}
              </span>
            ))}
          </div>
        </div>
      </div>
      <ol className="timeline-phases">
        {d.phases.map((phase) => {
          const p = progressByPhase.get(phase.key);
          const left = at(phase.start);
          const width = ((daysBetween(phase.start, phase.end) + 1) / n) * 100;
          return (
            <li key={phase.key} className="timeline-row">
              <div className="timeline-label">
                <span className="timeline-phase-title">{text('phase', phase.key, phase.title)}</span>
                <span className="subtle">
                  {f.dateRange(phase.start, phase.end)}
                  {p && ` · ${f.percent(p.percent)}`}
                </span>
              </div>
              <div className="timeline-track" style={{ backgroundImage: background }} aria-hidden="true">
                <div className={`timeline-bar${p?.gate.ready ? ' is-ready' : ''}`} style={{ left: `${left}%`, width: `${width}%` }}>
                  <div className="timeline-bar-fill" style={{ width: `${p?.percent ?? 0}%` }} />
                </div>
                {today !== null && <span className="timeline-line line-today" style={{ left: `${today}%` }} />}
                {goLive !== null && <span className="timeline-line line-golive" style={{ left: `${goLive}%` }} />}
              </div>
            </li>
          );
        })}
      </ol>
      <ul className="timeline-legend">
        <li>
          <span className="swatch swatch-today" aria-hidden="true" />
          {t('timeline.todayOn', { date: f.date(c.today) })}
        </li>
        <li>
          <span className="swatch swatch-golive" aria-hidden="true" />
          {t('timeline.goLiveOn', { date: f.date(c.goLiveOn) })}
        </li>
        <li>
          <span className="swatch swatch-weekend" aria-hidden="true" />
          {t('timeline.weekend')}
        </li>
        <li>
          <span className="swatch swatch-holiday" aria-hidden="true" />
          {t('timeline.holiday')}
        </li>
      </ul>
      {holidays.length > 0 && (
        <details className="holidays">
          <summary>{t('timeline.holidays', { count: holidays.length })}</summary>
          <ul>
            {holidays.map((h) => (
              <li key={h.date}>
                <time dateTime={h.date}>{f.weekdayDate(h.date)}</time> — {i18n.language === 'id' ? h.holiday!.nameId : h.holiday!.name}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
