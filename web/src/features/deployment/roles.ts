import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deployment } from '../../api/types.ts';

const NO_ROLES: Deployment['roles'] = [];

/**
 * Names from the deployment's pinned template (sent with the deployment, so client users,
 * who cannot read templates, see them too), translated where the UI knows the key:
 * role titles ("Solutions Architect" → "Arsitek Solusi") and success-criteria groups;
 * and the version's roles themselves (each vendor- or client-side).
 */
export function useTemplateNames(d: Pick<Deployment, 'roles' | 'criteriaGroups'> | undefined) {
  const { t } = useTranslation();
  const roleTitle = useCallback(
    (key: string) => t(`roles.${key}`, { defaultValue: d?.roles.find((r) => r.key === key)?.title ?? key }),
    [t, d],
  );
  const criteriaGroupTitle = useCallback(
    (key: string) => t(`criteria.groups.${key}`, { defaultValue: d?.criteriaGroups.find((g) => g.key === key)?.title ?? key }),
    [t, d],
  );
  return { roleTitle, criteriaGroupTitle, roles: d?.roles ?? NO_ROLES };
}
