import { AppError } from '../../lib/errors.ts';
import { MigrationInputError } from './engine/errors.ts';
import type { Mapping } from './engine/mapping.ts';
import { loadMapping, validateMapping, type ProfileName } from './engine/profiles.ts';

/**
 * What an upload says besides the file: the mapping (a built-in profile by name, or an uploaded
 * mapping file validated as the CLI validates one: schema, date formats, time zones) and the
 * reject limit. Wrong input is a 400 naming what to fix, before the file is stored.
 */
export function resolveMapping(input: { profile?: ProfileName | undefined; mapping?: string | undefined }): { mapping: Mapping; profile: ProfileName | null } {
  try {
    // Only the names the upload schema allows reach loadMapping: a profile is never a path.
    if (input.profile) return { mapping: loadMapping(input.profile), profile: input.profile };
    let doc: unknown;
    try {
      doc = JSON.parse((input.mapping ?? '').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new AppError('validation_failed', `The mapping is not valid JSON (${(e as Error).message}). Start from \`golive import inspect <file>\` or a built-in profile.`);
    }
    return { mapping: validateMapping(doc, 'The uploaded mapping'), profile: null };
  } catch (e) {
    if (e instanceof MigrationInputError) throw new AppError('validation_failed', e.message);
    throw e;
  }
}

/** "100" → at most 100 rejects; "5%" → at most 5% of the rows read. */
export function parseMaxRejects(value: string | undefined): { count: number } | { percent: number } | null {
  if (!value) return null;
  if (value.endsWith('%')) {
    const percent = Number(value.slice(0, -1));
    if (percent > 100) throw new AppError('validation_failed', 'maxRejects as a percentage is at most 100%.');
    return { percent };
  }
  return { count: Number(value) };
}
