import { Option, type Command } from 'commander';
import type { CreateDeploymentBody, Deployment, DeploymentSummary } from '../api-types.ts';
import { contextOf } from '../context.ts';
import { usageError } from '../errors.ts';
import { fields, fmtDate, fmtPercent, table } from '../output.ts';
import { path, resolveDeploymentId, shortId } from './resolve.ts';

const STATUSES = ['planning', 'in_progress', 'live', 'stabilizing', 'handed_off', 'cancelled'] as const satisfies readonly Deployment['status'][];

const health = (h: string | null) => h?.replace('_', ' ') ?? '';

function listTable(items: DeploymentSummary[]): string {
  if (!items.length) return 'No deployments. Create one with `golive deployments create`.';
  return table(
    ['id', 'name', 'client', 'status', 'health', 'progress', 'done/total', 'overdue', 'blocked', 'go-live'],
    items.map((d) => {
      const p = d.progress;
      return [shortId(d.id), d.name, d.clientName, d.status, health(d.health), fmtPercent(p.percent), `${p.done}/${p.total - p.notApplicable}`, p.overdue, p.blocked, fmtDate(d.goLiveOn)];
    }),
  );
}

function showText(d: Deployment): string {
  const p = d.progress;
  const progress = new Map(p.phases.map((ph) => [ph.key, ph]));
  const summary = fields([
    ['Deployment', `${d.name} (${d.id})`],
    ['Client', d.clientName],
    ['Template', `${d.templateKey} v${d.templateVersion}`],
    ['Status', d.status],
    ['Health', health(d.health ?? p.health)],
    ['Kickoff', fmtDate(d.kickoffOn)],
    ['Go-live', fmtDate(d.goLiveOn)],
    ['Progress', `${fmtPercent(p.percent)} (${p.done} done of ${p.total - p.notApplicable}; ${p.inProgress} in progress, ${p.blocked} blocked, ${p.overdue} overdue, ${p.notApplicable} not applicable)`],
    ['Success criteria', `${p.criteria.met} of ${p.criteria.total} met`],
    ['My role', d.myRole ?? '(none)'],
  ]);
  const phases = table(
    ['phase', 'window', 'progress', 'done/total', 'blocked', 'overdue', 'gate'],
    d.phases.map((ph) => {
      const c = progress.get(ph.key);
      const gate = !c ? '' : c.gate.ready ? 'ready' : `${c.gate.open.length} open`;
      return [`${ph.title} (${ph.label})`, `${fmtDate(ph.start)} – ${fmtDate(ph.end)}`, c ? fmtPercent(c.percent) : '', c ? `${c.done}/${c.total - c.notApplicable}` : '', c?.blocked, c?.overdue, gate];
    }),
  );
  return `${summary}\n\n${phases}`;
}

interface CreateOptions {
  name: string;
  client: string;
  kickoff: string;
  template: string;
  templateVersion?: string;
}

function toBody(o: CreateOptions): CreateDeploymentBody {
  const t = Date.parse(`${o.kickoff}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.kickoff) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== o.kickoff) {
    throw usageError(`--kickoff must be a date as YYYY-MM-DD, not ${o.kickoff}.`);
  }
  const body: CreateDeploymentBody = { name: o.name, clientName: o.client, templateKey: o.template, kickoffOn: o.kickoff };
  if (o.templateVersion !== undefined) {
    const v = Number(o.templateVersion);
    if (!Number.isInteger(v) || v < 1) throw usageError(`--template-version must be a whole number from 1, not ${o.templateVersion}.`);
    body.templateVersion = v;
  }
  return body;
}

export function registerDeploymentCommands(program: Command) {
  const group = program.command('deployments').alias('deployment').description('Deployments: list, create, show');

  group
    .command('list')
    .description('The deployments you can see, with progress and health')
    .addOption(new Option('--status <status>', 'only deployments with this status').choices(STATUSES))
    .action(async (opts: { status?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const items = await ctx.api().all<DeploymentSummary>('/api/v1/deployments', { status: opts.status, limit: 200 });
      ctx.out.result(items, () => listTable(items));
    });

  group
    .command('create')
    .description('Create a deployment for a client from a template, scheduled from its kickoff date')
    .requiredOption('--name <name>', 'the deployment name')
    .requiredOption('--client <client>', 'the client organisation (created when new)')
    .requiredOption('--kickoff <date>', 'kickoff (contract signing) date, YYYY-MM-DD')
    .option('--template <key>', 'template key', 'enterprise-deployment')
    .option('--template-version <n>', 'template version (default: latest published)')
    .action(async (opts: CreateOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const body = toBody(opts);
      const d = await ctx.api().json<Deployment>('POST', '/api/v1/deployments', { json: body });
      ctx.out.result(d, () => `Created deployment ${d.id}\n${d.name} for ${d.clientName}: kickoff ${fmtDate(d.kickoffOn)}, go-live ${fmtDate(d.goLiveOn)}, ${d.progress.total} items.`);
    });

  group
    .command('show')
    .description('A deployment: summary and progress per phase with its gate')
    .argument('<id>', 'deployment id (or a unique prefix of it)')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const api = ctx.api();
      const d = await api.get<Deployment>(path.deployment(await resolveDeploymentId(api, ref)));
      ctx.out.result(d, () => showText(d));
    });
}
