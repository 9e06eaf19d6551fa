import type { TFunction } from 'i18next';
import type { Format } from '../../i18n/format.ts';
import type { Problem } from './form.ts';
import { INTERVAL_MAX_S, INTERVAL_MIN_S, SLO_MAX, SLO_MIN, TIMEOUT_MAX_MS, TIMEOUT_MIN_MS } from './form.ts';

/** A form problem in the user's language. */
export function problemText(p: Problem, t: TFunction, f: Format): string {
  switch (p.field) {
    case 'name':
      return t('checkForm.problem.name');
    case 'interval':
      if (p.key === 'deadline') return t('checkForm.problem.intervalDeadline', { deadline: f.duration(p.deadlineMs) });
      return t('checkForm.problem.interval', { min: INTERVAL_MIN_S, max: INTERVAL_MAX_S / 3600 });
    case 'sloTarget':
      return t('checkForm.problem.slo', { min: SLO_MIN, max: SLO_MAX });
    case 'timeout':
      return t('checkForm.problem.timeout', { min: TIMEOUT_MIN_MS / 1000, max: TIMEOUT_MAX_MS / 60_000 });
    case 'criterion':
      return t(`checkForm.problem.criterion.${p.key}`);
    case 'config':
      if (p.key === 'missingSecrets') return t('checkForm.problem.missingSecrets', { names: p.names.map((n) => `\${${n}}`).join(', '), count: p.names.length });
      if (p.key === 'notObject') return t('checkForm.problem.notObject');
      return p.line ? t('checkForm.problem.jsonAt', { line: p.line, column: p.column }) : t('checkForm.problem.json');
    case 'secrets':
      return t(`checkForm.problem.secret.${p.key}`, { names: p.names.join(', '), count: p.names.length });
  }
}

/** The problems of one field, as one message (or null). */
export function fieldProblem(problems: readonly Problem[], field: Problem['field'], t: TFunction, f: Format): string | null {
  const mine = problems.filter((p) => p.field === field);
  return mine.length ? mine.map((p) => problemText(p, t, f)).join(' ') : null;
}
