/**
 * `faultline run --junit FILE`: one JUnit test case per run, for CI systems that show
 * JUnit XML. A valid run passes; an invalid one is a failure, an unknown one (the
 * checker gave up) or a run the harness could not finish an error — each with the
 * reason and the command that replays it. The file is rewritten after every run, so a
 * job cut short still leaves the runs it finished.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import { failureOf } from '../library/real-run.js';
import type { RunOutcome } from '../real/run.js';
import type { ChaosTest } from '../real/test.js';

// The package is CommonJS whose module.exports is the builder, while its types declare it as `default`.
const junit = junitModule as unknown as Builder;

export interface JUnitRun {
  /** The test's name (the case's class). */
  readonly test: string;
  readonly seed: number;
  readonly seconds: number;
  readonly outcome: 'valid' | 'invalid' | 'unknown' | 'error';
  /** Why it is not valid, in one line. */
  readonly reason?: string;
  readonly replay: string;
  readonly runDir?: string;
  readonly report?: string;
}

export class JUnitReport {
  private readonly runs: JUnitRun[] = [];

  constructor(
    private readonly path: string,
    private readonly suite: string,
  ) {}

  add(run: JUnitRun): void {
    this.runs.push(run);
    this.write();
  }

  /** The XML as it stands. */
  build(): string {
    const builder = junit.newBuilder();
    const suite = builder.testSuite().name(this.suite);
    for (const run of this.runs) {
      const where = [`replay: ${run.replay}`, ...(run.runDir === undefined ? [] : [`run: ${run.runDir}`]), ...(run.report === undefined ? [] : [`report: ${run.report}`])].join('\n');
      const c = suite.testCase().className(run.test).name(`${run.test} seed ${run.seed}`).time(run.seconds).standardOutput(where);
      const message = `${run.reason ?? run.outcome} — replay: ${run.replay}`;
      if (run.outcome === 'invalid') c.failure(message, 'invalid').stacktrace(`${run.reason ?? 'invalid'}\n${where}`);
      else if (run.outcome !== 'valid') c.error(message, run.outcome, `${run.reason ?? run.outcome}\n${where}`);
    }
    return builder.build();
  }

  write(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // Whole or not at all: a CI step reading it mid-run never sees half a file.
    writeFileAtomic(this.path, this.build());
  }
}

function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** A finished run as a JUnit case. */
export function junitRun(test: Pick<ChaosTest, 'name' | 'seed'>, outcome: Pick<RunOutcome, 'results' | 'folder'>, seconds: number): JUnitRun {
  const { results, folder } = outcome;
  const reason = failureOf(results);
  return {
    test: test.name,
    seed: test.seed,
    seconds,
    outcome: results.verdict,
    ...(reason === null ? {} : { reason: results.stopped === undefined ? reason : `${reason} (stopped early: ${results.stopped})` }),
    replay: results.replay,
    runDir: folder.dir,
    report: folder.reportPath,
  };
}
