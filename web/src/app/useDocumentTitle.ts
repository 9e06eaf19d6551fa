import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "<page> · Golive" in the tab, so a tab per deployment can be told apart. */
export function useDocumentTitle(title: string | undefined) {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
