import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCheckKinds } from '../../api/checks.ts';
import { isApiError } from '../../api/client.ts';
import type { Check, CheckKind, Deployment, Item } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { QueryView } from '../../ui/Status.tsx';
import { BasicsFields } from './BasicsFields.tsx';
import { ConfigEditor } from './ConfigEditor.tsx';
import { CriterionFields } from './CriterionFields.tsx';
import { draftOf, newDraft, problemsOf, referencedSecrets, secretNamesAfter, type Draft, type Problem } from './form.ts';
import { exampleText } from './kinds.ts';
import { fieldProblem } from './problems.ts';
import { ScheduleFields } from './ScheduleFields.tsx';
import { SecretsEditor } from './SecretsEditor.tsx';

interface Props {
  /** The stored check when editing; a new one otherwise. */
  check?: Check | undefined;
  initialItem?: string | undefined;
  deployment: Deployment | undefined;
  items: Item[] | undefined;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** Called with a draft the form found nothing wrong with; the page turns it into a request. */
  onSubmit: (draft: Draft) => void;
  /** After a version conflict: start again from the latest stored check. */
  onReload?: (() => void) | undefined;
}

const FIELD_INPUT: Record<Problem['field'], string> = { name: 'name', interval: 'every', sloTarget: 'slo', timeout: 'timeout', criterion: 'threshold', config: 'config', secrets: 'secrets-hint' };

/** Create or change a check: what it is, when it runs, its config and its secrets — once the API has said which kinds there are. */
export function CheckForm(props: Props) {
  const kinds = useCheckKinds();
  return <QueryView query={kinds}>{(list) => <KindsForm {...props} kinds={list} />}</QueryView>;
}

function KindsForm({ check, initialItem, deployment, items, submitLabel, pending, error, onSubmit, onReload, kinds }: Props & { kinds: CheckKind[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  // A new check starts as the first kind the API lists.
  const [typed, setDraft] = useState<Draft>(() => (check ? draftOf(check) : newDraft(kinds[0]?.kind ?? '', initialItem)));
  const [tried, setTried] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  // A criterion measure only applies while the check is bound to a success criterion.
  const criterionItem = items?.find((i) => i.key === typed.itemKey)?.kind === 'criterion';
  const draft: Draft = criterionItem ? typed : { ...typed, criterionMeasure: '' };
  const kind = kinds.find((k) => k.kind === draft.kind);
  const stored = check?.secretNames ?? [];
  const problems = problemsOf(draft, kind?.defaultTimeoutMs, stored);
  // The config is checked as it is typed; the rest once a save was tried.
  const shown = tried ? problems : problems.filter((p) => p.field === 'config' && p.key !== 'missingSecrets');
  const problem = (field: Problem['field']) => fieldProblem(shown, field, t, f);
  const missing = referencedSecrets(draft.configText).filter((n) => !secretNamesAfter(draft, stored).includes(n));

  const changeKind = (kind: string) =>
    // A config still as the last example (or empty) follows the kind; one being written does not.
    setDraft((d) => ({ ...d, kind, configText: !d.configText.trim() || d.configText === exampleText(d.kind) ? exampleText(kind) : d.configText }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const first = problems[0];
    if (first) {
      document.getElementById(`${id}-${FIELD_INPUT[first.field]}`)?.focus();
      return;
    }
    onSubmit(draft);
  };

  return (
    <form className="check-form form-stack" onSubmit={submit} noValidate data-testid="check-form">
      <BasicsFields id={id} draft={draft} set={set} kinds={kinds} editing={!!check} deployment={deployment} items={items} nameProblem={problem('name')} onKind={changeKind} />
      <ScheduleFields id={id} draft={draft} set={set} kindTimeoutMs={kind?.defaultTimeoutMs} problems={{ interval: problem('interval'), sloTarget: problem('sloTarget'), timeout: problem('timeout') }} />
      {criterionItem && <CriterionFields id={id} draft={draft} set={set} problem={problem('criterion')} />}
      <ConfigEditor id={id} kind={draft.kind} value={draft.configText} onChange={(configText) => set({ configText })} problem={problem('config')} />
      <SecretsEditor id={id} draft={draft} set={set} stored={stored} missing={missing} problem={problem('secrets')} />
      {tried && problems.length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('checkForm.fixProblems', { count: problems.length })}
        </p>
      )}
      <ErrorNotice error={error} title={isApiError(error, 'version_conflict') ? t('checkForm.versionConflict') : undefined}>
        {isApiError(error, 'version_conflict') && onReload && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              onReload();
              setTried(false);
            }}
          >
            {t('checkForm.reload')}
          </button>
        )}
      </ErrorNotice>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? t('checkForm.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
