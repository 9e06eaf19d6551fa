import { useTranslation } from 'react-i18next';

interface Props {
  id: string;
  name: string;
  /** The new value being typed, or undefined when the stored one is kept. */
  replacement: string | undefined;
  removed: boolean;
  onReplace: (value: string | undefined) => void;
  onRemove: (removed: boolean) => void;
}

/** A secret the check already has: its name only (values are write-only), to replace or remove. */
export function StoredSecret({ id, name, replacement, removed, onReplace, onRemove }: Props) {
  const { t } = useTranslation();
  const replacing = replacement !== undefined;
  return (
    <li className={removed ? 'secret-row is-removed' : 'secret-row'} data-testid="stored-secret">
      <code className="secret-name">{name}</code>
      {removed ? (
        <span className="hint">{t('checkForm.secretWillBeRemoved')}</span>
      ) : replacing ? (
        <input
          id={`${id}-replace-${name}`}
          type="password"
          autoComplete="new-password"
          aria-label={t('checkForm.secretNewValue', { name })}
          value={replacement}
          maxLength={8192}
          onChange={(e) => onReplace(e.target.value)}
        />
      ) : (
        <span className="hint">{t('checkForm.secretStored')}</span>
      )}
      <span className="button-row">
        {!removed && (
          <button type="button" className="button button-small" onClick={() => onReplace(replacing ? undefined : '')} aria-label={t(replacing ? 'checkForm.keepValueNamed' : 'checkForm.replaceNamed', { name })}>
            {replacing ? t('checkForm.keepValue') : t('checkForm.replace')}
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => onRemove(!removed)} aria-label={t(removed ? 'checkForm.keepNamed' : 'checkForm.removeNamed', { name })}>
          {removed ? t('checkForm.keep') : t('common.remove')}
        </button>
      </span>
    </li>
  );
}
