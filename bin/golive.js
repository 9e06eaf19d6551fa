#!/usr/bin/env node
// The golive command: the bundle `npm install` builds (dist/cli, docs/adr/0012), or the
// TypeScript sources through tsx's loader when the bundle is missing or older than a source.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshCliBundle } from './cli-bundle.js';

// `golive import` and `golive reconcile` stream a file of any size: with V8's default limits
// the old space grows to ~250 MB of promoted garbage before a full collection (peak RSS ~440 MB
// on a 1M-row file). A 192 MB limit alone keeps it ~200 MB but starts full collections early
// and often (~30% more CPU); starting the old space at 160 MB keeps RSS ~240 MB at the
// uncapped speed (docs/adr/0008). Limits can only be set at start, so the command re-runs
// itself once with them, unless a heap limit was given.
const HEAP_FLAGS = ['--max-old-space-size=192', '--initial-old-space-size=160'];
const cap = { import: HEAP_FLAGS, reconcile: HEAP_FLAGS }[process.argv[2]];
const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-old-space-size'));
if (cap && !given) {
  const child = spawn(process.execPath, [...process.execArgv, ...cap, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, GOLIVE_REEXEC_CHILD: '1' },
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  // Run as the capped child: when the parent dies (kill -9 included), die at once the same way,
  // so killing `golive import` stops the import as it would without the re-run.
  if (process.env.GOLIVE_REEXEC_CHILD && process.channel) {
    delete process.env.GOLIVE_REEXEC_CHILD;
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
    process.channel.unref();
  }
  const bundle = freshCliBundle();
  if (bundle) {
    // Stack traces (GOLIVE_DEBUG) name the sources, not the chunks.
    if (process.env.GOLIVE_DEBUG) process.setSourceMapsEnabled(true);
    await import(bundle);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli/index.ts');
  }
}
