import { SecretBoxError } from '../../lib/secret-box.ts';
import { AppError } from '../../lib/errors.ts';
import { TargetRefused } from '../checks/target-guard.ts';
import { MigrationInputError } from './engine/errors.ts';
import { TargetNotAllowed } from './import-target.ts';

/**
 * Problems a person fixes (the file, the mapping, the target, a changed instance key): a run
 * that meets one fails with its message at once. Anything else may be passing (the database,
 * a worker) and is retried.
 */
export const isUserProblem = (e: unknown): boolean =>
  e instanceof MigrationInputError || e instanceof TargetRefused || e instanceof TargetNotAllowed || e instanceof SecretBoxError || e instanceof AppError;
