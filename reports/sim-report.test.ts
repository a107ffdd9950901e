import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../checkers/history/test-support/files.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import { writeSimReport } from './sim-report.js';
import { embeddedData } from './test-support/embedded.js';

async function reportOf(violations: string[]) {
  const valid = await checkOperations([], { name: 'kv', initial: null }, { workers: 0 });
  const path = join(tempDir('sim-report'), 'report.html');
  writeSimReport(path, { seed: 7, events: [], check: valid, violations, config: { nodes: 3 }, replay: 'faultline sim --seed 7' });
  return embeddedData(readFileSync(path, 'utf8'));
}

describe('a simulator schedule report', () => {
  it('names a broken safety property as a Raft invariant, and a liveness failure or a hang as what it is', async () => {
    const data = await reportOf([
      'election safety: n1 and n2 both led term 3',
      'liveness: no op completed for 3000 ms while n1,n2 (a majority) were healthy and connected',
      "hang: n2's Ready loop did not drain after 1000 rounds (at 20.0 ms of virtual time)",
    ]);
    expect(data.verdict).toBe('invalid');
    expect(data.findings).toEqual([
      'Raft invariant violated: election safety: n1 and n2 both led term 3',
      'liveness: no op completed for 3000 ms while n1,n2 (a majority) were healthy and connected',
      "hang: n2's Ready loop did not drain after 1000 rounds (at 20.0 ms of virtual time)",
    ]);
  });

  it('is valid when the history is and nothing was violated', async () => {
    expect((await reportOf([])).verdict).toBe('valid');
  });
});
