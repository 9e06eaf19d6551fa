import fs from 'node:fs';
import type { Command } from 'commander';
import type { Availability, Check, CheckList, CheckRun } from '../api-types.ts';
import type { ApiClient } from '../http.ts';
import { contextOf } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { fields, fmtInstant, table, truncate } from '../output.ts';
import { path, resolveDeploymentId, shortId } from './resolve.ts';

/**
 * `golive checks`: the checks and monitors of a deployment on the server — list, show (with
 * availability), run now (waits, exit 1 when it fails), and apply a checks file (the format
 * `golive verify` runs) so a file kept in the client's repository is the source of truth.
 */
const checksPath = (id: string, rest = '') => `${path.deployment(id)}/checks${rest}`;
const every = (s: number | null) => (s === null ? 'on demand' : s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);
const pct = (p: number | null | undefined) => (p === null || p === undefined ? '' : `${p.toFixed(p >= 99.95 && p < 100 ? 3 : 2)}%`);
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

function listTable(list: CheckList): string {
  if (!list.items.length) return 'No checks. Add some with `golive checks apply <deployment> checks.yaml`.';
  const s = list.summary;
  return `${table(
    ['id', 'name', 'kind', 'item', 'every', 'last', 'state', 'uptime 24 h', 'uptime 30 d', 'last run'],
    list.items.map((c) => [shortId(c.id), c.name, c.kind, c.itemKey ?? '', every(c.intervalSeconds), c.lastRun?.status.toUpperCase() ?? '—', c.state?.state ?? '', pct(c.uptime?.day), pct(c.uptime?.month), fmtInstant(c.lastRun?.at)]),
  )}\n${s.total} checks, ${s.monitors} monitors: ${s.up} up, ${s.down} down, ${s.unknown} unknown; ${s.failing} failing`;
}

/** A check by full id, id prefix, or exact name. */
async function resolveCheck(api: ApiClient, deploymentId: string, ref: string): Promise<Check> {
  const { items } = await api.get<CheckList>(checksPath(deploymentId));
  const matches = items.filter((c) => c.id === ref || c.name === ref || (ref.length >= 4 && c.id.startsWith(ref.toLowerCase())));
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new CliError(`This deployment has no check "${ref}".`, EXIT.usage, { code: 'not_found', hint: '`golive checks list <deployment>` shows them.' });
  throw new CliError(`"${ref}" matches ${matches.length} checks; give more of the id.`, EXIT.usage, { code: 'ambiguous' });
}

const runLine = (r: CheckRun) => `${r.status?.toUpperCase() ?? 'QUEUED'} in ${r.durationMs ?? '?'} ms: ${r.message ?? ''}`;

export function registerCheckCommands(program: Command) {
  const group = program.command('checks').alias('check').description('Checks and monitors of a deployment: list, show, run, apply a checks file');

  group
    .command('list <deployment>')
    .description('Checks with their last result, monitor state and uptime')
    .action(async (deployment: string, _o: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const api = ctx.api();
      const list = await api.get<CheckList>(checksPath(await resolveDeploymentId(api, deployment)));
      ctx.out.result(list, () => listTable(list));
    });

  group
    .command('show <deployment> <check>')
    .description('One check (by name or id), its recent runs, and for a monitor its availability')
    .option('--hours <n>', 'the availability window', '24')
    .action(async (deployment: string, ref: string, o: { hours: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const api = ctx.api();
      const hours = Number(o.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 9600) throw usageError('--hours takes a whole number from 1 to 9600.');
      const id = await resolveDeploymentId(api, deployment);
      const check = await resolveCheck(api, id, ref);
      const [runs, availability] = await Promise.all([
        api.get<{ items: CheckRun[] }>(checksPath(id, `/${check.id}/runs`), { limit: 10 }),
        check.intervalSeconds ? api.get<Availability>(checksPath(id, `/${check.id}/availability`), { hours }) : Promise.resolve(null),
      ]);
      ctx.out.result({ check, availability, runs: runs.items }, () => {
        const a = availability;
        const head = fields([
          ['Check', `${check.name} (${check.id})`],
          ['Kind', check.kind],
          ['Proves', check.itemKey ? `${check.itemKey} (on pass: ${check.onPass})` : '(no item)'],
          ['Runs', every(check.intervalSeconds) + (check.enabled ? '' : ', paused')],
          ['Last', check.lastRun ? `${check.lastRun.status.toUpperCase()} at ${fmtInstant(check.lastRun.at)}: ${check.lastRun.message}` : 'never run'],
          ...(a
            ? ([
                [`Uptime (${hours} h)`, `${pct(a.uptimePercent) || 'no data'}; down ${minutes(a.downMs)}, unknown ${minutes(a.unknownMs)}, maintenance ${minutes(a.maintenanceMs)}; ${a.incidents} incidents`],
                ['Error budget', a.slo.budgetLeftPercent === null ? 'no data' : `${a.slo.budgetLeftPercent.toFixed(1)}% left of ${minutes(a.slo.budgetMs)} (SLO ${a.slo.targetPercent}%)`],
                ['Latency', `p50 ${a.latency.p50 ?? '—'} ms, p95 ${a.latency.p95 ?? '—'} ms over ${a.latency.runs} runs${a.latency.approximate ? ' (estimated from hourly roll-ups)' : ''}`],
              ] as [string, string][])
            : []),
        ]);
        const recent = table(['run', 'when', 'trigger', 'status', 'result'], runs.items.map((r) => [r.id, fmtInstant(r.finishedAt ?? r.slotAt), r.trigger, r.status?.toUpperCase() ?? 'queued', truncate(r.message ?? '', 80)]));
        return `${head}\n\n${recent}`;
      });
    });

  group
    .command('run <deployment> <check>')
    .description('Run a check now on the server and wait for its result (exit 1 when it fails or cannot run)')
    .option('--no-wait', 'queue the run and return at once')
    .option('--timeout <seconds>', 'how long to wait for a worker', '120')
    .action(async (deployment: string, ref: string, o: { wait: boolean; timeout: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const api = ctx.api();
      const id = await resolveDeploymentId(api, deployment);
      const check = await resolveCheck(api, id, ref);
      let run = await api.json<CheckRun>('POST', checksPath(id, `/${check.id}/runs`));
      const deadline = Date.now() + Number(o.timeout) * 1000;
      while (o.wait && !run.status) {
        if (Date.now() > deadline) throw new CliError(`No worker finished the run within ${o.timeout} s.`, EXIT.unavailable, { code: 'timeout', hint: 'Is a worker running (`golive serve`, or `golive worker` with DATABASE_URL)?' });
        await new Promise((r) => setTimeout(r, 500));
        run = await api.get<CheckRun>(checksPath(id, `/${check.id}/runs/${run.id}`));
      }
      ctx.out.result(run, () => `${check.name}: ${runLine(run)}`);
      if (run.status === 'fail' || run.status === 'error') process.exitCode = EXIT.checkFailed;
    });

  group
    .command('apply <deployment> <file>')
    .description('Create or update the deployment’s checks from a checks file (the `golive verify` format); ${NAME} values come from the environment and are stored as sealed secrets')
    .option('--dry-run', 'say what would change, change nothing')
    .action(async (deployment: string, file: string, o: { dryRun?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { parseVerifyFile, VerifyFileError } = await import('../../modules/checks/verify-file.ts');
      const { referencedNames } = await import('../../modules/checks/interpolate.ts');
      let checks;
      try {
        checks = parseVerifyFile(fs.readFileSync(file, 'utf8'), null).checks;
      } catch (e) {
        if (e instanceof VerifyFileError) throw usageError(`${file} is not a valid checks file: ${e.message}.`, 'See docs/checks.md for the format.');
        throw usageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
      }
      const secretsOf = (config: unknown) =>
        Object.fromEntries(
          [...referencedNames(config)].map((name) => {
            const value = process.env[name];
            if (value === undefined) throw usageError(`${file} uses \${${name}}, but ${name} is not set in the environment.`);
            return [name, value];
          }),
        );
      const api = ctx.api();
      const id = await resolveDeploymentId(api, deployment);
      const existing = new Map((await api.get<CheckList>(checksPath(id))).items.map((c) => [c.name, c]));
      const results: { name: string; action: 'created' | 'updated' | 'would create' | 'would update'; id: string | null }[] = [];
      for (const c of checks) {
        const body = { itemKey: c.item ?? null, config: c.config, timeoutMs: c.timeoutMs ?? null, intervalSeconds: c.intervalSeconds ?? null, onPass: c.onPass ?? 'evidence', criterion: c.criterion ?? null, secrets: secretsOf(c.config) };
        const found = existing.get(c.name);
        if (o.dryRun) {
          results.push({ name: c.name, action: found ? 'would update' : 'would create', id: found?.id ?? null });
        } else if (found) {
          if (found.kind !== c.kind) throw usageError(`The check "${c.name}" exists as a ${found.kind} check; the file says ${c.kind}.`, 'Rename it in the file, or delete the old check first.');
          await api.json<Check>('PATCH', checksPath(id, `/${found.id}`), { json: body });
          results.push({ name: c.name, action: 'updated', id: found.id });
        } else {
          const created = await api.json<Check>('POST', checksPath(id), { json: { ...body, name: c.name, kind: c.kind } });
          results.push({ name: c.name, action: 'created', id: created.id });
        }
      }
      ctx.out.result({ checks: results }, () => table(['check', 'action', 'id'], results.map((r) => [r.name, r.action, r.id ? shortId(r.id) : ''])));
    });
}
