import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { AppError } from '../../lib/errors.ts';
import { canonicalHash } from '../../lib/canonical-hash.ts';
import { templateDocument, type TemplateDocument } from './template.schema.ts';
import { templateProblems } from './template.validate.ts';

export const BUILTIN_TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Parses and validates a template from YAML or JSON text; throws a 400 naming every problem. */
export function parseTemplate(text: string): TemplateDocument {
  if (text.length > MAX_TEMPLATE_BYTES) throw new AppError('payload_too_large', 'A template file is at most 1 MiB.');
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new AppError('bad_request', `The template is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateTemplate(raw);
}

export function validateTemplate(raw: unknown): TemplateDocument {
  const parsed = templateDocument.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('validation_failed', `The template is not valid: ${issues[0]?.path} ${issues[0]?.message}`, { issues });
  }
  const problems = templateProblems(parsed.data);
  if (problems.length) {
    throw new AppError('validation_failed', `The template is not valid: ${problems[0]}`, {
      issues: problems.map((message) => ({ path: '', message })),
    });
  }
  return parsed.data;
}

/** A stable hash of a document: same content, same hash, whatever the key order in the file. */
export function documentHash(doc: TemplateDocument): string {
  return canonicalHash(doc);
}

export function toYaml(doc: TemplateDocument): string {
  return YAML.stringify(doc, { lineWidth: 0 });
}

export function loadBuiltinTemplates(dir = BUILTIN_TEMPLATES_DIR): TemplateDocument[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      try {
        return parseTemplate(fs.readFileSync(path.join(dir, f), 'utf8'));
      } catch (e) {
        const details = e instanceof AppError ? JSON.stringify(e.details) : '';
        throw new Error(`built-in template ${f} is invalid: ${(e as Error).message} ${details}`);
      }
    });
}
