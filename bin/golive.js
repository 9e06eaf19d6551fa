#!/usr/bin/env node
// The golive command. TypeScript runs through tsx's loader (see docs/adr/0002), so there is no build step.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `golive import` streams a file of any size: with V8's default limits its old space grows to
// ~250 MB of promoted garbage before a full collection (peak RSS ~400 MB on a 1M-row file); a
// 192 MB cap keeps it ~250 MB at no measurable cost in time (docs/adr/0008). A heap limit can
// only be set at start, so the command re-runs itself once with it, unless one was given.
const HEAP_CAPPED = { import: 192 };
const cap = HEAP_CAPPED[process.argv[2]];
const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-old-space-size'));
if (cap && !given) {
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${cap}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
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
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
