import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { fields, table } from '../output.ts';
import type { ImportOptions, ImportProgress, ImportResult } from '../../modules/migration/engine/import.ts';

/**
 * `golive import <file>`: loads a legacy POS export into a PostgreSQL target, here, no Golive
 * server needed (docs/migration.md, "golive import"). Exit 0 when the file was loaded (rejects
 * or not: they are listed and in the rejects file), 1 when --max-rejects stopped it, 2 for input
 * the engine cannot use (file, mapping, options, target). `golive import inspect <file>` proposes
 * a mapping to edit.
 */

interface ImportFlags {
  target?: string;
  schema: string;
  profile?: string;
  mapping?: string;
  env: string;
  deployment?: string;
  rejects?: string;
  batchSize: string;
  maxRejects?: string;
  resume?: boolean;
  dryRun?: boolean;
}

export function registerImportCommands(program: Command) {
  const cmd = program
    .command('import')
    .description('Import a legacy POS export (Moka, Pawoon, majoo, or any CSV/XLSX with a mapping) into PostgreSQL; see docs/migration.md')
    .argument('<file>', 'the export: CSV or XLSX')
    .option('--target <url>', 'target PostgreSQL URL (env GOLIVE_IMPORT_TARGET_URL)')
    .option('--schema <name>', 'schema in the target for the imported tables', 'legacy_pos')
    .option('--profile <name>', 'a built-in mapping: moka, pawoon or majoo')
    .option('--mapping <file.json>', 'a mapping file (golive import inspect proposes one)')
    .option('--env <env>', 'label of the run: staging or production', 'staging')
    .option('--deployment <id>', 'the Golive deployment this run belongs to')
    .option('--rejects <path>', 'rejects CSV (default: <file>.rejects.csv)')
    .option('--batch-size <n>', 'rows per batch (one transaction each)', '10000')
    .option('--max-rejects <N|P%>', 'stop, with what is valid committed, after more than N rejects (or P% of rows read)')
    .option('--resume', 'continue from the checkpoint of this file')
    .option('--dry-run', 'validate and report duplicates against the target without writing to it')
    .addHelpText('after', '\nExit codes: 0 loaded (rejects listed), 1 stopped by --max-rejects, 2 bad input (file, mapping, options, target).')
    .action(async (file: string, o: ImportFlags, c: Command) => {
      const ctx = contextOf(c);
      const options = await importOptions(file, o);
      const { runImport } = await import('../../modules/migration/engine/import.ts');
      const progress = progressReporter(ctx.out.json);
      let result: ImportResult;
      try {
        result = await runImport({ ...options, onProgress: progress.update });
      } catch (e) {
        throw await asCliError(e);
      } finally {
        progress.stop();
      }
      if (!ctx.out.json && result.noCheckpoint) process.stderr.write('No checkpoint for this file: loaded it from the start.\n');
      ctx.out.result({ ...result, rejectsPath: options.rejectsPath }, () => describe(result, options.rejectsPath));
      if (result.status === 'stopped_max_rejects') process.exitCode = EXIT.checkFailed;
    });

  cmd
    .command('inspect <file>')
    .description('Sniff an export (format, encoding, delimiter, title lines, header) and print a proposed mapping to edit')
    .action(async (file: string, _o: unknown, c: Command) => {
      const ctx = contextOf(c);
      const { inspect } = await import('../../modules/migration/engine/inspect.ts');
      let proposal: Awaited<ReturnType<typeof inspect>>;
      try {
        proposal = await inspect(file);
      } catch (e) {
        throw await asCliError(e);
      }
      // The mapping JSON either way: it is the thing to save and edit.
      process.stdout.write(`${JSON.stringify(ctx.out.json ? proposal : proposal.mapping, null, 2)}\n`);
    });
}

async function importOptions(file: string, o: ImportFlags): Promise<ImportOptions> {
  const url = o.target ?? process.env.GOLIVE_IMPORT_TARGET_URL;
  if (!url) throw usageError('No target database.', 'Pass --target postgres://user@host:5432/db (or set GOLIVE_IMPORT_TARGET_URL).');
  if (Boolean(o.profile) === Boolean(o.mapping)) throw usageError('Give exactly one of --profile (moka, pawoon, majoo) and --mapping <file.json>.', 'See `golive import inspect <file>` to propose a mapping.');
  if (o.env !== 'staging' && o.env !== 'production') throw usageError(`--env is staging or production, not "${o.env}".`);
  const batchSize = Number(o.batchSize);
  if (!/^\d+$/.test(o.batchSize) || batchSize < 1 || batchSize > 1_000_000) throw usageError('--batch-size takes a whole number from 1 to 1000000.');
  const { loadMapping } = await import('../../modules/migration/engine/profiles.ts');
  let mapping;
  try {
    mapping = loadMapping((o.profile ?? o.mapping)!);
  } catch (e) {
    throw await asCliError(e);
  }
  return {
    file,
    mapping,
    target: { url, schema: o.schema },
    environment: o.env,
    deploymentId: o.deployment ?? null,
    batchSize,
    maxRejects: parseMaxRejects(o.maxRejects),
    resume: Boolean(o.resume),
    dryRun: Boolean(o.dryRun),
    rejectsPath: o.rejects ?? `${file}.rejects.csv`,
  };
}

export function parseMaxRejects(v: string | undefined): ImportOptions['maxRejects'] {
  if (v === undefined) return null;
  if (/^\d+$/.test(v)) return { count: Number(v) };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
  if (pct && Number(pct[1]) <= 100) return { percent: Number(pct[1]) };
  throw usageError(`--max-rejects takes a number of rows (e.g. 100) or a percentage of rows read (e.g. 2%), not "${v}".`);
}

/** The engine's input errors (and a mapping's zod errors) are the user's to fix: exit 2, one clear message. */
async function asCliError(e: unknown): Promise<unknown> {
  const { MigrationInputError } = await import('../../modules/migration/engine/errors.ts');
  if (e instanceof MigrationInputError) return new CliError(e.message.split('\n').map((l) => l.trim()).filter(Boolean).join(' '), EXIT.usage, { code: e.code });
  if (e instanceof Error && e.name === 'ZodError') return new CliError(`Invalid input: ${e.message.split('\n')[0]}`, EXIT.usage, { code: 'bad_option' });
  return e;
}

function describe(r: ImportResult, rejectsPath: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const head = fields([
    ['Status', r.status],
    ['File sha256', r.fileSha256],
    ['Run', r.runId],
    ['Resumed from', r.resumedFrom ? `row ${n(r.resumedFrom.row)}` : ''],
    ['Rows read', n(r.rowsRead)],
    [r.status === 'dry_run' ? 'Would load' : 'Loaded', n(r.rowsLoaded)],
    ['Already loaded', n(r.rowsAlreadyLoaded)],
    ['Skipped', n(r.rowsSkipped)],
    ['Rejected', n(r.rowsRejected)],
    ['Time', `${(r.durationMs / 1000).toFixed(1)} s (${n(r.rowsPerSecond)} rows/s)`],
  ]);
  const reasons = Object.entries(r.rejectsByReason).sort((a, b) => b[1] - a[1]);
  const rejects = reasons.length ? `\n${table(['Reason', 'Rows'], reasons.map(([k, v]) => [k, n(v)]))}\nRejects: ${rejectsPath}` : '';
  return `${head}${rejects}\n${r.message}`;
}

/** A progress bar on a terminal; a line every few seconds otherwise; nothing with --json. */
function progressReporter(json: boolean): { update: (p: ImportProgress) => void; stop: () => void } {
  if (json) return { update: () => {}, stop: () => {} };
  const eta = (s: number | null) => (s === null ? '?' : s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`);
  const line = (p: ImportProgress) =>
    `${p.rowsRead.toLocaleString('en-US')} rows read, ${p.rowsLoaded.toLocaleString('en-US')} loaded, ${p.rowsRejected.toLocaleString('en-US')} rejected, ${p.rowsPerSecond.toLocaleString('en-US')} rows/s, ETA ${eta(p.etaSeconds)}`;
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(p) {
        const now = Date.now();
        if (now - last < 2000) return;
        last = now;
        process.stderr.write(`progress: ${line(p)}\n`);
      },
      stop() {},
    };
  }
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(p) {
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: '{bar} {percentage}% | {status}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(1000, 0, { status: '' });
      }
      // Bytes of a CSV, rows of an XLSX sheet by its declared size (none declared: the bar stays empty).
      bar.update(Math.round((p.fraction ?? 0) * 1000), { status: line(p) });
    },
    stop() {
      bar?.stop();
    },
  };
}
