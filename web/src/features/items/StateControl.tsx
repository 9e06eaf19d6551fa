import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateItem } from '../../api/items.ts';
import { ITEM_STATES, type Item, type ItemState } from '../../api/types.ts';
import { LiveMessage } from '../../ui/Status.tsx';
import { ItemErrorNotice } from './ItemErrorNotice.tsx';

const NEEDS_REASON: ReadonlySet<ItemState> = new Set(['blocked', 'not_applicable']);

/**
 * One button per state the item can move to, and one text box: a reason for blocked and
 * not applicable, an optional note otherwise. The loaded version guards against
 * overwriting someone else's change.
 */
export function StateControl({ deploymentId, item }: { deploymentId: string; item: Item }) {
  const { t } = useTranslation();
  const update = useUpdateItem(deploymentId, item.key);
  const [text, setText] = useState('');
  const [missingReason, setMissingReason] = useState<ItemState | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  if (!item.canChange) {
    return (
      <section className="panel-section" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t('item.changeState')}</h3>
        <p className="muted">{t('item.cannotChange')}</p>
      </section>
    );
  }

  const change = (to: ItemState) => {
    setSaved(null);
    const value = text.trim();
    if (NEEDS_REASON.has(to) && !value) {
      setMissingReason(to);
      textRef.current?.focus();
      return;
    }
    setMissingReason(null);
    const words = NEEDS_REASON.has(to) ? { reason: value } : value ? { note: value } : {};
    update.mutate(
      { state: to, version: item.version, ...words },
      {
        onSuccess: (next) => {
          setText('');
          setSaved(t('item.savedState', { state: t(`state.${next.state}`) }));
        },
      },
    );
  };

  return (
    <section className="panel-section state-control" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('item.changeState')}</h3>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('item.noteOrReason')}</label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          rows={2}
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={missingReason ? true : undefined}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className={missingReason ? 'hint text-danger' : 'hint'}>
          {missingReason ? t('item.reasonMissing', { state: t(`state.${missingReason}`) }) : t('item.noteHint')}
        </p>
      </div>
      <div className="button-row">
        {ITEM_STATES.filter((s) => s !== item.state).map((s) => (
          <button key={s} type="button" className={s === 'done' ? 'button button-primary' : 'button'} disabled={update.isPending} onClick={() => change(s)}>
            {t(`item.action.${s}`)}
          </button>
        ))}
      </div>
      <ItemErrorNotice error={update.error} deploymentId={deploymentId} reset={update.reset} />
      <LiveMessage message={saved} />
    </section>
  );
}
