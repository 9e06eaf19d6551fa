import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvidence } from '../../api/evidence.ts';
import type { Item } from '../../api/types.ts';
import { QueryView } from '../../ui/Status.tsx';
import { EvidenceForm } from './EvidenceForm.tsx';
import { EvidenceList } from './EvidenceList.tsx';

/** What proves the item is done: the list, and a form to add a file, a link or a note. */
export function EvidenceSection({ deploymentId, item }: { deploymentId: string; item: Item }) {
  const { t } = useTranslation();
  const evidence = useEvidence(deploymentId, item.key);
  const id = useId();
  return (
    <section className="panel-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t('evidence.title')} <span className="count">({item.evidenceCount})</span>
      </h3>
      <QueryView query={evidence}>{(list) => <EvidenceList deploymentId={deploymentId} evidence={list} />}</QueryView>
      {item.canChange && <EvidenceForm deploymentId={deploymentId} item={item} />}
    </section>
  );
}
