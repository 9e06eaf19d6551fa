import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { blobs, evidence, users } from '../../db/schema.ts';

export type EvidenceRow = typeof evidence.$inferSelect;

export async function insertEvidence(tx: DbOrTx, row: typeof evidence.$inferInsert) {
  await tx.insert(evidence).values(row);
}

export async function insertBlob(tx: DbOrTx, row: typeof blobs.$inferInsert) {
  await tx.insert(blobs).values(row).onConflictDoNothing();
}

export function listEvidence(tx: DbOrTx, itemId: string) {
  return tx
    .select({ evidence, size: blobs.size, mediaType: blobs.mediaType, createdByName: users.displayName })
    .from(evidence)
    .leftJoin(blobs, eq(blobs.sha256, evidence.blobSha256))
    .leftJoin(users, eq(users.id, evidence.createdBy))
    .where(eq(evidence.itemId, itemId))
    .orderBy(desc(evidence.createdAt));
}

export async function findEvidence(tx: DbOrTx, deploymentId: string, id: string) {
  const [row] = await tx
    .select({ evidence, size: blobs.size, mediaType: blobs.mediaType })
    .from(evidence)
    .leftJoin(blobs, eq(blobs.sha256, evidence.blobSha256))
    .where(and(eq(evidence.id, id), eq(evidence.deploymentId, deploymentId)))
    .limit(1);
  return row;
}
