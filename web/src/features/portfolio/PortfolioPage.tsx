import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePortfolio } from '../../api/deployments.ts';
import { QueryView } from '../../ui/Status.tsx';
import { useDocumentTitle } from '../../app/useDocumentTitle.ts';
import { NewDeploymentForm } from './NewDeploymentForm.tsx';
import { PortfolioTable } from './PortfolioTable.tsx';

export function PortfolioPage() {
  const { t } = useTranslation();
  const portfolio = usePortfolio();
  const [formOpen, setFormOpen] = useState(false);
  useDocumentTitle(t('portfolio.title'));
  const empty = portfolio.data?.length === 0;
  const showForm = formOpen || empty;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('portfolio.title')}</h1>
          <p className="muted">{t('portfolio.intro')}</p>
        </div>
        {!empty && (
          <button type="button" className="button button-primary" aria-expanded={showForm} aria-controls="new-deployment" onClick={() => setFormOpen(!formOpen)}>
            {t('portfolio.new')}
          </button>
        )}
      </div>
      {showForm && <NewDeploymentForm id="new-deployment" onCancel={empty ? undefined : () => setFormOpen(false)} />}
      <QueryView query={portfolio}>
        {(deployments) =>
          deployments.length ? (
            <PortfolioTable deployments={deployments} />
          ) : (
            <p className="card empty-state">{t('portfolio.empty')}</p>
          )
        }
      </QueryView>
    </div>
  );
}
