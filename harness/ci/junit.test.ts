import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { JUnitReport } from './junit.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'testsuite' });

describe('the JUnit report', () => {
  it('holds one test case per run, failures and errors with their reason and replay command, and parses as XML', () => {
    const file = join(tempDir('junit'), 'reports', 'faultline.xml');
    const report = new JUnitReport(file, 'faultline run');
    report.add({ test: 'etcd-register', seed: 1, seconds: 31.5, outcome: 'valid', replay: 'faultline run --system etcd --seed 1', runDir: '/s/1', report: '/s/1/report.html' });
    report.add({ test: 'etcd-register', seed: 2, seconds: 30, outcome: 'invalid', reason: 'not linearizable: key k1, process 3: read → 2 & <x>', replay: 'faultline run --system etcd --seed 2' });
    report.add({ test: 'etcd-register', seed: 3, seconds: 2, outcome: 'error', reason: 'node n1 exited while starting', replay: 'faultline run --system etcd --seed 3' });
    report.add({ test: 'etcd-register', seed: 4, seconds: 90, outcome: 'unknown', reason: 'linearizability unknown: out of time', replay: 'faultline run --system etcd --seed 4' });
    const xml = readFileSync(file, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = (parser.parse(xml) as { testsuites: { testsuite: Array<Record<string, unknown> & { testcase: Array<Record<string, unknown>> }> } }).testsuites.testsuite;
    expect(suites).toHaveLength(1);
    const [suite] = suites;
    expect(suite).toMatchObject({ name: 'faultline run', tests: '4', failures: '1', errors: '2' });
    const cases = suite!.testcase;
    expect(cases.map((c) => c.name)).toEqual(['etcd-register seed 1', 'etcd-register seed 2', 'etcd-register seed 3', 'etcd-register seed 4']);
    expect(cases[0]).not.toHaveProperty('failure');
    expect(cases[0]!['system-out']).toContain('report: /s/1/report.html');
    const failure = cases[1]!.failure as Record<string, string>;
    expect(failure.message).toBe('not linearizable: key k1, process 3: read → 2 & <x> — replay: faultline run --system etcd --seed 2');
    expect(failure.type).toBe('invalid');
    expect((cases[2]!.error as Record<string, string>).message).toContain('replay: faultline run --system etcd --seed 3');
    expect((cases[3]!.error as Record<string, string>).type).toBe('unknown');
  });
});
