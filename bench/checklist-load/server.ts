/**
 * The server under test: the real app (PostgreSQL from DATABASE_URL), plus one extra route,
 * /bench/constant, that sends the items endpoint's own payload as a constant string. Both run
 * in this one process, so the baseline is the same server on the same machine in the same run.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/config.ts';
import { startApp } from '../../src/main.ts';
import { cachedJson } from '../../src/lib/cached-json.ts';
import { sendCachedJson } from '../../src/server/types.ts';

// Check secrets need an instance key on PostgreSQL; the benchmark seals none, any key will do.
const config = loadConfig({ GOLIVE_SECRET_KEY: randomBytes(32).toString('hex'), ...process.env, LOG_LEVEL: 'warn', PORT: '0' });
const { app } = await startApp(config);
let constant = cachedJson(null);
app.get('/bench/constant', { config: { public: true }, schema: { hide: true } }, async (req, reply) => sendCachedJson(req, reply, constant));
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

const json = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await app.inject({ method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};

const { token } = await json('POST', '/api/v1/setup', undefined, { workspaceName: 'PWBI', email: 'bench@pwbi.test', password: 'bench-password-1', displayName: 'Bench' });
const deployment = await json('POST', '/api/v1/deployments', token, { name: 'Bench chain', clientName: 'Bench Chain', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' });
// A realistic mid-project state: some items done with evidence, some in progress, one blocked.
const all = (await json('GET', `/api/v1/deployments/${deployment.id}/items`, token)).items as { key: string; dependsOn: string[]; evidenceKinds: string[] }[];
for (const item of all.filter((i) => !i.dependsOn.length && i.evidenceKinds.includes('note')).slice(0, 6)) {
  await json('PATCH', `/api/v1/deployments/${deployment.id}/items/${item.key}`, token, { state: 'done', note: 'Reviewed and signed off in the weekly call.' });
}
await json('PATCH', `/api/v1/deployments/${deployment.id}/items/environment-setup.1`, token, { state: 'in_progress' });
await json('PATCH', `/api/v1/deployments/${deployment.id}/items/environment-setup.5`, token, { state: 'blocked', reason: 'Waiting on the multi-AZ quota' });
const itemsUrl = `/api/v1/deployments/${deployment.id}/items`;
const items = await app.inject({ url: itemsUrl, headers: { authorization: `Bearer ${token}` } });
constant = cachedJson(items.json());

process.stdout.write(`${JSON.stringify({ port, token, itemsUrl, items: items.json().items.length, bytes: Buffer.byteLength(constant.json), gzipBytes: constant.gzip.length })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
