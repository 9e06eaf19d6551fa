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

/**
 * An error as an alert. `title` replaces the generic sentence for the code when the form
 * knows better (say, "this email is already in use" for a 409); the server's detail stays.
 */
export function ErrorNotice({ error, title, id, children }: { error: unknown; title?: string | undefined; id?: string | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = errorText(error, t);
  const heading = title ?? text.title;
  const detail = error instanceof ApiError && title ? (error.message !== title ? error.message : null) : text.detail;
  return (
    <div className="notice notice-error" role="alert" id={id}>
      <p className="notice-title">{heading}</p>
      {detail && <p className="notice-detail">{detail}</p>}
      {error instanceof ApiError && error.requestId && <p className="notice-meta">{t('errors.requestId', { id: error.requestId })}</p>}
      {children}
    </div>
  );
}
