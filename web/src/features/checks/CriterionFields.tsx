import { useTranslation } from 'react-i18next';
import { CRITERION_MEASURES, type CriterionMeasure } from '../../api/types.ts';
import { FieldHint } from './FieldHint.tsx';
import type { Draft } from './form.ts';

interface Props {
  id: string;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  problem: string | null;
}

/**
 * For a check bound to a success criterion: what its monitoring measures over the criterion's
 * window (uptime, mean latency, or passing throughout) and the threshold, instead of one pass.
 */
export function CriterionFields({ id, draft: d, set, problem }: Props) {
  const { t } = useTranslation();
  const measure = d.criterionMeasure;
  return (
    <fieldset className="form-section">
      <legend>{t('checkForm.criterion.title')}</legend>
      <p className="hint">{t('checkForm.criterion.intro')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-measure`}>{t('checkForm.criterion.measure')}</label>
          <select id={`${id}-measure`} value={measure} onChange={(e) => set({ criterionMeasure: e.target.value as CriterionMeasure | '', criterionThreshold: '' })}>
            <option value="">{t('checkForm.criterion.none')}</option>
            {CRITERION_MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`criterion.measure.${m}`)}
              </option>
            ))}
          </select>
        </div>
        {measure && (
          <div className="field">
            <label htmlFor={`${id}-threshold`}>{t(`checkForm.criterion.threshold.${measure}`)}</label>
            <input
              id={`${id}-threshold`}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              value={d.criterionThreshold}
              onChange={(e) => set({ criterionThreshold: e.target.value })}
              aria-invalid={!!problem || undefined}
              aria-describedby={`${id}-threshold-hint`}
            />
            <FieldHint id={`${id}-threshold-hint`} hint={t(`checkForm.criterion.thresholdHint.${measure}`)} problem={problem} />
          </div>
        )}
      </div>
    </fieldset>
  );
}
