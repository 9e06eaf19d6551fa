import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddWebhook } from '../../api/monitors.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { invalidFields } from '../../ui/fieldErrors.ts';
import { WebhookSecret } from './WebhookSecret.tsx';

/** A receiver URL and, optionally, its own signing secret; without one the server makes one and shows it once. */
export function WebhookForm({ deploymentId }: { deploymentId: string }) {
  const { t } = useTranslation();
  const add = useAddWebhook(deploymentId);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const id = useId();
  const invalid = invalidFields(add.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    add.mutate(
      { url: url.trim(), ...(secret ? { secret } : {}) },
      {
        onSuccess: (hook) => {
          setUrl('');
          setSecret('');
          setCreated({ url: hook.url, secret: hook.secret });
        },
      },
    );
  };

  return (
    <>
      {created && <WebhookSecret url={created.url} secret={created.secret} onDone={() => setCreated(null)} />}
      <details className="subsection">
        <summary>{t('webhooks.add')}</summary>
        <form className="form-grid" onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${id}-url`}>{t('webhooks.url')}</label>
            <input id={`${id}-url`} type="url" required maxLength={2048} placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={invalid.has('url') || undefined} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-secret`}>{t('webhooks.secret')}</label>
            <input
              id={`${id}-secret`}
              type="password"
              autoComplete="new-password"
              minLength={16}
              maxLength={256}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              aria-describedby={`${id}-secret-hint`}
              aria-invalid={invalid.has('secret') || undefined}
            />
            <p id={`${id}-secret-hint`} className="hint">
              {t('webhooks.secretHint')}
            </p>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={add.isPending || !url.trim()}>
              {t('webhooks.submit')}
            </button>
          </div>
          <ErrorNotice error={add.error} />
        </form>
      </details>
    </>
  );
}
