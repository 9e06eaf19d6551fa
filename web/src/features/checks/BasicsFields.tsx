import { useTranslation } from 'react-i18next';
import { ON_PASS, type CheckKind, type Deployment, type Item } from '../../api/types.ts';
import { FieldHint } from './FieldHint.tsx';
import type { Draft } from './form.ts';
import { ItemSelect } from './ItemSelect.tsx';

interface Props {
  id: string;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  /** The kinds the API lists. */
  kinds: CheckKind[];
  /** Editing: the kind of a stored check cannot change. */
  editing: boolean;
  deployment: Deployment | undefined;
  items: Item[] | undefined;
  nameProblem: string | null;
  onKind: (kind: string) => void;
}

/** What the check is called, what kind of probe it is (with the server's description of it), which item it proves and what a pass does to it. */
export function BasicsFields({ id, draft: d, set, kinds, editing, deployment, items, nameProblem, onKind }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend>{t('checkForm.basics')}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('checkForm.name')}</label>
          <input id={`${id}-name`} value={d.name} maxLength={200} required onChange={(e) => set({ name: e.target.value })} aria-invalid={!!nameProblem || undefined} aria-describedby={`${id}-name-hint`} placeholder={t('checkForm.namePlaceholder')} />
          <FieldHint id={`${id}-name-hint`} problem={nameProblem} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('checkForm.kind')}</label>
          <select id={`${id}-kind`} value={d.kind} disabled={editing} onChange={(e) => onKind(e.target.value)} aria-describedby={`${id}-kind-hint`}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {t(`checkKinds.${k.kind}`, { defaultValue: k.kind })}
              </option>
            ))}
          </select>
          <FieldHint id={`${id}-kind-hint`} hint={editing ? t('checkForm.kindFixed') : kinds.find((k) => k.kind === d.kind)?.description} problem={null} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-item`}>{t('checkForm.item')}</label>
          <ItemSelect id={`${id}-item`} deployment={deployment} items={items} value={d.itemKey} onChange={(itemKey) => set({ itemKey })} />
          <FieldHint id={`${id}-item-hint`} hint={t('checkForm.itemHint')} problem={null} />
        </div>
      </div>
      <fieldset className="segmented" disabled={!d.itemKey} aria-describedby={`${id}-onpass-hint`}>
        <legend>{t('checkForm.onPass')}</legend>
        {ON_PASS.map((o) => (
          <label key={o} className={d.onPass === o ? 'is-selected' : undefined}>
            <input type="radio" name={`${id}-onpass`} value={o} checked={d.onPass === o} onChange={() => set({ onPass: o })} />
            {t(`checkForm.onPassOption.${o}`)}
          </label>
        ))}
      </fieldset>
      <p id={`${id}-onpass-hint`} className="hint">
        {d.itemKey ? t(`checkForm.onPassHint.${d.onPass}`) : t('checkForm.onPassNoItem')}
      </p>
    </fieldset>
  );
}
