import { useTranslation } from 'react-i18next';
import { useHistory } from '../../api/items.ts';
import { ITEM_STATES, type HistoryEntry, type ItemState } from '../../api/types.ts';
import { useFormat, type Format } from '../../i18n/format.ts';
import { StateBadge } from '../../ui/Badge.tsx';
import { QueryView } from '../../ui/Status.tsx';

const asState = (s: string | null): ItemState | null => (s && (ITEM_STATES as readonly string[]).includes(s) ? (s as ItemState) : null);

type Changes = {
  evidenceAdded?: { kind?: string; fileName?: string; url?: string };
  assignee?: { from: string | null; to: string | null };
  due?: { from: string; to: string; alsoMoved?: string[] };
  goLiveOn?: { from: string; to: string };
};

/** The other things an entry records besides a state change, in words. */
function describeChanges(changes: HistoryEntry['changes'], t: (k: string, o?: Record<string, unknown>) => string, f: Format): string[] {
  if (!changes) return [];
  const c = changes as Changes;
  const lines: string[] = [];
  if (c.evidenceAdded) {
    const kind = t(`evidence.kind.${c.evidenceAdded.kind ?? 'note'}`);
    const what = c.evidenceAdded.fileName ?? c.evidenceAdded.url;
    lines.push(what ? t('history.evidenceAddedNamed', { kind, name: what }) : t('history.evidenceAdded', { kind }));
  }
  if (c.assignee) lines.push(c.assignee.to ? t('history.assigned') : t('history.unassigned'));
  if (c.due) lines.push(t('history.dueMoved', { from: f.date(c.due.from), to: f.date(c.due.to), count: c.due.alsoMoved?.length ?? 0 }));
  if (c.goLiveOn) lines.push(t('history.goLiveMoved', { date: f.date(c.goLiveOn.to) }));
  return lines;
}

/** Append-only: who did what and when, newest first. */
export function History({ deploymentId, itemKey }: { deploymentId: string; itemKey: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useHistory(deploymentId, itemKey);
  return (
    <section className="panel-section" aria-labelledby="history-title">
      <h3 id="history-title">{t('history.title')}</h3>
      <QueryView query={history}>
        {(entries) =>
          entries.length ? (
            <ol className="feed" data-testid="history">
              {entries.map((e) => {
                const from = asState(e.from);
                const to = asState(e.to);
                return (
                  <li key={e.id}>
                    <p className="feed-meta">
                      <strong>{e.actor?.displayName ?? t('history.system')}</strong> · <time dateTime={e.at}>{f.dateTime(e.at)}</time>
                    </p>
                    {to && (
                      <p className="feed-body state-change">
                        {from ? <StateBadge state={from} /> : null}
                        <span aria-hidden="true">→</span>
                        <span className="visually-hidden">{t('history.to')}</span>
                        <StateBadge state={to} />
                      </p>
                    )}
                    {describeChanges(e.changes, t, f).map((line) => (
                      <p key={line} className="feed-body">
                        {line}
                      </p>
                    ))}
                    {e.note && <p className="feed-body feed-note">“{e.note}”</p>}
                  </li>
                );
              })}
            </ol>
          ) : (
            <p className="muted">{t('history.none')}</p>
          )
        }
      </QueryView>
    </section>
  );
}
