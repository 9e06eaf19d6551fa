import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetup } from '../../api/auth.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { AuthCard } from './AuthCard.tsx';

const MIN_PASSWORD = 10;

/** First run: the vendor workspace and its owner. */
export function SetupPage() {
  const { t } = useTranslation();
  const setup = useSetup();
  const [form, setForm] = useState({ workspaceName: '', displayName: '', email: '', password: '' });
  const set = (k: keyof typeof form) => (e: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  return (
    <AuthCard title={t('setup.title')} intro={t('setup.intro')} onSubmit={() => setup.mutate(form)}>
      <div className="field">
        <label htmlFor="setup-workspace">{t('setup.workspaceName')}</label>
        <input id="setup-workspace" required maxLength={120} autoComplete="organization" value={form.workspaceName} onChange={set('workspaceName')} />
      </div>
      <div className="field">
        <label htmlFor="setup-name">{t('setup.displayName')}</label>
        <input id="setup-name" required maxLength={120} autoComplete="name" value={form.displayName} onChange={set('displayName')} />
      </div>
      <div className="field">
        <label htmlFor="setup-email">{t('auth.email')}</label>
        <input id="setup-email" type="email" required maxLength={254} autoComplete="email" value={form.email} onChange={set('email')} />
      </div>
      <div className="field">
        <label htmlFor="setup-password">{t('auth.password')}</label>
        <input
          id="setup-password"
          type="password"
          required
          minLength={MIN_PASSWORD}
          maxLength={200}
          autoComplete="new-password"
          aria-describedby="setup-password-hint"
          value={form.password}
          onChange={set('password')}
        />
        <p id="setup-password-hint" className="hint">
          {t('setup.passwordHint', { count: MIN_PASSWORD })}
        </p>
      </div>
      <ErrorNotice error={setup.error} />
      <button type="submit" className="button button-primary" disabled={setup.isPending}>
        {setup.isPending ? t('setup.submitting') : t('setup.submit')}
      </button>
    </AuthCard>
  );
}
