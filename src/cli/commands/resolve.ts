import type { DeploymentSummary } from '../api-types.ts';
import { CliError, EXIT } from '../errors.ts';
import type { ApiClient } from '../http.ts';

const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX = /^[0-9a-f][0-9a-f-]{3,34}$/i;

/** A full deployment id, or the unique deployment whose id starts with `ref` (the short id tables show). */
export async function resolveDeploymentId(api: ApiClient, ref: string): Promise<string> {
  if (FULL_ID.test(ref) || !PREFIX.test(ref)) return ref;
  const all = await api.all<DeploymentSummary>('/api/v1/deployments', { limit: 200 });
  const matches = all.filter((d) => d.id.toLowerCase().startsWith(ref.toLowerCase()));
  if (matches.length === 1) return matches[0]!.id;
  if (!matches.length) {
    throw new CliError(`No deployment has an id starting with ${ref}.`, EXIT.usage, { code: 'not_found', hint: '`golive deployments list` shows them.' });
  }
  throw new CliError(`${matches.length} deployments have ids starting with ${ref}: ${matches.map((d) => d.id).join(', ')}.`, EXIT.usage, {
    code: 'ambiguous',
    hint: 'Give more of the id.',
  });
}

export const shortId = (id: string) => id.slice(0, 8);

export const path = {
  deployment: (id: string) => `/api/v1/deployments/${encodeURIComponent(id)}`,
  item: (id: string, key: string) => `/api/v1/deployments/${encodeURIComponent(id)}/items/${encodeURIComponent(key)}`,
};
