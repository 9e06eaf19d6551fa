import fs from 'node:fs';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { EXIT, usageError } from '../errors.ts';
import { table, truncate } from '../output.ts';

/**
 * `golive verify <file>`: runs a file of checks here, no server needed. Exit 0 when every
 * check passes (warnings included), 1 when any fails or cannot run, 2 when the file is bad.
 */
export function registerVerifyCommand(program: Command) {
  program
    .command('verify <file>')
    .description('Run a file of checks (TLS, DNS, HTTP, …) without a server; see docs/checks.md')
    .option('--concurrency <n>', 'checks run at once', '4')
    .action(async (file: string, o: { concurrency: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const concurrency = Number(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw usageError('--concurrency takes a whole number from 1 to 64.');
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw usageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
      }
      // Loaded on demand: the other commands start without the check kinds' libraries.
      const { parseVerifyFile, VerifyFileError } = await import('../../modules/checks/verify-file.ts');
      const { verifyChecks } = await import('../../modules/checks/verify.ts');
      let report;
      try {
        report = await verifyChecks(parseVerifyFile(text), { concurrency });
      } catch (e) {
        if (e instanceof VerifyFileError) throw usageError(`${file} is not a valid checks file: ${e.message}.`, 'See docs/checks.md for the format.');
        throw e;
      }
      ctx.out.result(report, () => {
        const rows = report.checks.map((c) => [c.status.toUpperCase(), c.name, c.item ?? '', c.kind, `${c.durationMs} ms`, truncate(c.message, 80)]);
        const c = report.counts;
        return `${table(['Status', 'Check', 'Item', 'Kind', 'Time', 'Result'], rows)}\n${c.pass} passed, ${c.warn} warned, ${c.fail} failed, ${c.error} could not run`;
      });
      if (report.status === 'fail' || report.status === 'error') {
        process.exitCode = EXIT.checkFailed;
      }
    });
}

