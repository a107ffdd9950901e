import { tempDir } from '../../../checkers/history/test-support/files.js';
import { etcdSystem } from '../../library/systems.js';
import { chaosTest } from '../../vitest/chaos-test.js';

// The etcd smoke run: one short real run under partitions, kills and pauses, through chaosTest.
chaosTest('etcd 3.4 stays linearizable under partitions, kills and pauses', {
  system: etcdSystem(),
  workload: 'register',
  nemesis: ['partition', 'kill', 'pause'],
  runs: 1,
  timeLimitMs: 20_000,
  nemesisIntervalMs: 2_500,
  seed: 20261130,
  store: tempDir('etcd-smoke'),
});
