import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** Loading, error or the content of one query. */
export function QueryView<T>({ query, children }: { query: { data: T | undefined; error: unknown; isPending: boolean }; children: (data: T) => ReactNode }) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorNotice error={query.error} />;
  return <Loading />;
}

/** A polite live region: save results are announced without moving focus. */
export function LiveMessage({ message, tone = 'success' }: { message: string | null; tone?: 'success' | 'info' }) {
  return (
    <p className={`live-message ${message ? `live-${tone}` : ''}`} role="status" aria-live="polite">
      {message}
    </p>
  );
}
