import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../lib/errors.ts';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  requestId: string;
  details?: unknown;
}

// PostgreSQL errors that only bad input can cause; anything else is ours and a 500.
const PG_INPUT_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  '23505': { code: 'conflict', message: 'That already exists.' },
  '23503': { code: 'unprocessable', message: 'A referenced record does not exist.' },
  '22P02': { code: 'bad_request', message: 'A value has the wrong format.' },
  '22001': { code: 'bad_request', message: 'A value is too long.' },
  '22003': { code: 'bad_request', message: 'A number is out of range.' },
  '22007': { code: 'bad_request', message: 'A date or time has the wrong format.' },
  '22008': { code: 'bad_request', message: 'A date or time is out of range.' },
  '22009': { code: 'bad_request', message: 'A date or time is out of range.' },
  '22021': { code: 'bad_request', message: 'A value contains a character that cannot be stored (such as NUL).' },
  '22P05': { code: 'bad_request', message: 'A value contains a character that cannot be stored (such as NUL).' },
};

/** The PostgreSQL SQLSTATE of an error, also when Drizzle wraps the driver's error (DrizzleQueryError.cause). */
function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function fromFastify(err: FastifyError): { code: ErrorCode; message: string } | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return { code: 'payload_too_large', message: 'The request is too large. Send a smaller file or body.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { code: 'unsupported_media_type', message: 'That content type is not accepted here. Send application/json (or multipart/form-data for uploads).' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'bad_request', message: 'A path segment is too long.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad_request', message: 'The JSON body is empty. Send a JSON object.' };
  }
  if (err.statusCode === 429) return { code: 'rate_limited', message: 'Too many requests. Wait a moment and try again.' };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((c) => ERROR_STATUS[c] === err.statusCode) ?? 'bad_request';
    return { code, message: err.message || 'The request is not valid.' };
  }
  return null;
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const send = (code: ErrorCode, message: string, details?: unknown) => {
    const body: ErrorBody = { error: code, message, requestId: String(req.id) };
    if (details !== undefined) body.details = details;
    return reply.code(ERROR_STATUS[code]).type('application/json').send(body);
  };

  if (err instanceof AppError) return send(err.code, err.message, err.details);

  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      in: err.validationContext,
      path: v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.'),
      message: v.message,
    }));
    const first = issues[0];
    const where = first ? `${first.in}${first.path ? `.${first.path}` : ''}` : 'request';
    return send('validation_failed', `Invalid ${where}: ${first?.message ?? 'does not match the schema'}.`, { issues });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
    return send('internal', 'Something went wrong on our side. Try again; if it persists, report the request id.');
  }
  const pg = PG_INPUT_ERRORS[sqlState(err) ?? ''];
  if (pg) return send(pg.code, pg.message);

  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code?.startsWith('FST_ERR_CTP')) {
    const mapped = fromFastify(err);
    if (mapped) return send(mapped.code, mapped.message);
    return send('bad_request', 'The body is not valid JSON.');
  }
  const mapped = fromFastify(err);
  if (mapped) return send(mapped.code, mapped.message);

  req.log.error({ err }, 'unhandled error');
  return send('internal', 'Something went wrong on our side. Try again; if it persists, report the request id.');
}
