import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import id from './id.json' with { type: 'json' };

export const LANGUAGES = ['en', 'id'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'golive.language';

const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled; fall through to the browser's preference.
  }
  return navigator.language.toLowerCase().startsWith('id') ? 'id' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, id: { translation: id } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
});

document.documentElement.lang = i18n.language;

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
});

export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : 'en');
export const setLanguage = (lng: Language) => i18n.changeLanguage(lng);

export default i18n;

/**
 * Both languages have exactly the same keys, checked by the compiler: a string added to
 * one file and forgotten in the other fails `tsc`. (Indonesian has no singular form, so
 * its `_one` keys repeat the `_other` text.)
 */
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export const resourcesMatch: [Shape<typeof en>, Shape<typeof id>] = [id, en];
