/** `faultline run`: chaos tests against real node processes behind Toxiproxy. */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { BUG_NAMES, isBugName } from '../../impl/bugs.js';
import { WORKLOAD_NAMES } from '../../workloads/index.js';
import { NEMESIS_NAMES, parseNemeses } from '../faults/nemeses.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { parseSchedule } from '../faults/schedule-json.js';
import { onInterrupt } from '../real/process/interrupts.js';
import { runChaosTest, type RunOutcome } from '../real/run.js';
import { faultlineTest, TEST_DEFAULTS, type ChaosTest, type RunOptions } from '../real/test.js';
import { JUnitReport, junitRun } from '../ci/junit.js';
import { systemNames } from '../systems/registry.js';
import { replayTest, seedPlan, systemTest } from './run-tests.js';
import { READ_MODES } from '../systems/faultline/system.js';
import { ExitCode, UserError } from './exit-codes.js';
import { nonNegativeNumber, oneOf, positiveSeconds, wholeNumber } from './flags.js';
import { createDisplay } from './run-display.js';
import { summarize } from './run-summary.js';

interface RunFlags {
  nodes: string;
  concurrency: string;
  timeLimit: string;
  rate: string;
  keys: string;
  workload: string;
  nemesis: string;
  nemesisInterval: string;
  seed?: string;
  readMode: string;
  bug: string[];
  store: string;
  testCount: string;
  schedule?: string;
  leaveRunning?: boolean;
  cut: string;
  failFast?: boolean;
  system: string;
  seeds?: string;
  shard?: string;
  junit?: string;
  replay?: string;
}

const HELP = `
Nemeses: ${NEMESIS_NAMES.join(', ')}, all, none.
Exit codes: 0 every run valid, 1 a run invalid, 2 a run unknown (the checker ran out of time or memory),
254 bad arguments or setup (a missing Toxiproxy or libfaketime, a port in use), 255 the harness failed.`;

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run chaos tests against real node processes behind Toxiproxy, check the histories, store and report them')
    .option('--nodes <n>', 'cluster size', String(TEST_DEFAULTS.nodes))
    .option('--concurrency <n>', 'client processes running operations at once', String(TEST_DEFAULTS.concurrency))
    .option('--time-limit <s>', 'seconds of operations and faults before the final phase', String(TEST_DEFAULTS.timeLimitMs / 1000))
    .option('--rate <ops>', 'operations per second across all clients (0: unlimited)', String(TEST_DEFAULTS.rate))
    .option('--keys <n>', 'independent keys the workload spreads over', String(TEST_DEFAULTS.keys))
    .option('--workload <name>', `${WORKLOAD_NAMES.join(' or ')}`, 'register')
    .option('--nemesis <list>', 'comma-separated nemeses (or all, none)', 'all')
    .option('--nemesis-interval <s>', 'seconds per fault slot: one fault at a time, each followed by a quiet quarter slot', String(TEST_DEFAULTS.nemesisIntervalMs / 1000))
    .option('--seed <n>', 'the seed of the operations and the fault schedule (default: random, printed)')
    .option('--read-mode <mode>', `how nodes serve reads: ${READ_MODES.join(', ')}`, 'index')
    .addOption(new Option('--bug <name...>', 'switch on a seeded bug in every node').choices(BUG_NAMES).default([]))
    .option('--store <dir>', 'where run folders go', 'store')
    .option('--test-count <n>', 'run the test this many times, seeds seed, seed+1, …', '1')
    .option('--schedule <file>', 'replay this fault schedule (JSON, e.g. from faultline sim) instead of drawing one')
    .option('--leave-running', 'leave the nodes and Toxiproxy running afterwards (prints their pids)')
    .option('--fail-fast', 'check the history every 5 s while the run goes on and stop at the first violation')
    .option('--cut <mode>', 'partitions drop packets silently (drop) or refuse connections (refuse)', TEST_DEFAULTS.cutMode)
    .option('--system <name>', `the system under test: ${systemNames().join(', ')}`, 'faultline')
    .option('--seeds <from..to>', 'run every seed of this range (instead of --seed and --test-count)')
    .option('--shard <i/n>', "run only this machine's share of the seeds: the i-th of n consecutive blocks")
    .option('--junit <file>', 'write a JUnit XML report: one test case per run, with its replay command')
    .option('--replay <run-dir>', "run a recorded run again: its test.json's system, options, seed and schedule")
    .addHelpText('after', HELP)
    .action(async (flags: RunFlags) => {
      process.exitCode = await runCommand(flags);
    });
}

function parseTest(flags: RunFlags, seed: number, schedule: FaultSchedule | null): ChaosTest {
  const workload = oneOf('workload', flags.workload, WORKLOAD_NAMES);
  const nemeses = flags.nemesis === 'none' ? [] : parseNemeses([flags.nemesis]);
  const options: RunOptions = {
    workload,
    nodes: schedule?.nodes ?? wholeNumber('nodes', flags.nodes, 1, 9),
    concurrency: wholeNumber('concurrency', flags.concurrency, 1, 1000),
    timeLimitMs: positiveSeconds('time-limit', flags.timeLimit) * 1000,
    rate: nonNegativeNumber('rate', flags.rate),
    keys: wholeNumber('keys', flags.keys, 1, 100_000),
    nemeses: schedule === null ? nemeses : parseNemeses(schedule.nemeses.length === 0 ? [] : [schedule.nemeses.join(',')]),
    nemesisIntervalMs: positiveSeconds('nemesis-interval', flags.nemesisInterval) * 1000,
    seed,
    schedule,
    ...(flags.schedule === undefined ? {} : { scheduleFile: flags.schedule }),
    cutMode: oneOf('cut', flags.cut, ['drop', 'refuse'] as const),
    leaveRunning: flags.leaveRunning === true,
    store: flags.store,
  };
  if (flags.system !== 'faultline') {
    if (flags.bug.length > 0 || flags.readMode !== 'index') throw new UserError(`--bug and --read-mode are our store's: --system ${flags.system} has neither`);
    return systemTest(flags.system, options, process.argv.slice(2));
  }
  return faultlineTest({ ...options, readMode: oneOf('read-mode', flags.readMode, READ_MODES), bugs: flags.bug.filter(isBugName) }, process.argv.slice(2));
}

function readScheduleFile(path: string): FaultSchedule {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`--schedule ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseSchedule(text, path);
}

const VERDICT_EXIT = { valid: ExitCode.valid, invalid: ExitCode.invalid, unknown: ExitCode.unknown } as const;
/** The worst of several runs: invalid over unknown over valid. */
const SEVERITY = [ExitCode.valid, ExitCode.unknown, ExitCode.invalid] as const;

async function runCommand(flags: RunFlags): Promise<number> {
  if (flags.replay !== undefined && (flags.seed !== undefined || flags.seeds !== undefined || flags.shard !== undefined || flags.schedule !== undefined || flags.system !== 'faultline')) {
    throw new UserError('--replay runs what the run folder recorded: leave out --seed, --seeds, --shard, --schedule and --system');
  }
  const schedule = flags.schedule === undefined ? null : readScheduleFile(flags.schedule);
  const plan = flags.replay === undefined ? seedPlan(flags, () => Math.floor(Math.random() * 2 ** 31)) : null;
  const tests = plan === null ? [replayTest(flags.replay!, flags.store, process.argv.slice(2))] : plan.seeds.map((seed) => parseTest(flags, seed, schedule));
  const count = tests.length;
  const junit = flags.junit === undefined ? null : new JUnitReport(flags.junit, 'faultline run');
  const display = createDisplay();
  if (plan !== null && flags.shard !== undefined) display.line(`faultline run: ${plan.described}`);
  const controller = new AbortController();
  const removeHandlers = onInterrupt((signal) => {
    display.line(`faultline: ${signal}: winding down (healing, stopping the nodes, checking what was recorded); again to kill at once`);
    controller.abort(signal);
  });
  let worst: ExitCode = ExitCode.valid;
  try {
    for (const [k, test] of tests.entries()) {
      if (controller.signal.aborted) break;
      display.line(`faultline run: ${test.name}, seed ${test.seed}${count > 1 ? ` (${k + 1}/${count})` : ''}, ${test.nodes} nodes, nemeses: ${test.nemeses.join(',') || 'none'}`);
      const started = Date.now();
      let outcome: RunOutcome;
      try {
        outcome = await runChaosTest(test, {
          signal: controller.signal,
          onProgress: (p) => display.progress(p),
          onNotice: (message) => display.line(`faultline: ${message}`),
          ...(flags.failFast === true ? { checkEveryMs: 5000 } : {}),
        });
      } catch (error) {
        junit?.add({ test: test.name, seed: test.seed, seconds: (Date.now() - started) / 1000, outcome: 'error', reason: (error as Error).message, replay: test.replay });
        throw error;
      }
      junit?.add(junitRun(test, outcome, (Date.now() - started) / 1000));
      display.done();
      display.line(summarize(outcome));
      const code = VERDICT_EXIT[outcome.results.verdict];
      if (SEVERITY.indexOf(code as (typeof SEVERITY)[number]) > SEVERITY.indexOf(worst as (typeof SEVERITY)[number])) worst = code;
    }
  } finally {
    removeHandlers();
    display.done();
  }
  if (count > 1) display.line(`${count} runs: exit ${worst}`);
  if (count === 0) display.line('faultline run: no seeds in this shard: nothing to run');
  if (junit !== null) display.line(`junit: ${flags.junit}`);
  return worst;
}
