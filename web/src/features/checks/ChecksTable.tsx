import { useTranslation } from 'react-i18next';
import type { Check } from '../../api/types.ts';
import { CheckRow } from './CheckRow.tsx';

export type ChecksColumns = ReturnType<typeof useColumns>;

function useColumns() {
  const { t } = useTranslation();
  return {
    check: t('checks.col.check'),
    item: t('checks.col.item'),
    lastResult: t('checks.col.lastResult'),
    monitor: t('checks.col.monitor'),
    nextRun: t('checks.col.nextRun'),
    actions: t('checks.col.actions'),
  };
}

/** The checks of a deployment; below 860px each row becomes a card (see .responsive-table). */
export function ChecksTable({ deploymentId, checks, itemTitle, canRun }: { deploymentId: string; checks: Check[]; itemTitle: (key: string) => string | undefined; canRun: boolean }) {
  const { t } = useTranslation();
  const col = useColumns();
  const headers = Object.entries(col).filter(([k]) => canRun || k !== 'actions');
  return (
    <div className="table-wrap">
      <table className="responsive-table checks-table">
        <caption className="visually-hidden">{t('checks.caption', { count: checks.length })}</caption>
        <thead>
          <tr>
            {headers.map(([k, label]) => (
              <th key={k} scope="col">
                {k === 'actions' ? <span className="visually-hidden">{label}</span> : label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <CheckRow key={c.id} deploymentId={deploymentId} check={c} col={col} itemTitle={itemTitle} canRun={canRun} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
