import fs from 'node:fs';
import type { Command } from 'commander';
import type { Template, TemplateSummary } from '../api-types.ts';
import { contextOf } from '../context.ts';
import { usageError } from '../errors.ts';
import { fmtDate, table } from '../output.ts';

const MAX_IMPORT_BYTES = 1024 * 1024;
const templatePath = (key: string) => `/api/v1/templates/${encodeURIComponent(key)}`;

function versionOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--version must be a whole number from 1, not ${v}.`);
  return n;
}

function readImport(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw usageError(`File not found: ${file}.`);
  }
  if (!stat.isFile()) throw usageError(`Not a file: ${file}.`);
  if (stat.size > MAX_IMPORT_BYTES) throw usageError(`${file} is ${stat.size} bytes; a template may be at most 1 MiB.`);
  return fs.readFileSync(file, 'utf8');
}

export function registerTemplateCommands(program: Command) {
  const group = program.command('template').alias('templates').description('Checklist templates: list, export as YAML, import');

  group
    .command('list')
    .description('Templates: built-in and this workspace’s versions')
    .action(async (_o: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items } = await ctx.api().get<{ items: TemplateSummary[] }>('/api/v1/templates');
      ctx.out.result(items, () =>
        table(['key', 'version', 'name', 'status', 'built-in', 'created'], items.map((t) => [t.key, t.version, t.name, t.status, t.builtin ? 'yes' : '', fmtDate(t.createdAt)])),
      );
    });

  group
    .command('export')
    .description('A template as YAML, to stdout or a file (with --json: the document as JSON)')
    .argument('<key>', 'template key, e.g. enterprise-deployment')
    .option('--version <n>', 'a version (default: the latest)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (key: string, o: { version?: string; out?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const version = versionOf(o.version);
      const res = await ctx.api().request('GET', `${templatePath(key)}/export`, { query: { version }, headers: { accept: 'application/yaml' } });
      const text = await res.text();
      if (o.out) {
        try {
          fs.writeFileSync(o.out, text);
        } catch (err) {
          throw usageError(`Cannot write ${o.out}: ${(err as Error).message}.`);
        }
        ctx.out.result({ key, version: version ?? null, out: o.out, bytes: Buffer.byteLength(text) }, () => `Wrote ${key} to ${o.out}.`);
        return;
      }
      const document: unknown = ctx.out.json ? (await import('yaml')).parse(text) : null;
      ctx.out.result(document, () => text);
    });

  group
    .command('import')
    .description('Import a template file (YAML or JSON) as the next version of its key')
    .argument('<file>', 'the template file')
    .option('--draft', 'import as a draft (not usable by deployments until published)')
    .action(async (file: string, o: { draft?: boolean }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const text = readImport(file);
      const t = await ctx.api().json<Template>('POST', '/api/v1/templates/import', {
        body: text,
        headers: { 'content-type': 'application/yaml' },
        query: { draft: o.draft ? 'true' : undefined },
      });
      const { document: _document, ...summary } = t;
      ctx.out.result(summary, () => `Imported ${t.key} v${t.version} (${t.status}): ${t.itemCount} items, ${t.criteriaCount} success criteria.`);
    });
}
