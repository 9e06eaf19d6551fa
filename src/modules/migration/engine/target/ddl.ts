import type pg from 'pg';
import { MigrationInputError } from '../errors.ts';

/**
 * The target schema (docs/migration.md, "Target schema"): created idempotently in a schema the
 * user names, in the target PostgreSQL database. Money is bigint sen, quantities bigint
 * thousandths. The reconcile reads it; the product shows it.
 *
 * No foreign keys: the importer writes an outlet, a transaction and its lines in one database
 * transaction, so they cannot dangle; a key check per inserted row (each one a
 * row lock on the parent) measured about 40% of the time of the lines insert.
 */

export const DEFAULT_TARGET_SCHEMA = 'legacy_pos';

/** A schema name we can quote safely and the user can type again: letters, digits, underscore. */
export function checkSchemaName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new MigrationInputError('bad_option', `"${name}" is not a usable schema name: use letters, digits and underscores (at most 63), not starting with a digit, e.g. legacy_pos.`);
  }
  return name;
}

/** A quoted identifier (the name is checked first, so quoting cannot be escaped). */
export const ident = (name: string): string => `"${checkSchemaName(name)}"`;

/** The same lock id for every importer of this target schema: DDL and batches of one source system serialise on it. */
export const DDL_LOCK = 'golive-import-ddl';

export function targetDdl(schema: string): string {
  const s = ident(schema);
  return `
create schema if not exists ${s};
create table if not exists ${s}.outlets (
  code text primary key,
  name text not null
);
create table if not exists ${s}.products (
  source_system text not null,
  product_key text not null,
  name text not null,
  category text,
  primary key (source_system, product_key)
);
create table if not exists ${s}.transactions (
  source_system text not null,
  source_id text not null,
  kind text not null check (kind in ('sale', 'refund', 'void')),
  original_source_id text,
  outlet_code text not null,
  occurred_at timestamptz not null,
  business_date date not null,
  gross_sen bigint not null default 0,
  discount_sen bigint not null default 0,
  tax_sen bigint not null default 0,
  service_charge_sen bigint not null default 0,
  rounding_sen bigint not null default 0,
  net_sen bigint not null default 0,
  line_count int not null default 0,
  primary key (source_system, source_id, kind)
);
-- No (outlet_code, business_date) index: reconcile reads whole tables, and it cost every import
-- ~8% of PostgreSQL's time (a target made before keeps none either).
drop index if exists ${s}.transactions_outlet_day;
create table if not exists ${s}.lines (
  source_system text not null,
  source_id text not null,
  kind text not null,
  line_no int not null,
  item text not null,
  product_key text not null,
  qty_milli bigint not null,
  unit_price_sen bigint,
  gross_sen bigint not null,
  discount_sen bigint not null,
  tax_sen bigint not null,
  service_charge_sen bigint not null,
  rounding_sen bigint not null,
  net_sen bigint not null,
  payment_method text not null,
  payment_method_raw text not null,
  source_file text not null,
  source_row int not null,
  import_run_id uuid not null,
  primary key (source_system, source_id, kind, line_no)
);
-- Targets made before the loader stopped storing a per-row hash (reconcile never read it). Looked
-- up first: ALTER TABLE locks the table out even when there is nothing to drop.
do $$ begin
  if exists (select 1 from pg_attribute where attrelid = '${s}.lines'::regclass and attname = 'row_hash' and not attisdropped) then
    alter table ${s}.lines drop column row_hash;
  end if;
end $$;
-- Payments are what the lines say: each line's net under its normalised method, summed per
-- transaction. A view, not a table (docs/adr/0010): nothing to keep in step with the lines and
-- nothing more for an import to write (the table was 638k rows and a four-column key on 1M lines,
-- a fifth of PostgreSQL's work). A target made before has the table replaced; it held nothing else.
do $$ begin
  if exists (select 1 from pg_class where oid = to_regclass('${s}.payments') and relkind = 'r') then
    drop table ${s}.payments;
  end if;
  if to_regclass('${s}.payments') is null then
    create view ${s}.payments as
      select source_system, source_id, kind, payment_method as method, sum(net_sen)::bigint as amount_sen
      from ${s}.lines group by source_system, source_id, kind, payment_method;
  end if;
end $$;
create table if not exists ${s}.import_runs (
  id uuid primary key,
  file_sha256 text not null,
  file_name text not null,
  source_system text not null,
  environment text not null check (environment in ('staging', 'production')),
  deployment_id text,
  dry_run boolean not null default false,
  status text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  rows_read bigint not null default 0,
  rows_loaded bigint not null default 0,
  rows_rejected bigint not null default 0,
  rows_skipped bigint not null default 0,
  rows_already_loaded bigint not null default 0,
  rejects_by_reason jsonb not null default '{}'
);
create index if not exists import_runs_file on ${s}.import_runs (file_sha256, started_at);
create table if not exists ${s}.import_checkpoints (
  file_sha256 text not null,
  source_system text not null,
  run_id uuid not null,
  end_offset bigint not null,
  source_row int not null,
  rows_committed bigint not null,
  rows_rejected bigint not null,
  rejects_bytes bigint not null,
  state jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (file_sha256, source_system)
);
`;
}

/**
 * Creates the schema and tables when missing. Two importers starting at once serialise on an
 * advisory lock: concurrent `create … if not exists` can otherwise fail on the catalog.
 */
export async function ensureTargetSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const ddl = targetDdl(schema);
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [DDL_LOCK]);
    await client.query(ddl);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  }
}

/** Whether the target schema's tables exist (a dry run reads them only when they do). */
export async function targetExists(client: pg.ClientBase, schema: string): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [`${ident(schema)}.lines`]);
  return Boolean(r.rows[0]?.ok);
}
