/**
 * `faultline run` as a CI job runs it: etcd, a shard of a seed range, a JUnit report,
 * then the run replayed from its folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import type { Results, TestRecord } from '../store/types.js';
import { ExitCode } from './exit-codes.js';
import { faultline } from './test-support/faultline.js';

const runsOf = (store: string, test: string): string[] => readdirSync(join(store, test)).map((d) => join(store, test, d));
const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('faultline run in CI', () => {
  const store = tempDir('ci-store');
  const junit = join(tempDir('ci-junit'), 'faultline.xml');

  it('runs its shard of a seed range against etcd and writes one JUnit case per run; the run replays from its folder', async () => {
    const args = ['run', '--system', 'etcd', '--seeds', '1..2', '--shard', '2/2', '--time-limit', '6', '--nemesis', 'partition,pause', '--nemesis-interval', '2', '--concurrency', '3', '--store', store, '--junit', junit];
    const first = await faultline(args);
    expect(first.code, first.stdout + first.stderr).toBe(ExitCode.valid);
    expect(first.stdout).toContain('seeds 1..2, shard 2/2: 2');

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: { tests: string; failures: string; testcase: Array<{ name: string; classname: string; 'system-out': string }> } };
    };
    const suite = parsed.testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '1', failures: '0' });
    expect(suite.testcase.map((c) => c.name)).toEqual(['etcd-register seed 2']);

    const [runDir] = runsOf(store, 'etcd-register');
    const results = json<Results>(join(runDir!, 'results.json'));
    expect(results.replay).toMatch(/^faultline run --system etcd --seed 2 --nodes 3 --concurrency 3 --time-limit 6 .*--nemesis partition,pause/);
    expect(suite.testcase[0]!['system-out']).toContain(`replay: ${results.replay}`);
    const recorded = json<TestRecord>(join(runDir!, 'test.json'));

    const replayStore = tempDir('ci-replay');
    const again = await faultline(['run', '--replay', runDir!, '--store', replayStore]);
    expect(again.code, again.stdout + again.stderr).toBe(ExitCode.valid);
    const [replayDir] = runsOf(replayStore, 'etcd-register');
    const replayed = json<TestRecord>(join(replayDir!, 'test.json'));
    expect(replayed.seed).toBe(2);
    expect(replayed.schedule).toEqual(recorded.schedule);
    expect(replayed.config).toMatchObject({ system: { name: 'etcd' }, nemeses: ['partition', 'pause'], timeLimitMs: 6000, concurrency: 3 });
    expect(json<Results>(join(replayDir!, 'results.json')).replay).toBe(`faultline run --replay ${runDir} --store ${replayStore}`);
  }, 170_000);
});
