import fs from 'node:fs';
import nodePath from 'node:path';
import type { Command } from 'commander';
import type { Evidence } from '../api-types.ts';
import { contextOf } from '../context.ts';
import { usageError } from '../errors.ts';
import { path, resolveDeploymentId } from './resolve.ts';

interface AddOptions {
  file?: string;
  link?: string;
  note?: string;
}

/** The request body: multipart for a file (note first, then the streamed file), else JSON. */
async function bodyOf(o: AddOptions): Promise<{ form: FormData } | { json: unknown }> {
  if (o.file && o.link) throw usageError('Give either --file or --link, not both.');
  if (o.file) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(o.file);
    } catch {
      throw usageError(`File not found: ${o.file}.`);
    }
    if (!stat.isFile()) throw usageError(`Not a file: ${o.file}.`);
    const form = new FormData();
    if (o.note) form.append('note', o.note);
    // openAsBlob reads the file as the request is sent, so a large file is never held in memory.
    const blob = await fs.openAsBlob(o.file);
    form.append('file', blob as unknown as Blob, nodePath.basename(o.file));
    return { form };
  }
  if (o.link) return { json: { kind: 'link', url: o.link, ...(o.note ? { note: o.note } : {}) } };
  if (o.note) return { json: { kind: 'note', note: o.note } };
  throw usageError('Say what the evidence is.', 'Pass --file <path>, --link <url> or --note <text>.');
}

const describe = (e: Evidence) =>
  e.file ? `file ${e.file.name} (${e.file.size} bytes, sha256 ${e.file.sha256.slice(0, 12)}…)` : e.url ? `link ${e.url}` : `note`;

export function registerEvidenceCommands(program: Command) {
  const group = program.command('evidence').description('Evidence that an item is done');

  group
    .command('add')
    .description('Add a file, a link or a note as evidence to an item')
    .argument('<deployment>', 'deployment id (or a unique prefix of it)')
    .argument('<key>', 'item key')
    .option('--file <path>', 'upload a file')
    .option('--link <url>', 'an http(s) link')
    .option('--note <text>', 'a note (alone, or describing the file or link)')
    .action(async (ref: string, key: string, o: AddOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const body = await bodyOf(o);
      const api = ctx.api();
      const id = await resolveDeploymentId(api, ref);
      const url = `${path.item(id, key)}/evidence`;
      const e =
        'form' in body
          ? await api.json<Evidence>('POST', url, { body: body.form, timeoutMs: 30 * 60_000 })
          : await api.json<Evidence>('POST', url, { json: body.json });
      ctx.out.result(e, () => `Added ${describe(e)} to ${key} (evidence ${e.id}).`);
    });
}
