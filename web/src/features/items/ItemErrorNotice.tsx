import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '../../api/client.ts';
import { invalidateDeployment } from '../../api/items.ts';
import type { ItemState } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { StateBadge } from '../../ui/Badge.tsx';

interface OpenDependency {
  key: string;
  title: string;
  state: ItemState;
}

/**
 * The item errors a user can act on, spelled out: which evidence is missing, which
 * dependencies are still open (with links), and a reload after someone else's change.
 */
export function ItemErrorNotice({ error, deploymentId, reset }: { error: unknown; deploymentId: string; reset: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const reload = () => {
    reset();
    void invalidateDeployment(qc, deploymentId);
  };
  if (!error) return null;
  const details = error instanceof ApiError ? (error.details as { accepts?: string[]; openDependencies?: OpenDependency[] } | undefined) : undefined;

  return (
    <ErrorNotice error={error}>
      {isApiError(error, 'evidence_required') && details?.accepts && (
        <p className="notice-detail">{t('errors.evidenceAccepts', { kinds: details.accepts.map((k) => t(`evidence.kind.${k}`)).join(', ') })}</p>
      )}
      {isApiError(error, 'dependencies_open') && details?.openDependencies && (
        <ul className="notice-list">
          {details.openDependencies.map((d) => (
            <li key={d.key}>
              <Link to="/deployments/$deploymentId/items/$itemKey" params={{ deploymentId, itemKey: d.key }} search={(prev) => prev} resetScroll={false}>
                {d.key} — {d.title}
              </Link>{' '}
              <StateBadge state={d.state} />
            </li>
          ))}
        </ul>
      )}
      {isApiError(error, 'version_conflict') && (
        <button type="button" className="button button-small" onClick={reload}>
          {t('item.reload')}
        </button>
      )}
    </ErrorNotice>
  );
}
