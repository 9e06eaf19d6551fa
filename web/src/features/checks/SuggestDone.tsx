import { useTranslation } from 'react-i18next';
import { useUpdateItem } from '../../api/items.ts';
import type { Item } from '../../api/types.ts';
import { LiveMessage } from '../../ui/Status.tsx';
import { ItemErrorNotice } from '../items/ItemErrorNotice.tsx';

/** A check bound with "suggest" passed: a person confirms by marking the item done (the usual rules apply). */
export function SuggestDone({ deploymentId, item }: { deploymentId: string; item: Item }) {
  const { t } = useTranslation();
  const update = useUpdateItem(deploymentId, item.key);
  return (
    <div className="notice notice-success" data-testid="suggest-done">
      <p className="notice-title">{t('itemChecks.suggestTitle')}</p>
      {item.canChange ? (
        <button type="button" className="button button-small button-primary" disabled={update.isPending} onClick={() => update.mutate({ state: 'done', version: item.version, note: t('itemChecks.suggestNote') })}>
          {t('itemChecks.suggestAction')}
        </button>
      ) : (
        <p className="notice-detail">{t('itemChecks.suggestCannot')}</p>
      )}
      <ItemErrorNotice error={update.error} deploymentId={deploymentId} reset={update.reset} />
      <LiveMessage message={update.isSuccess ? t('item.savedState', { state: t('state.done') }) : null} />
    </div>
  );
}
