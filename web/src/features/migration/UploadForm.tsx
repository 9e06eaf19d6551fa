import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useStartImport } from '../../api/migration.ts';
import { MIGRATION_ENVIRONMENTS, type ImportTarget, type MigrationEnvironment } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';

/** The built-in mappings (engine/profiles.ts). */
const PROFILES = ['moka', 'pawoon', 'majoo'] as const;

/** Upload an export with a profile or a mapping file, for staging or production; the run's page follows it. */
export function UploadForm({ deploymentId, targets }: { deploymentId: string; targets: ImportTarget[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartImport(deploymentId);
  // Staging first (the seed tests there), unless only production has a target yet.
  const [environment, setEnvironment] = useState<MigrationEnvironment>(() => (targets.some((x) => x.environment === 'staging' && x.set) ? 'staging' : (targets.find((x) => x.set)?.environment ?? 'staging')));
  const [source, setSource] = useState<'profile' | 'mapping'>('profile');
  const [profile, setProfile] = useState<string>('moka');
  const [mappingFile, setMappingFile] = useState<File | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [maxRejects, setMaxRejects] = useState('');
  const id = useId();
  const targetSet = targets.find((x) => x.environment === environment)?.set ?? false;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || (source === 'mapping' && !mappingFile)) return;
    const mapping = source === 'mapping' && mappingFile ? await mappingFile.text() : undefined;
    start.mutate(
      { environment, file, profile: source === 'profile' ? profile : undefined, mapping, maxRejects: maxRejects.trim() || undefined },
      { onSuccess: (run) => void navigate({ to: '/deployments/$deploymentId/migration/imports/$importId', params: { deploymentId, importId: run.id } }) },
    );
  };

  return (
    <SectionCard id="migration-upload" title={t('migration.upload.title')} intro={t('migration.upload.intro')}>
      <form className="form-stack upload-form" onSubmit={(e) => void submit(e)} data-testid="upload-form">
        <fieldset className="segmented">
          <legend>{t('migration.upload.environment')}</legend>
          {MIGRATION_ENVIRONMENTS.map((env) => (
            <label key={env} className={environment === env ? 'is-selected' : undefined}>
              <input type="radio" name={`${id}-env`} value={env} checked={environment === env} onChange={() => setEnvironment(env)} />
              {t(`migration.environment.${env}`)}
            </label>
          ))}
        </fieldset>
        {!targetSet && (
          <p className="notice notice-warning" role="status">
            {t('migration.upload.needsTarget', { environment: t(`migration.environment.${environment}`) })}
          </p>
        )}
        <fieldset className="segmented">
          <legend>{t('migration.upload.mapping')}</legend>
          {(['profile', 'mapping'] as const).map((s) => (
            <label key={s} className={source === s ? 'is-selected' : undefined}>
              <input type="radio" name={`${id}-source`} value={s} checked={source === s} onChange={() => setSource(s)} />
              {t(`migration.upload.source.${s}`)}
            </label>
          ))}
        </fieldset>
        {source === 'profile' ? (
          <div className="field">
            <label htmlFor={`${id}-profile`}>{t('migration.upload.profile')}</label>
            <select id={`${id}-profile`} value={profile} onChange={(e) => setProfile(e.target.value)}>
              {PROFILES.map((p) => (
                <option key={p} value={p}>
                  {t(`migration.profile.${p}`)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-mapping`}>{t('migration.upload.mappingFile')}</label>
            <input id={`${id}-mapping`} type="file" accept=".json,application/json" required onChange={(e) => setMappingFile(e.target.files?.[0] ?? null)} aria-describedby={`${id}-mapping-hint`} />
            <p className="hint" id={`${id}-mapping-hint`}>
              {t('migration.upload.mappingHint')}
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('migration.upload.file')}</label>
          <input id={`${id}-file`} type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-max`}>{t('migration.upload.maxRejects')}</label>
          <input id={`${id}-max`} inputMode="numeric" pattern="\d{1,9}%?" maxLength={10} placeholder="100 · 5%" value={maxRejects} onChange={(e) => setMaxRejects(e.target.value)} aria-describedby={`${id}-max-hint`} />
          <p className="hint" id={`${id}-max-hint`}>
            {t('migration.upload.maxRejectsHint')}
          </p>
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={start.isPending || !targetSet}>
            {start.isPending ? t('migration.upload.uploading') : t('migration.upload.submit')}
          </button>
        </div>
        <ErrorNotice error={start.error} />
      </form>
    </SectionCard>
  );
}
