import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../ui/CopyButton.tsx';

/** The signing secret of a new webhook: shown this once, to copy into the receiver. */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="notice notice-warning secret-once" data-testid="webhook-secret">
      <p className="notice-title" ref={heading} tabIndex={-1}>
        {t('webhooks.secretTitle')}
      </p>
      <p className="notice-detail">{t('webhooks.secretBody', { url })}</p>
      <p className="secret-value">
        <code>{secret}</code> <CopyButton value={secret} />
      </p>
      <button type="button" className="button button-small" onClick={onDone}>
        {t('webhooks.secretDone')}
      </button>
    </div>
  );
}
