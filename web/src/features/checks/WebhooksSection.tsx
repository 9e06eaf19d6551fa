import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoveWebhook, useWebhooks } from '../../api/monitors.ts';
import type { Webhook } from '../../api/types.ts';
import { LiveMessage, QueryView } from '../../ui/Status.tsx';
import { SectionCard } from '../../ui/SectionCard.tsx';
import { removalFor } from '../../ui/removal.ts';
import { WebhookForm } from './WebhookForm.tsx';
import { WebhookRow } from './WebhookRow.tsx';

/** Where monitor alerts go: signed POSTs when a monitor goes down or comes back up (for those with check.manage). */
export function WebhooksSection({ deploymentId }: { deploymentId: string }) {
  const { t } = useTranslation();
  const webhooks = useWebhooks(deploymentId);
  const remove = useRemoveWebhook(deploymentId);
  const [removed, setRemoved] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const removal = removalFor(remove, (w: Webhook) => w.id, (w) => {
    setRemoved(t('webhooks.removed', { url: w.url }));
    heading.current?.focus();
  });

  return (
    <SectionCard id="webhooks" title={t('webhooks.title')} intro={t('webhooks.intro')} headingRef={heading} testId="webhooks">
      <QueryView query={webhooks}>
        {(list) =>
          list.length ? (
            <ul className="plain-list">
              {list.map((w) => (
                <WebhookRow key={w.id} deploymentId={deploymentId} webhook={w} removal={removal(w)} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t('webhooks.none')}</p>
          )
        }
      </QueryView>
      <LiveMessage message={removed} />
      <WebhookForm deploymentId={deploymentId} />
    </SectionCard>
  );
}
