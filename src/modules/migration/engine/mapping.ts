import { z } from 'zod';
import { PAYMENT_METHODS } from './types.js';

/**
 * The mapping file: how one export's columns and formats become canonical rows. Users write it
 * as JSON (`golive import inspect` proposes one); docs/schemas/import-mapping.schema.json is
 * generated from this schema. Built-in profiles (moka, pawoon, majoo) are mappings too.
 */

const column = z.string().min(1).max(200).describe('A header of the source file, as written (case and spaces ignored).');

const dateTime = z.union([
  column,
  z.object({ date: column, time: column.optional() }).strict().describe('occurred_at from a date column and a time column.'),
]);

const refundMarker = z
  .object({
    column,
    refund: z.array(z.string().max(100)).max(20).default([]).describe('Values of the column that mark a refund row.'),
    void: z.array(z.string().max(100)).max(20).default([]).describe('Values of the column that mark a void row.'),
  })
  .strict();

export const mappingSchema = z
  .object({
    $schema: z.string().optional(),
    sourceSystem: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/).describe('Names the legacy system (moka, pawoon, majoo, …); part of every row key.'),
    format: z.enum(['csv', 'xlsx']),
    csv: z
      .object({
        delimiter: z.string().min(1).max(2).default(','),
        quote: z.string().length(1).default('"'),
        encoding: z.enum(['utf-8', 'windows-1252']).default('utf-8'),
      })
      .strict()
      .default({ delimiter: ',', quote: '"', encoding: 'utf-8' }),
    xlsx: z.object({ sheet: z.union([z.string().max(100), z.number().int().min(1)]).default(1) }).strict().optional(),
    titleLines: z.number().int().min(0).max(100).default(0).describe('Lines (rows) before the header, skipped.'),
    skipRows: z
      .array(z.object({ column: column.optional(), pattern: z.string().max(200) }).strict())
      .max(20)
      .default([])
      .describe('Rows to skip (not rejects), e.g. a trailing TOTAL line: the regex is tested against the column, or the first cell.'),
    timezone: z.string().max(64).default('Asia/Jakarta').describe('IANA zone of the timestamps in this file (UTC for systems that export UTC).'),
    businessDay: z
      .object({
        timezone: z.string().max(64).default('Asia/Jakarta'),
        cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('00:00').describe('A sale before this local time belongs to the previous business day (late-night outlets).'),
      })
      .strict()
      .default({ timezone: 'Asia/Jakarta', cutoff: '00:00' }),
    dates: z
      .object({
        format: z.string().min(1).max(64).describe('Unicode date-field tokens (d dd M MM MMM MMMM yy yyyy H HH h hh m mm s ss a EEE EEEE); month and day names in Indonesian or English.'),
        timeFormat: z.string().max(64).optional().describe('Format of the time column when occurred_at is {date, time}.'),
      })
      .strict(),
    numbers: z
      .object({
        decimal: z.enum([',', '.']).default('.'),
        thousands: z.enum(['.', ',', ' ', '']).default(','),
        currencyPrefix: z.string().max(8).default('Rp'),
        negative: z.array(z.enum(['minus', 'parentheses', 'trailing-minus'])).min(1).default(['minus']),
        unit: z.enum(['rupiah', 'sen']).default('rupiah').describe('The unit of the amounts in this file.'),
      })
      .strict()
      .default({ decimal: '.', thousands: ',', currencyPrefix: 'Rp', negative: ['minus'], unit: 'rupiah' }),
    amounts: z
      .object({
        netIncludesTaxAndCharges: z.boolean().default(true).describe('false when the file\'s net is before tax and service charge (Moka\'s Net Sales).'),
        toleranceSen: z.number().int().min(0).max(100_000).default(100).describe('totals_mismatch beyond this (default 1 rupiah).'),
      })
      .strict()
      .default({ netIncludesTaxAndCharges: true, toleranceSen: 100 }),
    columns: z
      .object({
        transaction_id: column,
        line_no: column.optional().describe('Absent: the line number is the row order within the transaction.'),
        occurred_at: dateTime,
        outlet: column,
        item: column,
        category: column.optional(),
        sku: column.optional(),
        qty: column,
        unit_price: column.optional(),
        gross: column,
        discount: column.optional(),
        tax: column.optional(),
        service_charge: column.optional(),
        rounding: column.optional(),
        net: column,
        payment_method: column,
        refund_marker: refundMarker.optional(),
        original_transaction_id: column.optional(),
      })
      .strict(),
    transactionIds: z
      .enum(['unique', 'per_outlet'])
      .default('unique')
      .describe('per_outlet: the source numbers receipts per outlet (majoo\'s PB/250505/0001 restarts at each outlet), so the stored source id is "<outlet code>/<id>".'),
    lines: z
      .object({
        repeated: z.enum(['duplicate', 'distinct']).default('duplicate').describe('Without line numbers: is a second identical line in one transaction a duplicate (reject) or a line of its own?'),
      })
      .strict()
      .default({ repeated: 'duplicate' }),
    paymentMethods: z.record(z.string().max(100), z.enum(PAYMENT_METHODS)).default({}).describe('Source payment names (case-insensitive) → normalised method.'),
    outlets: z
      .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), z.object({ name: z.string().max(200).optional(), aliases: z.array(z.string().max(200)).max(50).default([]) }).strict())
      .optional()
      .describe('Outlet codes with the names each system spells them by; when given, any other name is unknown_outlet.'),
  })
  .strict();

export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
