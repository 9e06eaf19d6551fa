// Starts the real Golive server for the Playwright journey: a fresh embedded database in a
// temporary data directory (removed again on exit), on the port Playwright waits for.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-e2e-'));
process.env.GOLIVE_DATA_DIR = dataDir;
process.env.PORT ??= '3917';
process.env.HOST ??= '127.0.0.1';
process.env.LOG_LEVEL ??= 'warn';

process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));

register();
const { serve } = await import('../src/main.ts');
await serve();
