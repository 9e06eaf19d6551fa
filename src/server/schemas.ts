import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../lib/errors.ts';

export const errorBody = z
  .object({
    error: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
} as const;

export const uuidParam = z.string().min(1).max(64);
export const deploymentParams = z.object({ id: uuidParam });

export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const isoDate = z.iso.date().describe('A date, YYYY-MM-DD (Asia/Jakarta)');
/**
 * A business date a user may send (kickoff, due date): also bounded, so that schedules
 * computed from it (weeks of offsets, holiday look-ups) stay within what dates.ts handles.
 */
export const INPUT_DATE_RANGE = { min: '2000-01-01', max: '2099-12-31' } as const;
export const inputDate = z.iso
  .date()
  .refine((d) => d >= INPUT_DATE_RANGE.min && d <= INPUT_DATE_RANGE.max, `a date from ${INPUT_DATE_RANGE.min} to ${INPUT_DATE_RANGE.max}`)
  .describe(`A date, YYYY-MM-DD (Asia/Jakarta), from ${INPUT_DATE_RANGE.min} to ${INPUT_DATE_RANGE.max}`);
export const isoDateTime = z.string().describe('An instant, ISO 8601 UTC');

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
