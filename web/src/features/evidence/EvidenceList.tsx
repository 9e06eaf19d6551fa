import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { evidenceFileUrl } from '../../api/evidence.ts';
import type { Evidence } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';

/** The check a check's evidence came from (its result names it). */
const checkIdOf = (e: Evidence) => (e.kind === 'check' && typeof e.result?.checkId === 'string' ? e.result.checkId : null);

/** The import or reconciliation a migration result came from. */
function MigrationSource({ deploymentId, e }: { deploymentId: string; e: Evidence }) {
  const { t } = useTranslation();
  const r = e.result;
  if (e.kind !== 'check' || r?.source !== 'migration') return null;
  if (typeof r.reconciliationId === 'string') {
    return (
      <p>
        <Link to="/deployments/$deploymentId/migration/reconciliations/$reconciliationId" params={{ deploymentId, reconciliationId: r.reconciliationId }}>
          {t('evidence.viewReconciliation')}
        </Link>
      </p>
    );
  }
  if (typeof r.importRunId === 'string') {
    return (
      <p>
        <Link to="/deployments/$deploymentId/migration/imports/$importId" params={{ deploymentId, importId: r.importRunId }}>
          {t('evidence.viewImport')}
        </Link>
      </p>
    );
  }
  return null;
}

export function EvidenceList({ deploymentId, evidence }: { deploymentId: string; evidence: Evidence[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!evidence.length) return <p className="muted">{t('evidence.none')}</p>;
  return (
    <ul className="evidence-list" data-testid="evidence-list">
      {evidence.map((e) => (
        <li key={e.id}>
          <span className="tag">{t(`evidence.kind.${e.kind}`)}</span>
          <div className="evidence-body">
            {e.file && (
              <p>
                <a href={evidenceFileUrl(deploymentId, e.id)} download={e.file.name}>
                  {e.file.name}
                </a>{' '}
                <span className="subtle">
                  {f.fileSize(e.file.size)} · <span title={e.file.sha256}>{t('evidence.sha', { sha: e.file.sha256.slice(0, 12) })}</span>
                </span>
              </p>
            )}
            {e.url && (
              <p>
                <a href={e.url} target="_blank" rel="noopener noreferrer">
                  {e.url}
                </a>
              </p>
            )}
            {e.note && <p>{e.note}</p>}
            {checkIdOf(e) && (
              <p>
                <Link to="/deployments/$deploymentId/checks/$checkId" params={{ deploymentId, checkId: checkIdOf(e)! }}>
                  {t('evidence.viewCheck')}
                </Link>
              </p>
            )}
            <MigrationSource deploymentId={deploymentId} e={e} />
            <p className="subtle">
              {e.createdBy?.displayName ?? t('history.system')} · <time dateTime={e.createdAt}>{f.dateTime(e.createdAt)}</time>
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
