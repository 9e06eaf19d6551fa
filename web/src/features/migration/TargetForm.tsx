import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetImportTarget } from '../../api/migration.ts';
import type { ImportTarget } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage } from '../../ui/Status.tsx';

/** Sets an environment's target. The URL is write-only: the form never shows the stored one, only that it is set. */
export function TargetForm({ deploymentId, target, onDone }: { deploymentId: string; target: ImportTarget; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSetImportTarget(deploymentId, target.environment);
  const [url, setUrl] = useState('');
  const [schema, setSchema] = useState(target.schema ?? 'pos_history');
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const env = t(`migration.environment.${target.environment}`);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    save.mutate(
      { url: url.trim(), schema: schema.trim() },
      {
        onSuccess: () => {
          setUrl('');
          setSaved(t('migration.targets.saved', { environment: env }));
          onDone();
        },
      },
    );
  };

  return (
    <form className="form-stack target-form" onSubmit={submit} data-testid={`target-form-${target.environment}`}>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t('migration.targets.url')}</label>
        <input
          id={`${id}-url`}
          type="password"
          autoComplete="off"
          required
          maxLength={2048}
          placeholder="postgres://user:password@host:5432/database"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-describedby={`${id}-url-hint`}
        />
        <p className="hint" id={`${id}-url-hint`}>
          {t('migration.targets.urlHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-schema`}>{t('migration.targets.schema')}</label>
        <input id={`${id}-schema`} required maxLength={63} pattern="[a-z_][a-z0-9_]*" value={schema} onChange={(e) => setSchema(e.target.value)} aria-describedby={`${id}-schema-hint`} />
        <p className="hint" id={`${id}-schema-hint`}>
          {t('migration.targets.schemaHint')}
        </p>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('migration.targets.save', { environment: env })}
        </button>
      </div>
      <ErrorNotice error={save.error} />
      <LiveMessage message={saved} />
    </form>
  );
}
