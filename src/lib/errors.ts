/**
 * The closed set of error codes the API answers with. One handler (server/errors.ts)
 * turns an AppError into `{ error, message, requestId, details? }`.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  dependencies_open: 409,
  setup_done: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  evidence_required: 422,
  invalid_transition: 422,
  unprocessable: 422,
  rate_limited: 429,
  not_ready: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

/** Another tenant's resource and a resource that does not exist answer the same. */
export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
