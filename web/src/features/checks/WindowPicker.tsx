import { useTranslation } from 'react-i18next';
import { WINDOW_KEYS, type WindowKey } from './windows.ts';

/** 24 h · 7 d · 30 d: the window every figure and chart below is read over. */
export function WindowPicker({ value, onChange }: { value: WindowKey; onChange: (w: WindowKey) => void }) {
  const { t } = useTranslation();
  return (
    <div className="filter-toggles" role="group" aria-label={t('checkDetail.window')}>
      {WINDOW_KEYS.map((w) => (
        <button key={w} type="button" className="chip" aria-pressed={value === w} onClick={() => onChange(w)}>
          {t(`checkDetail.windows.${w}`)}
        </button>
      ))}
    </div>
  );
}
