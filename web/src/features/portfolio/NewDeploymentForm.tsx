import { useState, type FormEvent } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCreateDeployment } from '../../api/deployments.ts';
import { useTemplates } from '../../api/templates.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { jakartaToday } from '../../lib/dates.ts';

const DEFAULT_TEMPLATE = 'enterprise-deployment';

/** Name, client, template and kickoff: the server schedules every item from the kickoff date. */
export function NewDeploymentForm({ id, onCancel }: { id: string; onCancel?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const templates = useTemplates();
  const create = useCreateDeployment();
  const [name, setName] = useState('');
  const [clientName, setClientName] = useState('');
  const [templateKey, setTemplateKey] = useState(DEFAULT_TEMPLATE);
  const [kickoffOn, setKickoffOn] = useState(jakartaToday);

  const published = (templates.data ?? []).filter((tpl) => tpl.status === 'published');
  // One option per key: the server uses the latest published version.
  const options = [...new Map(published.map((tpl) => [tpl.key, tpl])).values()];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, clientName, templateKey, kickoffOn },
      { onSuccess: (d) => void navigate({ to: '/deployments/$deploymentId', params: { deploymentId: d.id } }) },
    );
  };

  return (
    <section id={id} className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('newDeployment.title')}</h2>
      <form className="form-grid" onSubmit={submit}>
        <div className="field">
          <label htmlFor="nd-name">{t('newDeployment.name')}</label>
          <input id="nd-name" required maxLength={160} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('newDeployment.namePlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="nd-client">{t('newDeployment.clientName')}</label>
          <input id="nd-client" required maxLength={160} value={clientName} onChange={(e) => setClientName(e.target.value)} placeholder={t('newDeployment.clientPlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="nd-template">{t('newDeployment.template')}</label>
          <select id="nd-template" required value={templateKey} onChange={(e) => setTemplateKey(e.target.value)} disabled={templates.isPending}>
            {!options.some((o) => o.key === templateKey) && <option value={templateKey}>{templateKey}</option>}
            {options.map((tpl) => (
              <option key={tpl.key} value={tpl.key}>
                {t('newDeployment.templateOption', { name: tpl.name, version: tpl.version })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nd-kickoff">{t('newDeployment.kickoffOn')}</label>
          <input id="nd-kickoff" type="date" required value={kickoffOn} onChange={(e) => setKickoffOn(e.target.value)} aria-describedby="nd-kickoff-hint" />
          <p id="nd-kickoff-hint" className="hint">
            {t('newDeployment.kickoffHint')}
          </p>
        </div>
        <ErrorNotice error={create.error ?? templates.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t('newDeployment.creating') : t('newDeployment.create')}
          </button>
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
