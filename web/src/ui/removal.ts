import type { UseMutationResult } from '@tanstack/react-query';

/** What a row needs to offer "Remove" with a confirm step; the mutation (one per list) belongs to its section. */
export interface Removal {
  remove: () => void;
  pending: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * One removal mutation shared by a list's rows: each row sees only its own pending state and
 * error; `onRemoved` runs after the server confirmed (announce it, move focus off the gone row).
 */
export function removalFor<T>(mutation: UseMutationResult<void, Error, string>, idOf: (row: T) => string, onRemoved: (row: T) => void) {
  return (row: T): Removal => {
    const id = idOf(row);
    return {
      remove: () => mutation.mutate(id, { onSuccess: () => onRemoved(row) }),
      pending: mutation.isPending && mutation.variables === id,
      error: mutation.variables === id ? mutation.error : null,
      reset: mutation.reset,
    };
  };
}
