import { ApiError } from '../api/client.ts';

/**
 * The body fields a refused request names: from a 400's validation issues, plus the field a
 * form knows a conflict is about (a taken email, a taken name). Used to mark inputs invalid.
 */
export function invalidFields(error: unknown, conflictField?: string): ReadonlySet<string> {
  const fields = new Set<string>();
  if (!(error instanceof ApiError)) return fields;
  if (error.code === 'validation_failed') {
    const issues = (error.details as { issues?: { in?: string; path?: string }[] } | undefined)?.issues ?? [];
    for (const issue of issues) if (issue.in === 'body' && issue.path) fields.add(issue.path.split('.')[0]!);
  }
  if (error.code === 'conflict' && conflictField) fields.add(conflictField);
  return fields;
}
