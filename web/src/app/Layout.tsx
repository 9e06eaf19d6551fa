import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { UserMenu } from '../features/auth/UserMenu.tsx';

/** The page frame: skip link, header (brand, navigation, user, language) and the main landmark. */
export function Layout({ user, children }: { user: Me | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('app.name')}
          </Link>
          {user && (
            <nav aria-label={t('nav.label')} className="app-nav">
              <Link to="/" activeOptions={{ exact: true }}>
                {t('nav.portfolio')}
              </Link>
              {user.permissions.includes('workspace.manage') && <Link to="/people">{t('nav.people')}</Link>}
            </nav>
          )}
          <div className="app-header-tools">
            {user && <UserMenu user={user} />}
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
