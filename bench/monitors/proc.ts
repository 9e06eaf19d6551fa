/** Reading CPU time and memory of processes and of the machine from /proc (Linux). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let tick = 100;
try {
  tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // 100 is the Linux default
}

/** User and system CPU seconds a process has used (all its threads), or null when it is gone. */
export function cpuTimes(pid: number): { user: number; system: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) / tick, system: Number(f[12]) / tick };
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used, or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  const c = cpuTimes(pid);
  return c ? c.user + c.system : null;
}

/** Resident memory in MiB, or null when the process is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The machine's CPU seconds so far: busy (all but idle and iowait) and total, over all cores. */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = v as [number, number, number, number, number, number, number, number];
  const busy = user + nice + system + irq + softirq + (steal ?? 0);
  return { busy: busy / tick, total: (busy + idle + iowait) / tick };
}

/**
 * CPU seconds of a set of processes over a time window, from samples taken every few seconds:
 * a process that exits between samples loses at most one interval of its CPU.
 */
export class CpuLedger {
  private series = new Map<number, { bornAt: number; samples: { at: number; cpu: number }[] }>();

  /** Records a sample of each pid; bornAt: when the process started (ms), if known. */
  sample(pids: Iterable<number>, at = Date.now(), bornAt?: (pid: number) => number | undefined) {
    for (const pid of pids) {
      const cpu = cpuSeconds(pid);
      if (cpu === null) continue;
      let s = this.series.get(pid);
      if (!s) this.series.set(pid, (s = { bornAt: bornAt?.(pid) ?? 0, samples: [] }));
      s.samples.push({ at, cpu });
    }
  }

  /** CPU seconds spent in [from, to] by every process sampled. */
  between(from: number, to: number): number {
    let sum = 0;
    for (const { bornAt, samples } of this.series.values()) {
      const upTo = (t: number) => samples.filter((x) => x.at <= t).at(-1)?.cpu;
      const end = upTo(to);
      if (end === undefined) continue;
      const start = upTo(from) ?? (bornAt > from ? 0 : samples[0]!.cpu);
      sum += end - start;
    }
    return sum;
  }
}
