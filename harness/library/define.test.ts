import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SET } from '../../workloads/set.js';
import { scheduleFromSeed } from '../faults/arbitrary.js';
import { describeTest } from '../real/test.js';
import type { TestRecord } from '../store/types.js';
import { FaultlineSystem } from '../systems/faultline/system.js';
import { registerSystem, systemFrom, UnknownSystemError } from '../systems/registry.js';
import { opsArbitrary } from './arbitraries.js';
import { defineTest, printTest, testData, testFromRecord } from './define.js';
import { etcdSystem, faultlineSystem } from './systems.js';

/** What test.json holds for a test, written and read back as text. */
function throughTestJson(test: ReturnType<typeof defineTest>): TestRecord {
  const record: TestRecord = { ...testData(test), startedAt: new Date(0).toISOString(), startedAtMs: 0, command: ['run'], versions: { faultline: '0' }, schedule: test.schedule };
  return JSON.parse(JSON.stringify(record)) as TestRecord;
}

describe('a test as a value', () => {
  it('fills what a user leaves out with the defaults of faultline run, and names itself after system and workload', () => {
    const test = defineTest({ system: etcdSystem(), seed: 7 });
    expect(test).toMatchObject({ name: 'etcd-register', nodes: 3, concurrency: 5, timeLimitMs: 30_000, nemeses: [], seed: 7, schedule: null, store: 'store' });
    expect(test.workload.name).toBe('register');
  });

  it('prints as JSON: its name, seed, configuration and schedule', () => {
    const test = defineTest({ system: faultlineSystem({ bugs: ['no-noop'], readMode: 'lease' }), workload: 'set', nemeses: ['partition', 'kill'], seed: 11 });
    const printed = JSON.parse(printTest(test)) as Record<string, unknown>;
    expect(printed).toEqual(JSON.parse(JSON.stringify(testData(test))));
    expect(printed).toMatchObject({ name: 'faultline-set', seed: 11, config: { system: { name: 'faultline', bugs: ['no-noop'], readMode: 'lease' }, workload: 'set', nemeses: ['partition', 'kill'] } });
  });

  it.each([
    ['our store with bugs and a read mode', defineTest({ system: faultlineSystem({ bugs: ['forget-vote'], readMode: 'local', electionTicks: 40 }), workload: SET, nemeses: ['pause'], seed: 3, nodes: 5, keys: 9, rate: 50 })],
    ['etcd with its own timing', defineTest({ system: etcdSystem({ electionMs: 1500 }), nemeses: ['partition', 'kill', 'pause'], seed: 4, timeLimitMs: 12_000, cutMode: 'refuse' })],
    ['a test that plays a given schedule', defineTest({ system: etcdSystem(), seed: 5, schedule: scheduleFromSeed(5, { nodes: 3, horizonMs: 3000, maxFaults: 4, nemeses: ['partition'] }) })],
  ])('round-trips through test.json: %s', (_, test) => {
    const again = testFromRecord(throughTestJson(test));
    expect(describeTest(again)).toEqual(describeTest(test));
    expect(testData(again)).toEqual(JSON.parse(JSON.stringify(testData(test))));
    expect(again.system.constructor).toBe(test.system.constructor);
  });

  it('knows systems by name; an unknown one is one clear error until it is registered', () => {
    expect(systemFrom({ name: 'faultline', bugs: ['stale-read'] })).toBeInstanceOf(FaultlineSystem);
    expect(() => systemFrom({ name: 'mykv' })).toThrow(UnknownSystemError);
    registerSystem('mykv', () => faultlineSystem());
    expect(systemFrom({ name: 'mykv' })).toBeInstanceOf(FaultlineSystem);
  });
});

describe('op mixes as arbitraries', () => {
  it('draws a register op stream: reads, writes and cas over the keys, every written value unique per key', () => {
    fc.assert(
      fc.property(opsArbitrary('register', 200, 3), (ops) => {
        expect(ops).toHaveLength(200);
        expect(ops.every((o) => ['k0', 'k1', 'k2'].includes(o.key))).toBe(true);
        const written = ops.flatMap((o) => (o.f === 'write' ? [`${o.key}=${String(o.value)}`] : o.f === 'cas' ? [`${o.key}=${String((o.value as unknown[])[1])}`] : []));
        expect(new Set(written).size).toBe(written.length);
        expect(ops.every((o) => ['read', 'write', 'cas'].includes(o.f))).toBe(true);
      }),
      { seed: 20261130, numRuns: 20 },
    );
  });
});
