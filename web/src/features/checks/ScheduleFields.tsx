import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { FieldHint } from './FieldHint.tsx';
import { INTERVAL_UNITS, type Draft, type IntervalUnit } from './form.ts';

interface Props {
  id: string;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  /** The kind's default deadline from the API. */
  kindTimeoutMs: number | undefined;
  problems: { interval: string | null; sloTarget: string | null; timeout: string | null };
}

/** On demand, or a monitor every N seconds, minutes or hours (10 s – 24 h) with its SLO and paused or not; the run's deadline. */
export function ScheduleFields({ id, draft: d, set, kindTimeoutMs: defaultTimeout, problems }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <fieldset className="form-section">
      <legend>{t('checkForm.schedule')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('checkForm.schedule')}>
        <label className={!d.monitor ? 'is-selected' : undefined}>
          <input type="radio" name={`${id}-monitor`} checked={!d.monitor} onChange={() => set({ monitor: false })} />
          {t('checks.onDemand')}
        </label>
        <label className={d.monitor ? 'is-selected' : undefined}>
          <input type="radio" name={`${id}-monitor`} checked={d.monitor} onChange={() => set({ monitor: true })} />
          {t('checkForm.monitor')}
        </label>
      </div>
      <div className="form-grid">
        {d.monitor && (
          <div className="field">
            <label htmlFor={`${id}-every`}>{t('checkForm.every')}</label>
            <div className="input-pair">
              <input id={`${id}-every`} type="number" inputMode="numeric" min={1} step={1} required value={d.every} onChange={(e) => set({ every: e.target.value })} aria-invalid={!!problems.interval || undefined} aria-describedby={`${id}-every-hint`} />
              <select aria-label={t('checkForm.unit')} value={d.unit} onChange={(e) => set({ unit: e.target.value as IntervalUnit })}>
                {(Object.keys(INTERVAL_UNITS) as IntervalUnit[]).map((u) => (
                  <option key={u} value={u}>
                    {t(`checkForm.units.${u}`)}
                  </option>
                ))}
              </select>
            </div>
            <FieldHint id={`${id}-every-hint`} hint={t('checkForm.everyHint')} problem={problems.interval} />
          </div>
        )}
        {d.monitor && (
          <div className="field">
            <label htmlFor={`${id}-slo`}>{t('checkForm.slo')}</label>
            <input id={`${id}-slo`} type="number" inputMode="decimal" min={50} max={99.999} step="any" required value={d.sloTarget} onChange={(e) => set({ sloTarget: e.target.value })} aria-invalid={!!problems.sloTarget || undefined} aria-describedby={`${id}-slo-hint`} />
            <FieldHint id={`${id}-slo-hint`} hint={t('checkForm.sloHint')} problem={problems.sloTarget} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-timeout`}>{t('checkForm.timeoutSeconds')}</label>
          <input
            id={`${id}-timeout`}
            type="number"
            inputMode="decimal"
            min={0.1}
            max={1800}
            step="any"
            value={d.timeoutSeconds}
            placeholder={defaultTimeout ? String(defaultTimeout / 1000) : undefined}
            onChange={(e) => set({ timeoutSeconds: e.target.value })}
            aria-invalid={!!problems.timeout || undefined}
            aria-describedby={`${id}-timeout-hint`}
          />
          <FieldHint id={`${id}-timeout-hint`} hint={defaultTimeout ? t('checkForm.timeoutHint', { duration: f.duration(defaultTimeout) }) : t('checkForm.timeoutKindDefault')} problem={problems.timeout} />
        </div>
      </div>
      {d.monitor && (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} aria-describedby={`${id}-enabled-hint`} />
            {t('checkForm.enabled')}
          </label>
          <p id={`${id}-enabled-hint`} className="hint">
            {t('checkForm.enabledHint')}
          </p>
        </>
      )}
    </fieldset>
  );
}
