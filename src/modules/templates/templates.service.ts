import type { Db } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { requirePermission } from '../../auth/require.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isoNow } from '../../lib/present.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { TemplateDocument } from './template.schema.ts';
import { documentHash, parseTemplate, toYaml, validateTemplate } from './template.loader.ts';
import { flattenTemplate } from './template.validate.ts';
import * as repo from './templates.repo.ts';
import type { TemplateRow } from './templates.repo.ts';

export type TemplatesService = ReturnType<typeof createTemplatesService>;

/** Template documents are immutable per row once published, so they can be cached by id. */
const documentCache = new Map<string, TemplateDocument>();

export function createTemplatesService({ db }: { db: Db }) {
  function docOf(row: TemplateRow): TemplateDocument {
    let doc = documentCache.get(row.id);
    if (!doc) {
      doc = row.document as TemplateDocument;
      if (row.status === 'published') documentCache.set(row.id, doc);
    }
    return doc;
  }

  async function find(actor: Actor, key: string, version?: number): Promise<TemplateRow> {
    const row = await repo.findVersion(db, actor.workspaceId, key, version);
    if (!row) throw notFound(version ? `Template ${key} version ${version}` : `Template ${key}`);
    return row;
  }

  async function addVersion(actor: Actor, doc: TemplateDocument, status: 'draft' | 'published', action: string) {
    return db.transaction(async (tx) => {
      const version = await repo.nextVersion(tx, actor.workspaceId, doc.key);
      const stored = { ...doc, version };
      const id = newId();
      await repo.insert(tx, {
        id,
        workspaceId: actor.workspaceId,
        key: doc.key,
        version,
        name: doc.name,
        status,
        document: stored,
        documentHash: documentHash(stored),
        createdBy: actor.userId,
      });
      await recordAudit(tx, actor, { action, subjectType: 'template', subjectId: id, data: { key: doc.key, version } });
      return present((await repo.findById(tx, id))!, stored);
    });
  }

  function present(row: TemplateRow, doc = docOf(row)) {
    const flat = flattenTemplate(doc);
    return {
      id: row.id,
      key: row.key,
      version: row.version,
      name: row.name,
      status: row.status,
      builtin: row.workspaceId === null,
      itemCount: flat.filter((f) => f.kind === 'item').length,
      criteriaCount: flat.filter((f) => f.kind === 'criterion').length,
      createdAt: isoNow(row.createdAt),
      document: doc,
    };
  }

  return {
    /** Built-in templates from templates/*.yaml become rows at start; a changed built-in needs a new version. */
    async installBuiltins(docs: TemplateDocument[]) {
      for (const doc of docs) {
        const hash = documentHash(doc);
        await db.transaction(async (tx) => {
          const existing = await repo.findBuiltin(tx, doc.key, doc.version);
          if (!existing) {
            await repo.insert(tx, { id: newId(), workspaceId: null, key: doc.key, version: doc.version, name: doc.name, status: 'published', document: doc, documentHash: hash });
          } else if (existing.documentHash !== hash) {
            if (await repo.isUsed(tx, existing.id)) {
              throw new Error(`built-in template ${doc.key} v${doc.version} changed but deployments use it: give the change a new version`);
            }
            documentCache.delete(existing.id);
            await repo.update(tx, existing.id, { document: doc, documentHash: hash, name: doc.name });
          }
        });
      }
    },

    async list(actor: Actor) {
      requirePermission(actor, 'template.read');
      const rows = await repo.listVisible(db, actor.workspaceId);
      return rows.map(({ workspaceId, createdAt, ...r }) => ({ ...r, builtin: workspaceId === null, createdAt: isoNow(createdAt) }));
    },

    async get(actor: Actor, key: string, version?: number) {
      requirePermission(actor, 'template.read');
      return present(await find(actor, key, version));
    },

    /** The pinned document of a deployment's template (no permission: the caller holds deployment access). */
    async documentById(id: string): Promise<TemplateDocument> {
      const cached = documentCache.get(id);
      if (cached) return cached;
      const row = await repo.findById(db, id);
      if (!row) throw notFound('The template');
      return docOf(row);
    },

    /** The latest published version, for a new deployment. */
    async resolveForDeployment(actor: Actor, key: string, version?: number) {
      const row = await repo.findVersion(db, actor.workspaceId, key, version, true);
      if (!row) throw new AppError('unprocessable', `No published template "${key}"${version ? ` version ${version}` : ''}. List them with GET /api/v1/templates.`);
      return { id: row.id, key: row.key, version: row.version, document: docOf(row) };
    },

    /** Copies a version into the workspace as the next version, a draft to edit. */
    async copy(actor: Actor, key: string, version?: number) {
      requirePermission(actor, 'template.manage');
      const source = await find(actor, key, version);
      return addVersion(actor, docOf(source), 'draft', 'template.copy');
    },

    /** Replaces a draft's document: add, remove and reorder sections and items. */
    async updateDraft(actor: Actor, key: string, version: number, document: unknown) {
      requirePermission(actor, 'template.manage');
      const row = await find(actor, key, version);
      if (row.workspaceId !== actor.workspaceId || row.status !== 'draft') {
        throw new AppError('conflict', `Template ${key} v${version} is published and cannot change. Copy it into a new version first.`);
      }
      const doc = validateTemplate(document);
      if (doc.key !== key) throw new AppError('unprocessable', `The document's key (${doc.key}) must stay ${key}.`);
      const stored = { ...doc, version };
      return db.transaction(async (tx) => {
        await repo.update(tx, row.id, { document: stored, documentHash: documentHash(stored), name: stored.name });
        await recordAudit(tx, actor, { action: 'template.update', subjectType: 'template', subjectId: row.id, data: { key, version } });
        return present((await repo.findById(tx, row.id))!, stored);
      });
    },

    async publish(actor: Actor, key: string, version: number) {
      requirePermission(actor, 'template.manage');
      const row = await find(actor, key, version);
      if (row.workspaceId !== actor.workspaceId) throw new AppError('conflict', 'Built-in templates are already published.');
      if (row.status === 'published') return present(row);
      return db.transaction(async (tx) => {
        await repo.update(tx, row.id, { status: 'published' });
        await recordAudit(tx, actor, { action: 'template.publish', subjectType: 'template', subjectId: row.id, data: { key, version } });
        return present((await repo.findById(tx, row.id))!);
      });
    },

    async exportYaml(actor: Actor, key: string, version?: number): Promise<string> {
      requirePermission(actor, 'template.read');
      return toYaml(docOf(await find(actor, key, version)));
    },

    /** Imports YAML (or JSON) as the next version of its key in this workspace. */
    async importYaml(actor: Actor, text: string, opts: { draft?: boolean | undefined }) {
      requirePermission(actor, 'template.manage');
      return addVersion(actor, parseTemplate(text), opts.draft ? 'draft' : 'published', 'template.import');
    },
  };
}
