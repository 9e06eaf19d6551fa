import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

/** EN / ID toggle; the choice is kept in localStorage and sets <html lang>. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lng: Language) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          aria-pressed={i18n.language === lng}
          title={t(`language.${lng}`)}
          onClick={() => void setLanguage(lng)}
        >
          {lng.toUpperCase()}
          <span className="visually-hidden"> – {t(`language.${lng}`)}</span>
        </button>
      ))}
    </div>
  );
}
