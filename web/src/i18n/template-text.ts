import { useTranslation } from 'react-i18next';

type Kind = 'phase' | 'phaseLabel' | 'section';

/**
 * Titles of the built-in template's phases and sections in the UI language. Templates are data:
 * a key we have no translation for (a workspace's own section, say) shows the template's own text.
 */
export function useTemplateText() {
  const { t, i18n } = useTranslation();
  return (kind: Kind, key: string, fallback: string): string => {
    const path = `templateText.${kind}.${key}`;
    return i18n.exists(path) ? (t as (k: string) => string)(path) : fallback;
  };
}
