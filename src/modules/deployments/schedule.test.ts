import { describe, expect, it } from 'vitest';
import { loadBuiltinTemplates } from '../templates/template.loader.ts';
import { weekday } from '../../lib/dates.ts';
import { holidayOn } from '../../lib/calendar.ts';
import { propagateShift, scheduleDeployment } from './schedule.ts';

const [doc] = loadBuiltinTemplates();

describe('scheduleDeployment', () => {
  it('puts each item in its phase window from the kickoff, and go-live on a Saturday', () => {
    const s = scheduleDeployment(doc!, '2026-03-02'); // a Monday
    expect(s.items.get('business-requirements.1')).toMatchObject({ dueStart: '2026-03-02', dueEnd: '2026-03-15' });
    expect(s.items.get('environment-setup.1')).toMatchObject({ dueStart: '2026-03-16', dueEnd: '2026-03-29' }); // Week 1-2
    expect(weekday(s.goLiveOn)).toBe(6);
    expect(s.goLiveOn).toBe('2026-04-25');
    expect(s.items.get('launch-day.1')!.dueStart).toBe(s.goLiveOn);
    // Success criteria are measured over the first month after go-live.
    expect(s.items.get('success-technical.1')).toMatchObject({ dueStart: '2026-04-25', dueEnd: '2026-05-25' });
    expect(s.phases).toHaveLength(7);
  });

  it('moves cutover off a public holiday and everything after it with it', () => {
    // Every kickoff over a year: cutover always lands on a Saturday that is no public holiday.
    for (let k = 0; k < 400; k++) {
      const kickoff = new Date(Date.UTC(2026, 0, 1 + k)).toISOString().slice(0, 10);
      const s = scheduleDeployment(doc!, kickoff);
      expect(weekday(s.goLiveOn)).toBe(6);
      expect(holidayOn(s.goLiveOn)).toBeNull();
      expect(s.items.get('post-launch.1')!.dueStart > s.goLiveOn).toBe(true);
    }
  });

  it('keeps per-item shifts on top of the template schedule', () => {
    const s = scheduleDeployment(doc!, '2026-03-02', new Map([['data-migration.3', 5]]));
    expect(s.items.get('data-migration.3')!.dueEnd).toBe('2026-04-03');
  });
});

describe('propagateShift', () => {
  it('moves transitive dependents by the same delta, but not closed items', () => {
    const next = propagateShift(doc!, 'data-migration.3', 4, new Map(), new Set(['data-migration.5']));
    expect(next.get('data-migration.3')).toBe(4);
    expect(next.get('data-migration.4')).toBe(4); // production import waits on the staging test
    expect(next.get('data-migration.5')).toBeUndefined(); // already closed
  });

  it('pulls nothing along when an item moves earlier', () => {
    const next = propagateShift(doc!, 'data-migration.3', -3, new Map(), new Set());
    expect(next.get('data-migration.3')).toBe(-3);
    expect(next.get('data-migration.4')).toBeUndefined();
  });
});
