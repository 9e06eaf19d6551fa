import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useTemplate } from '../../api/templates.ts';

/**
 * Names from the deployment's template version, translated where the UI knows the key:
 * role titles ("Solutions Architect" → "Arsitek Solusi") and success-criteria groups.
 */
export function useTemplateNames(d: { templateKey: string; templateVersion: number } | undefined) {
  const { t } = useTranslation();
  const template = useTemplate(d?.templateKey, d?.templateVersion);
  const doc = template.data?.document;
  const roleTitle = useCallback(
    (key: string) => t(`roles.${key}`, { defaultValue: doc?.roles.find((r) => r.key === key)?.title ?? key }),
    [t, doc],
  );
  const criteriaGroupTitle = useCallback(
    (key: string) => t(`criteria.groups.${key}`, { defaultValue: doc?.criteria.find((g) => g.key === key)?.title ?? key }),
    [t, doc],
  );
  return { roleTitle, criteriaGroupTitle };
}
