#!/usr/bin/env node
// npm run bench -- <name>: runs bench/<name>/index.ts, which writes bench/results/<name>.json.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = fs.readdirSync(here).filter((d) => fs.existsSync(path.join(here, d, 'index.ts')));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name>\nbenchmarks: ${available.join(', ')}\n`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, name, 'index.ts'), ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
