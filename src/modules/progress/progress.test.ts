import { describe, expect, it } from 'vitest';
import { count, deploymentProgress, gate, health, type ProgressItem } from './progress.ts';

const item = (over: Partial<ProgressItem>): ProgressItem => ({ key: 'x.1', kind: 'item', phaseKey: 'p', state: 'todo', optional: false, dueEnd: '2026-12-31', ...over });

describe('progress', () => {
  it('leaves not-applicable items out of the percent', () => {
    const c = count([item({ state: 'done' }), item({ state: 'not_applicable' }), item({}), item({})], '2026-01-01');
    expect(c).toMatchObject({ total: 4, done: 1, notApplicable: 1, todo: 2, percent: 33.3 });
  });

  it('counts overdue only for open items past their due date', () => {
    const c = count([item({ dueEnd: '2026-01-01' }), item({ dueEnd: '2026-01-01', state: 'done' }), item({ dueEnd: '2026-01-03' })], '2026-01-02');
    expect(c.overdue).toBe(1);
  });

  it('opens a gate only when every required item is done or N/A', () => {
    expect(gate([item({ state: 'done' }), item({ optional: true })]).ready).toBe(true);
    expect(gate([item({ key: 'a.1', state: 'blocked' })])).toEqual({ ready: false, open: ['a.1'] });
  });

  it('says late, at risk or on track', () => {
    expect(health([item({ dueEnd: '2026-01-01' })], '2026-01-10')).toBe('late');
    expect(health([item({ dueEnd: '2026-01-09' })], '2026-01-10')).toBe('at_risk');
    expect(health([item({ state: 'blocked' })], '2026-01-01')).toBe('at_risk');
    expect(health([item({ state: 'in_progress', dueEnd: '2026-01-05' })], '2026-01-01')).toBe('on_track');
    expect(health([item({ optional: true, dueEnd: '2025-01-01' })], '2026-01-10')).toBe('on_track');
  });

  it('reports phases and criteria separately', () => {
    const p = deploymentProgress([item({ phaseKey: 'a', state: 'done' }), item({ phaseKey: 'b' }), item({ kind: 'criterion', phaseKey: 'success-criteria', state: 'done' })], ['a', 'b'], '2026-01-01');
    expect(p.total).toBe(2);
    expect(p.phases.map((x) => [x.key, x.done, x.gate.ready])).toEqual([['a', 1, true], ['b', 0, false]]);
    expect(p.criteria).toMatchObject({ total: 1, met: 1 });
  });
});
