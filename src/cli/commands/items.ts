import { Argument, Option, type Command } from 'commander';
import type { HistoryEntry, Item, ItemState, PatchItemBody } from '../api-types.ts';
import { contextOf } from '../context.ts';
import { usageError, withHint } from '../errors.ts';
import { fields, fmtDate, fmtInstant, table, truncate } from '../output.ts';
import { path, resolveDeploymentId } from './resolve.ts';

const STATES = ['todo', 'in_progress', 'blocked', 'done', 'not_applicable'] as const satisfies readonly ItemState[];

interface ListOptions {
  phase?: string;
  section?: string;
  state?: string;
  mine?: boolean;
  overdue?: boolean;
  kind?: 'item' | 'criterion';
}

const owner = (i: Item) => i.assignee?.displayName ?? i.ownerRole;

function listTable(items: Item[]): string {
  if (!items.length) return 'No items match.';
  return table(
    ['key', 'state', 'title', 'owner', 'due', 'overdue', 'evidence'],
    items.map((i) => [i.key, i.state, truncate(i.title, 60), owner(i), fmtDate(i.dueEnd), i.overdue ? 'OVERDUE' : '', i.evidenceCount]),
  );
}

function showText(i: Item, history: HistoryEntry[]): string {
  const head = fields([
    ['Item', `${i.key} (${i.kind}, version ${i.version})`],
    ['Title', i.title],
    ['Done means', i.done],
    ['State', `${i.state}${i.reason ? ` (${i.reason})` : ''}`],
    ['Owner', `${i.ownerRole}${i.assignee ? `, assigned to ${i.assignee.displayName}` : ''}`],
    ['Due', `${fmtDate(i.dueStart)} – ${fmtDate(i.dueEnd)}${i.overdue ? ' OVERDUE' : ''}`],
    ['Evidence', `${i.evidenceCount} (accepts ${i.evidenceKinds.join(', ') || 'none needed'})`],
    ['Depends on', i.dependsOn.join(', ') || '–'],
    ...(i.target ? [['Target', i.target] as [string, string]] : []),
  ]);
  if (!history.length) return `${head}\n\nNo history yet.`;
  const rows = history.map((h) => [
    fmtInstant(h.at),
    h.actor?.displayName ?? 'system',
    h.from || h.to ? `${h.from ?? ''} → ${h.to ?? ''}` : '',
    truncate([h.note, h.changes ? Object.keys(h.changes).join(', ') : null].filter(Boolean).join(' · '), 70),
  ]);
  return `${head}\n\n${table(['when', 'who', 'state', 'note / change'], rows)}`;
}

function patchBody(state: ItemState, o: { note?: string; reason?: string; version?: string }): PatchItemBody {
  if ((state === 'blocked' || state === 'not_applicable') && !o.reason) throw usageError(`Marking an item ${state} needs --reason.`);
  const body: PatchItemBody = { state };
  if (o.note !== undefined) body.note = o.note;
  if (o.reason !== undefined) body.reason = o.reason;
  if (o.version !== undefined) {
    const v = Number(o.version);
    if (!Number.isInteger(v) || v < 1) throw usageError(`--version must be a whole number from 1, not ${o.version}.`);
    body.version = v;
  }
  return body;
}

function checkStates(list: string | undefined): string | undefined {
  if (list === undefined) return undefined;
  const bad = list.split(',').filter((s) => !(STATES as readonly string[]).includes(s));
  if (bad.length) throw usageError(`Unknown state ${bad.join(', ')}; states are ${STATES.join(', ')}.`);
  return list;
}

export function registerItemCommands(program: Command) {
  const group = program.command('items').alias('item').description('Checklist items and success criteria of a deployment');

  group
    .command('list')
    .description('Items in checklist order, with filters')
    .argument('<deployment>', 'deployment id (or a unique prefix of it)')
    .option('--phase <phase>', 'only this phase (e.g. pre-deployment)')
    .option('--section <section>', 'only this section (e.g. security-setup)')
    .option('--state <states>', `only these states, comma-separated (${STATES.join(', ')})`)
    .option('--mine', 'only items assigned to me')
    .option('--overdue', 'only overdue items')
    .addOption(new Option('--kind <kind>', 'checklist items or success criteria').choices(['item', 'criterion']))
    .action(async (ref: string, o: ListOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const api = ctx.api();
      const id = await resolveDeploymentId(api, ref);
      const items = await api.all<Item>(`${path.deployment(id)}/items`, {
        phase: o.phase,
        section: o.section,
        state: checkStates(o.state),
        mine: o.mine ? 'true' : undefined,
        overdue: o.overdue ? 'true' : undefined,
        kind: o.kind,
        limit: 500,
      });
      ctx.out.result(items, () => listTable(items));
    });

  group
    .command('set')
    .description('Change the state of an item (done may need evidence; blocked and not_applicable need --reason)')
    .argument('<deployment>', 'deployment id (or a unique prefix of it)')
    .argument('<key>', 'item key, e.g. security-setup.3')
    .addArgument(new Argument('<state>', 'the new state').choices(STATES))
    .option('--note <text>', 'a note for the history (counts as evidence where the item accepts a note)')
    .option('--reason <text>', 'why (needed for blocked and not_applicable)')
    .option('--version <n>', 'the version you looked at; refused if the item changed since')
    .action(async (ref: string, key: string, state: ItemState, o: { note?: string; reason?: string; version?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const body = patchBody(state, o);
      const api = ctx.api();
      const id = await resolveDeploymentId(api, ref);
      const item = await api.json<Item>('PATCH', path.item(id, key), { json: body }).catch((err: unknown) => {
        const hinted = withHint(err, 'version_conflict', `See \`golive items show ${ref} ${key}\`, then retry with its --version.`);
        throw withHint(hinted, 'evidence_required', `Add evidence first: \`golive evidence add ${ref} ${key} --file <path>\` (or --link <url>, --note <text>).`);
      });
      ctx.out.result(item, () => `${item.key} is now ${item.state} (version ${item.version}).`);
    });

  group
    .command('show')
    .description('One item with its history')
    .argument('<deployment>', 'deployment id (or a unique prefix of it)')
    .argument('<key>', 'item key')
    .action(async (ref: string, key: string, _o: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const api = ctx.api();
      const id = await resolveDeploymentId(api, ref);
      const [item, history] = await Promise.all([
        api.get<Item>(path.item(id, key)),
        api.all<HistoryEntry>(`${path.item(id, key)}/history`, { limit: 200 }),
      ]);
      ctx.out.result({ ...item, history }, () => showText(item, history));
    });
}
