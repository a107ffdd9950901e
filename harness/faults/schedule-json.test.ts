import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { scheduleArbitrary } from './arbitrary.js';
import { NemesisLog, type NemesisEvent } from './events.js';
import { NEMESIS_NAMES, parseNemeses } from './nemeses.js';
import { parseSchedule, scheduleToJson } from './schedule-json.js';
import { CALM_NETWORK, InvalidScheduleError } from './schedule.js';

const shape = { nodes: { min: 3, max: 7 }, horizonMs: 3000, maxFaults: 30 };

describe('fault schedules as JSON', () => {
  test.prop([scheduleArbitrary(shape)], { numRuns: 200, seed: 20261130 })('every drawn schedule survives a round trip through JSON', (schedule) => {
    expect(parseSchedule(scheduleToJson(schedule), 'drawn')).toEqual(schedule);
  });

  it('fills in what a hand-written schedule leaves out', () => {
    const schedule = parseSchedule(
      JSON.stringify({ nodes: 3, faults: [{ at: 500, durationMs: 100, kind: 'pause', nodes: 'leader' }, { at: 10, durationMs: 5, kind: 'clock', nodes: ['n2'], mode: 'drift', rate: 0.5 }] }),
      'hand.json',
    );
    expect(schedule.network).toEqual(CALM_NETWORK);
    expect(schedule.maxEntriesPerAppend).toBe(64);
    expect(schedule.faults.map((f) => f.kind)).toEqual(['clock', 'pause']);
  });

  it.each([
    ['{', /^x\.json: not JSON/],
    ['{"nodes": 3, "faults": [{"at": 0, "durationMs": 1, "kind": "meteor"}]}', /^x\.json: not a fault schedule at faults\.0/],
    ['{"nodes": 3, "faults": [{"at": 0, "durationMs": 1, "kind": "crash", "nodes": ["n4"]}]}', /at faults\.0: names n4, but the cluster is n1,n2,n3$/],
    ['{"nodes": 3, "faults": [{"at": 0, "durationMs": 1, "kind": "partition", "groups": [["n1"], ["n1", "n2"]]}]}', /a node is in two groups/],
    ['{"nodes": 3, "faults": [{"at": 0, "durationMs": 0, "kind": "crash", "nodes": "leader"}]}', /at faults\.0/],
    ['{"faults": []}', /at nodes/],
    ['{"nodes": 3, "faults": [], "network": {"minDelayMs": 9, "maxDelayMs": 2, "lateRate": 0, "lateMaxMs": 9, "dropRate": 0, "duplicateRate": 0}}', /minDelayMs ≤ maxDelayMs/],
  ])('refuses %s in one line', (text, message) => {
    expect(() => parseSchedule(text, 'x.json')).toThrow(InvalidScheduleError);
    expect(() => parseSchedule(text, 'x.json')).toThrow(message);
  });
});

describe('nemesis names', () => {
  it('takes names, comma-separated lists and all', () => {
    expect(parseNemeses(['kill,pause', 'clock'])).toEqual(['kill', 'pause', 'clock']);
    expect(parseNemeses(['all'])).toEqual(NEMESIS_NAMES);
    expect(() => parseNemeses(['kill,gremlins'])).toThrow(/unknown nemesis "gremlins"/);
  });
});

describe('nemesis events', () => {
  it('number faults as they start; an end repeats its start id and details, once', () => {
    const events: NemesisEvent[] = [];
    const log = new NemesisLog((e) => events.push(e));
    const crash = log.start('crash', { nodes: ['n1'] });
    const cut = log.start('partition', { groups: [['n1'], ['n2']] });
    cut.end();
    crash.end({ restarted: true });
    crash.end();
    expect(events.map((e) => [e.f, e.value])).toEqual([
      ['crash', { fault: 0, phase: 'start', nodes: ['n1'] }],
      ['partition', { fault: 1, phase: 'start', groups: [['n1'], ['n2']] }],
      ['partition', { fault: 1, phase: 'end', groups: [['n1'], ['n2']] }],
      ['crash', { fault: 0, phase: 'end', nodes: ['n1'], restarted: true }],
    ]);
    expect(events.every((e) => e.process === 'nemesis' && e.type === 'info')).toBe(true);
  });
});
