import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../api/auth.ts';
import type { Me } from '../../api/types.ts';

export function UserMenu({ user }: { user: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <div className="user-menu">
      <span className="user-name" title={user.email}>
        <span className="visually-hidden">{t('auth.signedInAs')} </span>
        {user.displayName}
        <span className="user-workspace"> · {user.workspace.name}</span>
      </span>
      <button type="button" className="button button-ghost button-small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t('auth.signOut')}
      </button>
    </div>
  );
}
