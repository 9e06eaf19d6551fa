import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../../server/metrics.ts';

/** What operators watch on the workers: results by kind, how late slots start, how long runs take. */
export const checkRunsTotal = new Counter({
  name: 'golive_check_runs_total',
  help: 'Check runs finished, by kind, trigger and status',
  labelNames: ['kind', 'trigger', 'status'] as const,
  registers: [metricsRegistry],
});

export const checkScheduleLag = new Histogram({
  name: 'golive_check_schedule_lag_seconds',
  help: 'How long after its slot a scheduled run started',
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  registers: [metricsRegistry],
});

export const checkRunDuration = new Histogram({
  name: 'golive_check_run_duration_seconds',
  help: 'How long check runs took, by kind',
  labelNames: ['kind'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
  registers: [metricsRegistry],
});

export const checkRunsInFlight = new Gauge({
  name: 'golive_check_runs_in_flight',
  help: 'Check runs this process is running now',
  registers: [metricsRegistry],
});
