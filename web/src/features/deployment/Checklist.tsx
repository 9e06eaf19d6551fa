import { useTranslation } from 'react-i18next';
import type { Deployment, Item } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { useTemplateText } from '../../i18n/template-text.ts';
import { Badge } from '../../ui/Badge.tsx';
import { groupBy } from '../../lib/collections.ts';
import { ItemRow } from './ItemRow.tsx';
import type { ChecklistSearch } from './filters.ts';

/** Phases → sections → items, in the seed's order, each phase with its counts and gate. */
export function Checklist({ deployment: d, items, search, roleTitle }: { deployment: Deployment; items: Item[]; search: ChecklistSearch; roleTitle: (key: string) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = useTemplateText();
  const progress = new Map(d.progress.phases.map((p) => [p.key, p]));
  const phases = d.phases.filter((p) => !search.phase || p.key === search.phase);
  const bySection = groupBy(items, (i) => i.sectionKey);

  if (!items.length) return <p className="empty-state">{t('checklist.noMatch')}</p>;

  return (
    <div className="phases">
      {phases.map((phase) => {
        const p = progress.get(phase.key);
        const sections = phase.sections.filter((s) => bySection.has(s.key));
        if (!sections.length) return null;
        return (
          <section key={phase.key} className="phase" aria-labelledby={`phase-${phase.key}`} data-testid="phase">
            <header className="phase-head">
              <div>
                <h3 id={`phase-${phase.key}`}>{text('phase', phase.key, phase.title)}</h3>
                <p className="subtle">
                  {text('phaseLabel', phase.key, phase.label)} · {f.dateRange(phase.start, phase.end)}
                </p>
              </div>
              {p && (
                <div className="phase-stats">
                  <span>{t('progress.doneOf', { done: p.done, total: p.total })}</span>
                  {p.overdue > 0 && <span className="text-danger">{t('progress.overdueCount', { count: p.overdue })}</span>}
                  {p.blocked > 0 && <span className="text-danger">{t('progress.blockedCount', { count: p.blocked })}</span>}
                  {p.gate.ready ? (
                    <Badge tone="success">{t('gate.ready')}</Badge>
                  ) : (
                    <Badge tone="neutral" title={p.gate.open.join(', ')}>
                      {t('gate.notReady', { count: p.gate.open.length })}
                    </Badge>
                  )}
                </div>
              )}
            </header>
            {sections.map((section) => (
              <div key={section.key} className="section">
                <h4 id={`section-${section.key}`}>
                  {text('section', section.key, section.title)}
                  {section.cutover && <span className="tag tag-accent">{t('checklist.cutover')}</span>}
                </h4>
                <ul className="item-list" aria-labelledby={`section-${section.key}`}>
                  {(bySection.get(section.key) ?? []).map((item) => (
                    <ItemRow key={item.key} item={item} deploymentId={d.id} roleTitle={roleTitle} />
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
