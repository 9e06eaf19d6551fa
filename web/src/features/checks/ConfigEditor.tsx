import { useTranslation } from 'react-i18next';
import { FieldHint } from './FieldHint.tsx';
import { exampleText } from './kinds.ts';

interface Props {
  id: string;
  kind: string;
  value: string;
  onChange: (text: string) => void;
  /** What is wrong with the JSON, checked as it is typed. */
  problem: string | null;
}

/** The kind's config as JSON, checked as it is typed, with the kind's example one click away. */
export function ConfigEditor({ id, kind, value, onChange, problem }: Props) {
  const { t } = useTranslation();
  const example = exampleText(kind);
  return (
    <fieldset className="form-section">
      <legend>{t('checkForm.config')}</legend>
      <div className="field">
        <label htmlFor={`${id}-config`}>{t('checkForm.configLabel', { kind })}</label>
        <textarea
          id={`${id}-config`}
          className="code-input"
          rows={Math.min(24, Math.max(8, value.split('\n').length + 1))}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!problem || undefined}
          aria-describedby={`${id}-config-hint`}
          data-testid="config-editor"
        />
        <FieldHint id={`${id}-config-hint`} hint={t('checkForm.configHint')} problem={problem} />
      </div>
      <div className="button-row">
        <button type="button" className="button button-small" disabled={value === example} onClick={() => onChange(example)}>
          {t('checkForm.useExample')}
        </button>
        <span className="hint">{t('checkForm.docsHint')}</span>
      </div>
    </fieldset>
  );
}
