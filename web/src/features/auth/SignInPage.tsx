import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignIn } from '../../api/auth.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { AuthCard } from './AuthCard.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')} onSubmit={() => signIn.mutate({ email, password })}>
      <div className="field">
        <label htmlFor="signin-email">{t('auth.email')}</label>
        <input id="signin-email" type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="signin-password">{t('auth.password')}</label>
        <input id="signin-password" type="password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <ErrorNotice error={signIn.error} />
      <button type="submit" className="button button-primary" disabled={signIn.isPending}>
        {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
      </button>
    </AuthCard>
  );
}
