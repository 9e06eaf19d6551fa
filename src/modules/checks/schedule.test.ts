import { describe, expect, it } from 'vitest';
import { isUuid } from '../../lib/ids.ts';
import { jobExpirySeconds, nextSlot, phaseFrom, runJobId } from './schedule.ts';

describe('monitor schedule', () => {
  const t0 = new Date('2026-11-28T03:00:00.000Z');

  it('puts the next slot one interval later, even when the run finished late', () => {
    expect(nextSlot(t0, 60, new Date('2026-11-28T03:00:07Z')).toISOString()).toBe('2026-11-28T03:01:00.000Z');
    // Behind by less than an interval: catch up without skipping.
    expect(nextSlot(t0, 60, new Date('2026-11-28T03:01:50Z')).toISOString()).toBe('2026-11-28T03:01:00.000Z');
    // A short interval catches up on a minute's backlog slot by slot.
    expect(nextSlot(t0, 10, new Date('2026-11-28T03:01:05Z')).toISOString()).toBe('2026-11-28T03:00:10.000Z');
  });

  it('resumes in its own phase instead of replaying a backlog after an outage', () => {
    // Slots at :00 every minute; the workers come back at 05:17:31: the next is 05:18:00, not 05:17:31.
    expect(nextSlot(t0, 60, new Date('2026-11-28T05:17:31Z')).toISOString()).toBe('2026-11-28T05:18:00.000Z');
    expect(nextSlot(new Date('2026-11-28T03:00:07Z'), 3600, new Date('2026-11-28T09:30:00Z')).toISOString()).toBe('2026-11-28T10:00:07.000Z');
  });

  it('finds the first slot of a phase from now on, the anchor itself when it is still ahead', () => {
    expect(phaseFrom(t0, 60, new Date('2026-11-28T03:00:00Z'))).toEqual(t0);
    expect(phaseFrom(t0, 60, new Date('2026-11-28T02:59:00Z'))).toEqual(t0);
    expect(phaseFrom(t0, 60, new Date('2026-11-28T03:00:00.001Z')).toISOString()).toBe('2026-11-28T03:01:00.000Z');
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
