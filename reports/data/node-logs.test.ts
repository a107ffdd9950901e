import { describe, expect, it } from 'vitest';
import { parseNodeLogs } from './node-logs.js';

describe('node logs', () => {
  const logs = [
    { node: 'n1', text: '{"time":1000,"node":"n1","level":"info","event":"started"}\n{"time":1005,"node":"n1","level":"info","event":"applied","index":3}\n' },
    { node: 'n2', text: '{"time":1002,"node":"n2","level":"warn","event":"peer-unreachable","peer":"n1"}\npanic: something\n' },
  ];

  it('puts every line on the history clock, in time order, and marks the notable ones', () => {
    const parsed = parseNodeLogs(logs, (ms) => (ms - 1000) * 1000);
    expect(parsed.nodes).toEqual(['n1', 'n2']);
    expect(parsed.lines).toEqual([
      [0, 0, 'info', 'started', ''],
      [1, 2000, 'warn', 'peer-unreachable', '{"peer":"n1"}'],
      [1, 2000, 'warn', '(not JSON)', 'panic: something'],
      [0, 5000, 'info', 'applied', '{"index":3}'],
    ]);
    expect(parsed.marks.map((m) => [m.node, m.time, m.label])).toEqual([
      ['n1', 0, 'started'],
      ['n2', 2000, 'peer-unreachable: peer n1'],
      ['n2', 2000, '(not JSON)'],
    ]);
  });

  it('keeps the lines but marks nothing when the history has no clock to put them on', () => {
    const parsed = parseNodeLogs(logs, null);
    expect(parsed.lines).toHaveLength(4);
    expect(parsed.lines.every((l) => l[1] === null)).toBe(true);
    expect(parsed.marks).toEqual([]);
  });

  it("follows each node's time as leader, from its role changes to its next role change or its stop", () => {
    const line = (time: number, event: string, fields: object = {}): string => JSON.stringify({ time, node: 'n', level: 'info', event, ...fields });
    const text = [line(0, 'node-start'), line(10, 'role-change', { role: 'leader', term: 1 }), line(20, 'role-change', { role: 'follower', term: 2 }), line(30, 'role-change', { role: 'leader', term: 3 }), line(40, 'node-stopped'), line(50, 'role-change', { role: 'leader', term: 4 })].join('\n');
    const parsed = parseNodeLogs([{ node: 'n1', text }], (ms) => ms);
    expect(parsed.leaders).toEqual([
      { node: 'n1', start: 10, end: 20 },
      { node: 'n1', start: 30, end: 40 },
      { node: 'n1', start: 50, end: null },
    ]);
    expect(parsed.marks.map((m) => m.label)).toEqual(['node-start', 'role-change: role leader, term 1', 'role-change: role follower, term 2', 'role-change: role leader, term 3', 'node-stopped', 'role-change: role leader, term 4']);
  });
});
