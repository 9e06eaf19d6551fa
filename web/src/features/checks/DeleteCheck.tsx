import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDeleteCheck } from '../../api/checks.ts';
import type { Check } from '../../api/types.ts';
import { ConfirmAction } from '../../ui/ConfirmAction.tsx';

/** Deleting a check removes its runs and schedule; the evidence it added stays on the item. */
export function DeleteCheck({ deploymentId, check }: { deploymentId: string; check: Check }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteCheck(deploymentId, check.id);
  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('checkForm.deleteTitle')}</h2>
      <p className="muted">{t('checkForm.deleteIntro')}</p>
      <ConfirmAction
        label={t('checkForm.delete')}
        question={t('checkForm.confirmDelete', { name: check.name })}
        confirmLabel={t('checkForm.confirmDeleteButton')}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate({ to: '/deployments/$deploymentId/checks', params: { deploymentId } }) })}
        pending={remove.isPending}
        error={remove.error}
        reset={remove.reset}
      />
    </section>
  );
}
