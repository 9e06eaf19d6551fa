import { useTranslation } from 'react-i18next';
import { monitorRefreshMs } from '../../api/checks.ts';
import { useAvailability, useEvents, useSeries } from '../../api/monitors.ts';
import type { Check } from '../../api/types.ts';
import { QueryView } from '../../ui/Status.tsx';
import { AvailabilityPanel } from './AvailabilityPanel.tsx';
import { EventsList } from './EventsList.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { ResultStrip } from './ResultStrip.tsx';
import { SeriesTable } from './SeriesTable.tsx';
import { WindowPicker } from './WindowPicker.tsx';
import { WINDOWS, type WindowKey } from './windows.ts';

/**
 * Everything measured over the chosen window: availability and error budget (monitors only —
 * an on-demand check has no uptime), results and latency per bucket, and the up/down periods.
 */
export function CheckWindowSection({ deploymentId, check: c, window, onWindow }: { deploymentId: string; check: Check; window: WindowKey; onWindow: (w: WindowKey) => void }) {
  const { t } = useTranslation();
  const { hours, points } = WINDOWS[window];
  const monitor = c.intervalSeconds !== null;
  const refreshMs = monitorRefreshMs(c.intervalSeconds);
  const availability = useAvailability(deploymentId, c.id, hours, { enabled: monitor, refreshMs });
  const series = useSeries(deploymentId, c.id, hours, points, { refreshMs });
  const events = useEvents(deploymentId, c.id, hours, { enabled: monitor, refreshMs });

  return (
    <>
      <section className="card" aria-labelledby="window-title">
        <div className="section-head section-head-actions">
          <h2 id="window-title">{monitor ? t('checkDetail.availability.title') : t('checkDetail.results')}</h2>
          <WindowPicker value={window} onChange={onWindow} />
        </div>
        {monitor ? (
          <QueryView query={availability}>{(a) => <AvailabilityPanel availability={a} />}</QueryView>
        ) : (
          <p className="muted">{t('checkDetail.availability.onDemand')}</p>
        )}
        <QueryView query={series}>
          {(s) => (
            <div className="charts">
              <ResultStrip series={s} />
              <LatencyChart series={s} />
              <SeriesTable series={s} />
            </div>
          )}
        </QueryView>
      </section>
      {monitor && (
        <section className="card" aria-labelledby="events-title">
          <h2 id="events-title">{t('checkDetail.events.title')}</h2>
          <QueryView query={events}>{(list) => <EventsList events={list} />}</QueryView>
        </section>
      )}
    </>
  );
}
