import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** What went wrong, in the user's language: a translated sentence for known codes, and the server's own detail. */
export function errorText(error: unknown, t: (key: string, opts?: Record<string, unknown>) => string): { title: string; detail: string | null } {
  if (error instanceof ApiError) {
    const translated = t(`errors.${error.code}`, { defaultValue: '' });
    if (translated) return { title: translated, detail: error.message !== translated ? error.message : null };
    return { title: error.message || t('errors.unknown'), detail: null };
  }
  return { title: t('errors.unknown'), detail: error instanceof Error ? error.message : null };
}

export function ErrorNotice({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { title, detail } = errorText(error, t);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      {detail && <p className="notice-detail">{detail}</p>}
      {error instanceof ApiError && error.requestId && <p className="notice-meta">{t('errors.requestId', { id: error.requestId })}</p>}
      {children}
    </div>
  );
}
