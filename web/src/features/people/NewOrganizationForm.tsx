import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useCreateOrganization } from '../../api/access.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage } from '../../ui/Status.tsx';
import { invalidFields } from '../../ui/fieldErrors.ts';

/** A client organisation by name; its people can then be added and join its deployments. */
export function NewOrganizationForm() {
  const { t } = useTranslation();
  const create = useCreateOrganization();
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const invalid = invalidFields(create.error, 'name').has('name');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (org) => {
          setName('');
          setSaved(t('organizations.added', { name: org.name }));
        },
      },
    );
  };

  return (
    <form className="form-stack org-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('organizations.new')}</h3>
      <div className="inline-form">
        <div className="field field-grow">
          <label htmlFor={`${id}-name`}>{t('organizations.name')}</label>
          <input
            id={`${id}-name`}
            required
            maxLength={160}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('newDeployment.clientPlaceholder')}
            aria-invalid={invalid || undefined}
            aria-describedby={`${id}-hint${create.error ? ` ${id}-error` : ''}`}
          />
        </div>
        <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
          {t('organizations.create')}
        </button>
      </div>
      <p id={`${id}-hint`} className="hint">
        {t('organizations.hint')}
      </p>
      <ErrorNotice id={`${id}-error`} error={create.error} title={isApiError(create.error, 'conflict') ? t('organizations.nameTaken') : undefined} />
      <LiveMessage message={saved} />
    </form>
  );
}
