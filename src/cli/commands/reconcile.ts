import fs from 'node:fs';
import type { Command } from 'commander';
import type { Mapping } from '../../modules/migration/engine/mapping.ts';
import { DEFAULT_TARGET_SCHEMA } from '../../modules/migration/engine/target/ddl.ts';
import { contextOf } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { table } from '../output.ts';

/**
 * `golive reconcile <file…>`: re-reads legacy POS exports and compares them with what was loaded
 * into the target database, per outlet × business day and per transaction (docs/migration.md,
 * "Reconciliation"). Runs here, no server needed. Exit 0 when they match, 1 on any difference,
 * 2 on bad input (a file, a mapping, the target).
 */
export function registerReconcileCommand(program: Command) {
  program
    .command('reconcile <file...>')
    .description('Compare source exports with the rows loaded into the target database; see docs/migration.md')
    .option('--target <url>', 'target PostgreSQL URL (env GOLIVE_IMPORT_TARGET_URL)')
    .option('--schema <name>', 'the target schema the files were loaded into', DEFAULT_TARGET_SCHEMA)
    .option('--profile <name>', 'built-in mapping for every file: moka, pawoon or majoo')
    .option('--mapping <file>', 'mapping file (JSON) for every file; a file may name its own as <file>=<mapping or profile>')
    .addHelpText('after', '\nExample: golive reconcile moka-mei.csv pawoon-mei.csv=./pawoon-kn.json --mapping ./moka-kn.json --target postgres://…/pos')
    .action(async (args: string[], o: { target?: string; schema: string; profile?: string; mapping?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      if (o.profile && o.mapping) throw usageError('Give --profile or --mapping, not both.');
      const url = o.target ?? process.env.GOLIVE_IMPORT_TARGET_URL;
      if (!url) throw usageError('Name the target database with --target postgres://… (or set GOLIVE_IMPORT_TARGET_URL).');
      // Loaded on demand: the other commands start without the migration engine.
      const { MigrationInputError } = await import('../../modules/migration/engine/errors.ts');
      const { loadMapping } = await import('../../modules/migration/engine/profiles.ts');
      const { reconcile } = await import('../../modules/migration/engine/reconcile/reconcile.ts');
      const { renderReport } = await import('../../modules/migration/engine/reconcile/report.ts');
      const shared = o.mapping ?? o.profile;
      let report;
      try {
        const loaded = new Map<string, Mapping>();
        const mappingOf = (ref: string) => {
          let m = loaded.get(ref);
          if (!m) loaded.set(ref, (m = loadMapping(ref)));
          return m;
        };
        const files = args.map((arg) => {
          const { path, mapping } = fileArgument(arg);
          const ref = mapping ?? shared;
          if (!ref) throw usageError(`No mapping for ${path}: give --profile (moka, pawoon, majoo) or --mapping <file>, or write it as ${path}=<mapping>.`);
          return { path, mapping: mappingOf(ref) };
        });
        report = await reconcile({ files, target: { url, schema: o.schema } });
      } catch (e) {
        // The CLI prints one line: a mapping's list of problems is joined, not cut.
        if (e instanceof MigrationInputError) throw new CliError(e.message.replace(/:?\n\s*/g, '; '), EXIT.usage, { code: e.code });
        throw e;
      }
      ctx.out.result(report, () => renderReport(report, table));
      if (!report.ok) process.exitCode = EXIT.checkFailed;
    });
}

/** `path` or `path=mapping` (a path that exists as written wins, so a file name may hold "="). */
function fileArgument(arg: string): { path: string; mapping?: string } {
  const at = arg.lastIndexOf('=');
  if (at <= 0 || fs.existsSync(arg)) return { path: arg };
  return { path: arg.slice(0, at), mapping: arg.slice(at + 1) };
}
