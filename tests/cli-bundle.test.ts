/**
 * The CLI's bundle (bin/cli-bundle.js, docs/adr/0012): used only while every source it was built
 * from is unchanged, and, built, it runs the commands as the sources do, files found beside
 * their modules (migrations, built-in templates) included.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript beside the bin, without type declarations
import { buildCliBundle, freshCliBundle, ROOT } from '../bin/cli-bundle.js';

const run = promisify(execFile);
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): { root: string; dir: string; source: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-bundle-'));
  cleanup.push(root);
  const source = path.join(root, 'src', 'a.ts');
  fs.mkdirSync(path.dirname(source), { recursive: true });
  fs.writeFileSync(source, 'export const a = 1;\n');
  const dir = path.join(root, 'dist', 'cli');
  fs.mkdirSync(dir, { recursive: true });
  return { root, dir, source };
}

const writeManifest = (dir: string, builtFrom: number) =>
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ entry: 'index.mjs', builtFrom, inputs: ['src/a.ts'] }));

describe('freshCliBundle', () => {
  it('takes the bundle while its sources are older than the build, and not once one changed or went', () => {
    const { root, dir, source } = tempRoot();
    expect(freshCliBundle(dir, root)).toBeNull(); // no manifest: never built, or a build in progress

    const builtFrom = Date.now();
    fs.utimesSync(source, new Date(builtFrom - 60_000), new Date(builtFrom - 60_000));
    writeManifest(dir, builtFrom);
    expect(freshCliBundle(dir, root)).toBe(`file://${path.join(dir, 'index.mjs')}`);

    fs.utimesSync(source, new Date(builtFrom + 1_000), new Date(builtFrom + 1_000)); // edited after the build started
    expect(freshCliBundle(dir, root)).toBeNull();

    writeManifest(dir, builtFrom + 2_000);
    expect(freshCliBundle(dir, root)).not.toBeNull();
    fs.rmSync(source);
    expect(freshCliBundle(dir, root)).toBeNull();
  });
});

describe('the built CLI', () => {
  it('runs commands that read files beside their modules, as the sources do', async () => {
    // Inside the project, where Node finds the packages the bundle leaves to it.
    const dir = path.join(ROOT, 'dist', `cli-test-${process.pid}`);
    cleanup.push(dir);
    const built = await buildCliBundle(dir);
    expect(built.inputs).toBeGreaterThan(100);
    const entry = freshCliBundle(dir);
    expect(entry).toBe(`file://${path.join(dir, 'index.mjs')}`);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-bundle-data-'));
    cleanup.push(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, GOLIVE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    // Migrations are found from src/db/client.ts's own URL.
    const migrated = await run(process.execPath, [path.join(dir, 'index.mjs'), 'db', 'migrate', '--json'], { cwd: ROOT, env });
    const result = JSON.parse(migrated.stdout) as { applied: string[] };
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.applied).toEqual(fs.readdirSync(path.join(ROOT, 'src/db/migrations')).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')));
  }, 60_000);
});
