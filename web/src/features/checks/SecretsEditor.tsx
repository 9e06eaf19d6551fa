import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldHint } from './FieldHint.tsx';
import type { Draft, SecretRow } from './form.ts';
import { StoredSecret } from './StoredSecret.tsx';

interface Props {
  id: string;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  /** Names the check has stored (editing). */
  stored: readonly string[];
  /** ${NAME}s the config uses that no secret provides yet. */
  missing: readonly string[];
  problem: string | null;
}

/**
 * Credentials stay out of the config: it says ${NAME}, and the value goes here, stored sealed
 * and never shown again. Stored secrets can be replaced or removed; new ones added as rows.
 */
export function SecretsEditor({ id, draft: d, set, stored, missing, problem }: Props) {
  const { t } = useTranslation();
  const nextKey = useRef(1);
  const rows = d.secrets;

  const setRow = (key: number, patch: Partial<SecretRow>) => set({ secrets: rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const addRow = (name = '') => {
    const key = nextKey.current++;
    set({ secrets: [...rows, { key, name, value: '' }] });
    // Focus the field to type next: the value when the name is known.
    requestAnimationFrame(() => document.getElementById(`${id}-secret-${key}-${name ? 'value' : 'name'}`)?.focus());
  };

  return (
    <fieldset className="form-section" aria-describedby={`${id}-secrets-hint`}>
      <legend>{t('checkForm.secrets')}</legend>
      <FieldHint id={`${id}-secrets-hint`} hint={t('checkForm.secretsHint')} problem={problem} />
      {stored.length > 0 && (
        <ul className="secret-list">
          {stored.map((name) => (
            <StoredSecret
              key={name}
              id={id}
              name={name}
              replacement={d.replace[name]}
              removed={d.remove.includes(name)}
              onReplace={(value) => {
                const { [name]: _, ...rest } = d.replace;
                set({ replace: value === undefined ? rest : { ...rest, [name]: value } });
              }}
              onRemove={(removed) => set({ remove: removed ? [...d.remove, name] : d.remove.filter((n) => n !== name) })}
            />
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <ul className="secret-list">
          {rows.map((r) => (
            <li key={r.key} className="secret-row secret-row-new" data-testid="new-secret">
              <input
                id={`${id}-secret-${r.key}-name`}
                aria-label={t('checkForm.secretName')}
                placeholder={t('checkForm.secretNamePlaceholder')}
                value={r.name}
                maxLength={64}
                autoCapitalize="characters"
                spellCheck={false}
                onChange={(e) => setRow(r.key, { name: e.target.value.toUpperCase() })}
                className="code-input"
              />
              <input
                id={`${id}-secret-${r.key}-value`}
                type="password"
                autoComplete="new-password"
                aria-label={t('checkForm.secretValueFor', { name: r.name || t('checkForm.secretName') })}
                placeholder={t('checkForm.secretValue')}
                value={r.value}
                maxLength={8192}
                onChange={(e) => setRow(r.key, { value: e.target.value })}
              />
              <button type="button" className="button button-small" onClick={() => set({ secrets: rows.filter((x) => x.key !== r.key) })} aria-label={t('checkForm.removeRowNamed', { name: r.name || t('checkForm.secretName') })}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {missing.map((name) => (
          <button key={name} type="button" className="button button-small button-primary" onClick={() => addRow(name)}>
            {t('checkForm.addNamedSecret', { name })}
          </button>
        ))}
        <button type="button" className="button button-small" onClick={() => addRow()}>
          {t('checkForm.addSecret')}
        </button>
      </div>
    </fieldset>
  );
}
