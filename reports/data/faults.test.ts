import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../checkers/history/types.js';
import { collectFaults, describeDetails, nodesIn } from './faults.js';

const tick = (e: HistoryEvent): number => e.time;
const nemesis = (time: number, f: string, value: unknown, type: HistoryEvent['type'] = 'info'): HistoryEvent => ({ index: 0, time, type, process: 'nemesis', f, value });

describe('fault bands from nemesis events', () => {
  it('pairs our start and end by fault id, leaving a fault with no end open', () => {
    const { faults, marks } = collectFaults(
      [
        nemesis(10, 'partition', { fault: 'p1', phase: 'start', groups: [['n1'], ['n2', 'n3']] }),
        { index: 1, time: 12, type: 'invoke', process: 0, f: 'read', key: 'k', value: null },
        nemesis(15, 'crash', { fault: 7, phase: 'start', nodes: ['n3'] }),
        nemesis(20, 'partition', { fault: 'p1', phase: 'end' }),
        nemesis(30, 'clock', { fault: 'c', phase: 'start', nodes: ['n2'], offsets: { n2: 250 } }),
      ],
      tick,
    );
    expect(faults).toEqual([
      { start: 10, end: 20, kind: 'partition', label: 'n1 | n2 n3', nodes: ['n1', 'n2', 'n3'] },
      { start: 15, end: null, kind: 'crash', label: 'n3', nodes: ['n3'] },
      { start: 30, end: null, kind: 'clock', label: 'n2, offsets n2=250', nodes: ['n2'] },
    ]);
    expect(marks).toEqual([]);
  });

  it("pairs Jepsen's start and stop, each recorded twice (invoke, then info with the details)", () => {
    const { faults } = collectFaults(
      [
        nemesis(1, 'start', null, 'invoke'),
        nemesis(2, 'start', 'Cut off [:n1 #{:n2}]'),
        nemesis(5, 'stop', null, 'invoke'),
        nemesis(6, 'stop', 'fully connected'),
        nemesis(8, 'start-pause', null),
        nemesis(9, 'stop-pause', null),
      ],
      tick,
    );
    expect(faults).toEqual([
      { start: 1, end: 6, kind: 'nemesis', label: 'Cut off [:n1 #{:n2}]', nodes: [] },
      { start: 8, end: 9, kind: 'pause', label: '', nodes: [] },
    ]);
  });

  it('marks a nemesis event with no interval, on the node it names', () => {
    const { faults, marks } = collectFaults([nemesis(3, 'crash', 'n3'), nemesis(4, 'heal', null), nemesis(5, 'x', { fault: 'z', phase: 'end' })], tick);
    expect(faults).toEqual([]);
    expect(marks).toEqual([
      { time: 3, node: 'n3', label: 'crash n3', level: 'info' },
      { time: 4, node: null, label: 'heal', level: 'info' },
      { time: 5, node: null, label: 'x end (z)', level: 'warn' },
    ]);
  });

  it('words details in one line and finds the nodes they name', () => {
    expect(describeDetails({ nodes: ['n1', 'n2'], rate: 0.5 })).toBe('n1 n2, rate 0.5');
    expect(nodesIn({ groups: [['n1'], ['n2']], target: 'n4', note: 'n9' })).toEqual(['n1', 'n2', 'n4']);
    expect(nodesIn('a partition of everything')).toEqual([]);
  });
});
