import { describe, expect, it } from 'vitest';
import { isUuid } from '../../lib/ids.ts';
import { jobExpirySeconds, nextSlot, runJobId } from './schedule.ts';

describe('monitor schedule', () => {
  const t0 = new Date('2026-11-28T03:00:00.000Z');

  it('puts the next slot one interval later, even when the run finished late', () => {
    expect(nextSlot(t0, 60, new Date('2026-11-28T03:00:07Z')).toISOString()).toBe('2026-11-28T03:01:00.000Z');
    // Behind by less than an interval: catch up without skipping.
    expect(nextSlot(t0, 60, new Date('2026-11-28T03:01:50Z')).toISOString()).toBe('2026-11-28T03:01:00.000Z');
    // A short interval catches up on a minute's backlog slot by slot.
    expect(nextSlot(t0, 10, new Date('2026-11-28T03:01:05Z')).toISOString()).toBe('2026-11-28T03:00:10.000Z');
  });

  it('resumes from now instead of replaying a backlog after an outage', () => {
    const now = new Date('2026-11-28T05:17:31Z');
    expect(nextSlot(t0, 60, now)).toEqual(now);
  });

  it('derives the same valid UUID for the same check, epoch and slot, and another for any change', () => {
    const id = runJobId('0b4f0a5e-8f64-4d59-9b1d-2d0f0a5e8f64', 3, t0);
    expect(isUuid(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(runJobId('0b4f0a5e-8f64-4d59-9b1d-2d0f0a5e8f64', 3, new Date(t0))).toBe(id);
    expect(runJobId('0b4f0a5e-8f64-4d59-9b1d-2d0f0a5e8f64', 4, t0)).not.toBe(id);
    expect(runJobId('0b4f0a5e-8f64-4d59-9b1d-2d0f0a5e8f64', 3, new Date(t0.getTime() + 1000))).not.toBe(id);
  });

  it('presumes a worker dead a little after the run’s deadline', () => {
    expect(jobExpirySeconds(10_000)).toBe(20);
    expect(jobExpirySeconds(1_500)).toBe(12);
  });
});
