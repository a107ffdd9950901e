import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { HistoryWriter } from '../../checkers/history/jsonl.js';
import { readHistory } from '../../checkers/history/read.js';
import type { KvClient, Outcome, System } from '../systems/system.js';
import { REGISTER } from '../../workloads/register.js';
import { ClientPool, Processes, RateLimiter } from './clients.js';
import { Recorder } from './recorder.js';

/** A system whose client answers writes `info` and reads `ok`. */
const flaky = {
  client: (): KvClient => ({
    read: async (): Promise<Outcome> => ({ type: 'ok', value: null, node: 'n1' }),
    write: async (): Promise<Outcome> => ({ type: 'info', error: 'timeout' }),
    cas: async (): Promise<Outcome> => ({ type: 'fail', error: 'cas-mismatch' }),
  }),
} as unknown as System;

describe('ClientPool', () => {
  it('retires a process whose op ended info and goes on as a new one, one op at a time per process', async () => {
    const path = `${tempDir('pool')}/history.jsonl`;
    const recorder = new Recorder(new HistoryWriter(path));
    const pool = new ClientPool({ system: flaky, workload: REGISTER, recorder, nodes: ['n1', 'n2'], clientAddress: () => ({ host: '127.0.0.1', port: 1 }), requestTimeoutMs: 10, opTimeoutMs: 10 });
    const ops = [
      { f: 'write', key: 'k0', value: 1 },
      { f: 'read', key: 'k0', value: null },
      { f: 'write', key: 'k0', value: 2 },
      { f: 'read', key: 'k0', value: null },
    ][Symbol.iterator]();
    await pool.run(ops, 1, 0, () => true, new Processes(1));
    recorder.close();
    const history = readHistory(path);
    expect(history.events.map((e) => `${e.process}:${e.type}:${e.f}`)).toEqual([
      '0:invoke:write', '0:info:write',
      '1:invoke:read', '1:ok:read',
      '1:invoke:write', '1:info:write',
      '2:invoke:read', '2:ok:read',
    ]);
    expect(history.events[3]!.node).toBe('n1');
    expect(recorder.tallies).toEqual({ invoked: 4, ok: 2, fail: 0, info: 2 });
  });
});

describe('RateLimiter', () => {
  it('spaces acquisitions 1/rate apart', async () => {
    const limiter = new RateLimiter(50);
    const started = performance.now();
    for (let i = 0; i < 6; i++) await limiter.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});
