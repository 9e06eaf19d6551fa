import { useTranslation } from 'react-i18next';
import { useTestWebhook } from '../../api/monitors.ts';
import type { Webhook } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { asConfirm, ConfirmAction } from '../../ui/ConfirmAction.tsx';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import type { Removal } from '../../ui/removal.ts';

interface Props {
  deploymentId: string;
  webhook: Webhook;
  removal: Removal;
}

/** One alert webhook: where it posts, how the last delivery went, a test event and removal. */
export function WebhookRow({ deploymentId, webhook: w, removal }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const test = useTestWebhook(deploymentId);
  const result = test.data;
  return (
    <li className="list-row" data-testid="webhook">
      <div className="list-row-main">
        <p className="break-anywhere strong-text">{w.url}</p>
        <p className="subtle">
          {w.lastDeliveryAt
            ? t('webhooks.lastDelivery', { at: f.dateTime(w.lastDeliveryAt), status: w.lastDeliveryStatus ?? t('checks.none') })
            : t('webhooks.neverDelivered')}
          {!w.enabled && <span className="tag tag-spaced">{t('webhooks.disabled')}</span>}
        </p>
        <p role="status" className={result ? (result.delivered ? 'live-message live-success' : 'live-message text-danger') : 'live-message'}>
          {result && (result.delivered ? t('webhooks.testDelivered', { status: result.status ?? '' }) : t('webhooks.testFailed', { status: result.status ?? '' }))}
        </p>
        <ErrorNotice error={test.error} />
      </div>
      <div className="button-row">
        <button type="button" className="button button-small" disabled={test.isPending} onClick={() => test.mutate(w.id)} aria-label={t('webhooks.testNamed', { url: w.url })}>
          {test.isPending ? t('webhooks.testing') : t('webhooks.test')}
        </button>
        <ConfirmAction
          label={t('common.remove')}
          ariaLabel={t('webhooks.removeNamed', { url: w.url })}
          question={t('webhooks.confirmRemove', { url: w.url })}
          confirmLabel={t('webhooks.confirm')}
          {...asConfirm(removal)}
        />
      </div>
    </li>
  );
}
