import { describe, expect, it } from 'vitest';
import { jsonLogger } from '../node/log.js';
import { AUDIT_LINE } from './local-cluster.js';

describe('LocalCluster skipAudit', () => {
  it('tells the audit lines a node prints from every other line without parsing them', () => {
    const lines: string[] = [];
    const log = jsonLogger('n-1_x', (line) => lines.push(line));
    log('info', 'applied', { first: 3, entries: [[1, '0badcafe']] });
    log('info', 'vote', { term: 2, for: 'n2' });
    log('info', 'node-ready', { peerAddress: '127.0.0.1:1', clientAddress: '127.0.0.1:2' });
    log('info', 'role-change', { role: 'leader', term: 2, leader: 'n-1_x' });
    log('warn', 'peer-dropped-messages', { peer: 'n2', dropped: 1 });
    expect(lines.map((line) => AUDIT_LINE.test(line))).toEqual([true, true, false, false, false]);
  });
});
