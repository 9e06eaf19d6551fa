import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTemplateText } from '../../i18n/template-text.ts';
import { ITEM_STATES, type Deployment } from '../../api/types.ts';
import { hasFilters, OPEN_STATES, type ChecklistSearch } from './filters.ts';

/** Quick toggles (mine, overdue, blocked) and selects (phase, state). Every choice is kept in the URL. */
export function ChecklistFilters({ deployment: d, search, shown }: { deployment: Deployment; search: ChecklistSearch; shown: number | undefined }) {
  const { t } = useTranslation();
  const text = useTemplateText();
  const navigate = useNavigate({ from: '/deployments/$deploymentId' });
  const update = (patch: Partial<ChecklistSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true, resetScroll: false });

  const toggles: { key: string; label: string; pressed: boolean; toggle: () => void }[] = [
    { key: 'mine', label: t('filters.mine'), pressed: !!search.mine, toggle: () => update({ mine: search.mine ? undefined : true }) },
    { key: 'overdue', label: t('filters.overdue'), pressed: !!search.overdue, toggle: () => update({ overdue: search.overdue ? undefined : true }) },
    { key: 'blocked', label: t('filters.blocked'), pressed: search.state === 'blocked', toggle: () => update({ state: search.state === 'blocked' ? undefined : 'blocked' }) },
  ];

  return (
    <div className="filters" role="search" aria-label={t('filters.label')}>
      <div className="filter-toggles" role="group" aria-label={t('filters.quick')}>
        {toggles.map((f) => (
          <button key={f.key} type="button" className="chip" aria-pressed={f.pressed} onClick={f.toggle}>
            {f.label}
          </button>
        ))}
      </div>
      <div className="field field-inline">
        <label htmlFor="filter-phase">{t('filters.phase')}</label>
        <select id="filter-phase" value={search.phase ?? ''} onChange={(e) => update({ phase: e.target.value || undefined })}>
          <option value="">{t('filters.allPhases')}</option>
          {d.phases.map((p) => (
            <option key={p.key} value={p.key}>
              {text('phase', p.key, p.title)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="filter-state">{t('filters.state')}</label>
        <select id="filter-state" value={search.state ?? ''} onChange={(e) => update({ state: e.target.value || undefined })}>
          <option value="">{t('filters.allStates')}</option>
          <option value={OPEN_STATES}>{t('filters.open')}</option>
          {ITEM_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {hasFilters(search) && (
        <>
          <p className="filter-count" role="status">
            {t('filters.showing', { count: shown ?? 0 })}
          </p>
          <button type="button" className="button button-ghost button-small" onClick={() => update({ phase: undefined, state: undefined, mine: undefined, overdue: undefined })}>
            {t('filters.clear')}
          </button>
        </>
      )}
    </div>
  );
}
