import { faultlineSystem, type BugName } from 'faultline';
import { chaosTest } from 'faultline/vitest';

// `BUG=no-dedup npx vitest run examples/register.test.ts` shows what a failure looks like.
const bugs = process.env.BUG === undefined ? [] : [process.env.BUG as BugName];

chaosTest('register survives partitions', {
  system: faultlineSystem({ bugs }),
  workload: 'register',
  nemesis: ['partition', 'kill'],
  runs: 20,
  simulate: true,
});
