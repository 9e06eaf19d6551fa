import { useTranslation } from 'react-i18next';
import type { MonitorEvent } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { MonitorStateBadge } from './CheckBadges.tsx';

/** Up and down periods of a monitor, newest first, with how long each lasted and why it changed. */
export function EventsList({ events }: { events: MonitorEvent[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!events.length) return <p className="muted">{t('checkDetail.events.none')}</p>;
  return (
    <ol className="feed events" data-testid="events">
      {events.map((e) => (
        <li key={e.startedAt}>
          <p className="feed-meta">
            <MonitorStateBadge state={e.state} /> <time dateTime={e.startedAt}>{f.dateTime(e.startedAt)}</time>
            {' – '}
            {e.endedAt ? <time dateTime={e.endedAt}>{f.dateTime(e.endedAt)}</time> : t('checkDetail.events.ongoing')}
            {' · '}
            {f.duration((e.endedAt ? Date.parse(e.endedAt) : Date.now()) - Date.parse(e.startedAt))}
          </p>
          {e.message && <p className="feed-body">{e.message}</p>}
        </li>
      ))}
    </ol>
  );
}
