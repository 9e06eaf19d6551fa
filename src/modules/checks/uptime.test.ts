import { describe, expect, it } from 'vitest';
import { availability, mergeSpans, type StateSegment } from './uptime.ts';

const MIN = 60_000;
const at = (m: number) => m * MIN;

describe('time-weighted availability', () => {
  // 0–50 up, 50–60 down, 60–100 up: 10 minutes down out of 100.
  const segments: StateSegment[] = [
    { state: 'up', start: at(0), end: at(50) },
    { state: 'down', start: at(50), end: at(60) },
    { state: 'up', start: at(60), end: at(100) },
  ];

  it('weighs by time, not by number of results', () => {
    const a = availability(segments, { start: at(0), end: at(100) }, [], 99.9);
    expect(a).toMatchObject({ upMs: at(90), downMs: at(10), unknownMs: 0, maintenanceMs: 0, incidents: 1 });
    expect(a.uptimePercent).toBeCloseTo(90, 10);
  });

  it('clips to any window and counts only incidents that began in it', () => {
    const a = availability(segments, { start: at(55), end: at(80) }, [], 99.9);
    expect(a).toMatchObject({ upMs: at(20), downMs: at(5), incidents: 0 });
  });

  it('leaves maintenance out of both up and down, overlapping windows counted once', () => {
    const a = availability(segments, { start: at(0), end: at(100) }, [{ start: at(45), end: at(58) }, { start: at(52), end: at(60) }], 99.9);
    expect(a).toMatchObject({ upMs: at(85), downMs: 0, maintenanceMs: at(15), incidents: 0 });
    expect(a.uptimePercent).toBe(100);
  });

  it('counts time without results and "could not tell" as unknown, outside the uptime ratio', () => {
    const a = availability([{ state: 'unknown', start: at(0), end: at(10) }, { state: 'up', start: at(10), end: at(40) }], { start: at(0), end: at(60) }, [], 99.9);
    expect(a).toMatchObject({ upMs: at(30), downMs: 0, unknownMs: at(30), uptimePercent: 100 });
    expect(availability([], { start: 0, end: at(60) }, [], 99.9)).toMatchObject({ uptimePercent: null, unknownMs: at(60), slo: { budgetLeftPercent: null } });
  });

  it('spends the error budget of the objective over the measured time', () => {
    // 99.9% of 1000 minutes allows 1 minute down; 0.25 minutes down spends a quarter of it.
    const a = availability([{ state: 'up', start: 0, end: at(999.75) }, { state: 'down', start: at(999.75), end: at(1000) }], { start: 0, end: at(1000) }, [], 99.9);
    expect(a.slo.budgetMs).toBe(at(1));
    expect(a.slo.budgetLeftPercent).toBeCloseTo(75, 5);
    const over = availability(segments, { start: at(0), end: at(100) }, [], 99.9);
    expect(over.slo.budgetLeftPercent).toBeLessThan(0);
  });

  it('merges overlapping spans in order', () => {
    expect(mergeSpans([{ start: 5, end: 9 }, { start: 1, end: 3 }, { start: 2, end: 6 }], { start: 0, end: 8 })).toEqual([{ start: 1, end: 8 }]);
  });
});
