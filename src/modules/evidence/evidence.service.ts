import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isoNow } from '../../lib/present.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { canChangeItem, type Scope } from '../items/items.service.ts';
import * as itemsRepo from '../items/items.repo.ts';
import { bumpRevision } from '../deployments/deployments.repo.ts';
import type { BlobStore } from './blob-store.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import * as repo from './evidence.repo.ts';

export type EvidenceService = ReturnType<typeof createEvidenceService>;

export type EvidenceInput =
  | { kind: 'file'; stream: Readable; fileName: string; note?: string | undefined }
  | { kind: 'link'; url: string; note?: string | undefined }
  | { kind: 'note'; note: string };

export function createEvidenceService({ db, blobs, cache }: { db: Db; blobs: BlobStore; cache: AccessCache }) {
  async function itemForChange(scope: Scope, key: string) {
    const row = await itemsRepo.findItem(db, scope.access.deploymentId, key);
    if (!row) throw notFound(`Item ${key}`);
    if (!canChangeItem(scope, row.item)) {
      throw new AppError('forbidden', `Your role (${scope.access.role ?? 'none'}) can add evidence only to items assigned to you or owned by your role.`);
    }
    return row.item;
  }

  function present(r: Awaited<ReturnType<typeof repo.listEvidence>>[number]) {
    const e = r.evidence;
    return {
      id: e.id,
      kind: e.kind,
      note: e.note,
      url: e.url,
      file: e.blobSha256 ? { sha256: e.blobSha256, name: e.fileName ?? 'file', size: r.size ?? 0, mediaType: r.mediaType ?? 'application/octet-stream' } : null,
      result: e.result as Record<string, unknown> | null,
      createdBy: e.createdBy ? { id: e.createdBy, displayName: r.createdByName ?? '' } : null,
      createdAt: isoNow(e.createdAt),
    };
  }

  return {
    /** Adds evidence; a file is streamed to the content-addressed store before the transaction opens. */
    async add(scope: Scope, key: string, input: EvidenceInput) {
      const item = await itemForChange(scope, key);
      const blob = input.kind === 'file' ? await blobs.save(input.stream) : null;
      const id = newId();
      await db.transaction(async (tx) => {
        if (blob) await repo.insertBlob(tx, blob);
        await repo.insertEvidence(tx, {
          id,
          deploymentId: item.deploymentId,
          itemId: item.id,
          kind: input.kind,
          note: input.note ?? null,
          url: input.kind === 'link' ? input.url : null,
          blobSha256: blob?.sha256 ?? null,
          fileName: input.kind === 'file' ? input.fileName : null,
          createdBy: scope.actor.userId,
        });
        await itemsRepo.appendHistory(tx, {
          deploymentId: item.deploymentId,
          itemId: item.id,
          actorId: scope.actor.userId,
          note: input.note ?? null,
          changes: { evidenceAdded: { id, kind: input.kind, ...(blob ? { sha256: blob.sha256, fileName: input.kind === 'file' ? input.fileName : undefined } : {}), ...(input.kind === 'link' ? { url: input.url } : {}) } },
        });
        await bumpRevision(tx, item.deploymentId);
        await recordAudit(tx, scope.actor, { action: 'evidence.add', subjectType: 'evidence', subjectId: id, deploymentId: item.deploymentId, data: { key, kind: input.kind, sha256: blob?.sha256 } });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      const rows = await repo.listEvidence(db, item.id);
      return present(rows.find((r) => r.evidence.id === id)!);
    },

    async list(scope: Scope, key: string) {
      const row = await itemsRepo.findItem(db, scope.access.deploymentId, key);
      if (!row) throw notFound(`Item ${key}`);
      return (await repo.listEvidence(db, row.item.id)).map(present);
    },

    async download(scope: Scope, evidenceId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(evidenceId)) throw notFound('The evidence');
      const row = await repo.findEvidence(db, scope.access.deploymentId, evidenceId);
      if (!row?.evidence.blobSha256) throw notFound('The evidence file');
      return {
        stream: blobs.openRead(row.evidence.blobSha256),
        fileName: row.evidence.fileName ?? 'evidence',
        mediaType: row.mediaType ?? 'application/octet-stream',
        size: row.size ?? 0,
      };
    },
  };
}
