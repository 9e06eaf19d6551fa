import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportTargets } from '../../api/migration.ts';
import type { ImportTarget } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { TargetForm } from './TargetForm.tsx';

function TargetCard({ deploymentId, target, canRun }: { deploymentId: string; target: ImportTarget; canRun: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const env = t(`migration.environment.${target.environment}`);
  return (
    <li className="target-card" data-testid={`target-${target.environment}`}>
      <div className="target-head">
        <h3>{env}</h3>
        {target.set ? <Badge tone="success">{t('migration.targets.set')}</Badge> : <Badge tone="neutral">{t('migration.targets.notSet')}</Badge>}
        {target.restricted && (
          <span className="tag" title={t('migration.targets.restrictedHint')}>
            {t('migration.targets.restricted')}
          </span>
        )}
      </div>
      {target.set && (
        <p>
          {t('migration.targets.schema')}: <code>{target.schema}</code>
          <span className="subtle"> · {t('migration.targets.urlStored')}</span>
          {target.updatedAt && <span className="subtle"> · {t('migration.targets.updated', { name: target.updatedBy?.displayName ?? t('history.system'), when: f.dateTime(target.updatedAt) })}</span>}
        </p>
      )}
      {canRun &&
        (editing || !target.set ? (
          <>
            <TargetForm deploymentId={deploymentId} target={target} onDone={() => setEditing(false)} />
            {editing && (
              <button type="button" className="button button-small button-ghost" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
            )}
          </>
        ) : (
          <button type="button" className="button button-small" onClick={() => setEditing(true)} aria-label={t('migration.targets.changeNamed', { environment: env })}>
            {t('migration.targets.change')}
          </button>
        ))}
    </li>
  );
}

/** Where each environment's imports load; the URL (it carries a password) is write-only. */
export function TargetsSection({ deploymentId, canRun }: { deploymentId: string; canRun: boolean }) {
  const { t } = useTranslation();
  const targets = useImportTargets(deploymentId);
  return (
    <SectionCard id="migration-targets" title={t('migration.targets.title')} intro={t('migration.targets.intro')}>
      <QueryView query={targets}>
        {(list) => (
          <ul className="target-list">
            {list.map((target) => (
              <TargetCard key={target.environment} deploymentId={deploymentId} target={target} canRun={canRun} />
            ))}
          </ul>
        )}
      </QueryView>
    </SectionCard>
  );
}
