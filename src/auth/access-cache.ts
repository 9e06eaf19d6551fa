import type { Actor, DeploymentAccess } from './actor.ts';

/**
 * In-process caches for the two lookups every request makes: who a credential belongs to,
 * and an actor's standing in a deployment (with the deployment's revision). Entries live
 * at most `ttlMs` (1 s by default), so a change made by another process — a revoked token,
 * a new member, an edited item — is seen within that time; a change made by this process
 * is seen at once, because the service that made it forgets the entries after commit.
 * Loads are single-flight: when an entry expires under load, the requests that miss together
 * share one query instead of sending a burst of identical queries to the database.
 */
export type CachedActor = Omit<Actor, 'requestId'> & { credentialId: string };

interface Entry<V> {
  value: Promise<V | undefined>;
  at: number;
}

export type AccessCache = ReturnType<typeof createAccessCache>;

export function createAccessCache({ ttlMs = 1000, maxEntries = 10_000, now = () => Date.now() } = {}) {
  const actors = new Map<string, Entry<CachedActor>>();
  const deployments = new Map<string, Map<string, Entry<DeploymentAccess>>>();
  let accessEntries = 0;

  function through<V>(map: Map<string, Entry<V>>, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = map.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const entry: Entry<V> = { value: load(), at: now() };
    map.set(key, entry);
    // Misses and failures are not remembered: the next request asks again.
    entry.value.then(
      (v) => v === undefined && map.get(key) === entry && map.delete(key),
      () => map.get(key) === entry && map.delete(key),
    );
    return entry.value;
  }

  return {
    actor(credentialKey: string, load: () => Promise<CachedActor | undefined>) {
      if (actors.size >= maxEntries) actors.clear();
      return through(actors, credentialKey, load);
    },
    /** A revoked token: forget every entry that came from it. */
    async forgetCredential(credentialId: string) {
      for (const [k, e] of actors) if ((await e.value.catch(() => undefined))?.credentialId === credentialId) actors.delete(k);
    },
    /** An ended session (keyed by its hash). */
    forgetCredentialKey(credentialKey: string) {
      actors.delete(credentialKey);
    },

    access(deploymentId: string, userId: string, load: () => Promise<DeploymentAccess | undefined>) {
      if (accessEntries >= maxEntries) {
        deployments.clear();
        accessEntries = 0;
      }
      let byUser = deployments.get(deploymentId);
      if (!byUser) deployments.set(deploymentId, (byUser = new Map()));
      if (!byUser.has(userId)) accessEntries++;
      return through(byUser, userId, load);
    },
    /** Something under the deployment changed (items, team, schedule): its revision moved on. */
    forgetDeployment(deploymentId: string) {
      accessEntries -= deployments.get(deploymentId)?.size ?? 0;
      deployments.delete(deploymentId);
    },
  };
}
