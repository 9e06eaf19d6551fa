// The golive command's bundle (docs/adr/0012): src/ compiled by esbuild into dist/cli/, so a
// command starts without tsx's loader (~0.4 s and ~25 MB a run). Built by `npm run build:cli`,
// which `npm install` and `npm ci` run (prepare). A bundle older than any of its sources is
// not used: bin/golive.js then runs src/ through tsx, so an edit is never shadowed by a stale build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = path.join(ROOT, 'dist', 'cli');
const ENTRY = 'src/cli/index.ts';
const MANIFEST = 'manifest.json';

/**
 * The bundle's entry URL when every source it was built from is unchanged since the build
 * started, else null. One stat per source (~200, about a millisecond).
 */
export function freshCliBundle(dir = BUNDLE_DIR, root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  for (const input of manifest.inputs) {
    const stat = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtFrom) return null;
  }
  return pathToFileURL(path.join(dir, manifest.entry)).href;
}

/**
 * Bundles src/cli/index.ts into `dir`: our modules in chunks, packages left to Node, and
 * `import()`s kept as chunks so a command loads only what it uses. Written beside `dir` and
 * swapped in, the manifest last, so a half-written bundle is never taken for a fresh one.
 */
export async function buildCliBundle(dir = BUNDLE_DIR, root = ROOT) {
  const esbuild = await import('esbuild');
  const builtFrom = Date.now();
  const staging = `${dir}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { index: ENTRY },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceRelativeUrls(dir)],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes(':'));
  fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify({ entry: 'index.mjs', builtFrom, inputs }, null, 1));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.renameSync(staging, dir);
  return { inputs: inputs.length, ms: Date.now() - builtFrom };
}

/**
 * A module finds its files (migrations, templates, workers, profiles) from its own
 * `import.meta.url`; in a chunk that would be the chunk's. Each source's `import.meta.url`
 * becomes its own file's URL, resolved from the bundle's directory, so the tree can move.
 */
function sourceRelativeUrls(dir) {
  return {
    name: 'source-relative-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const relative = path.relative(dir, args.path).split(path.sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { inputs, ms } = await buildCliBundle();
  process.stdout.write(`golive CLI bundled: ${inputs} sources → ${path.relative(ROOT, BUNDLE_DIR)}/ in ${ms} ms\n`);
}
