import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  ratio: number;
  target: string;
  pass: boolean;
  [more: string]: unknown;
}

/** Writes bench/results/<name>.json in the format DESIGN.md gives, with the machine and time. */
export function writeResult(result: BenchResult): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.name}.json`);
  const full = { ...result, machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, at: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  return file;
}

/** Peak resident memory of another process, sampled from /proc while `until` runs. */
export async function sampleRss<T>(pid: number, until: Promise<T>): Promise<{ result: T; peakRssMiB: number }> {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process may have exited
    }
  };
  const timer = setInterval(read, 250);
  try {
    const result = await until;
    read();
    return { result, peakRssMiB: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}
