/** `faultline sim`: seeded fault schedules against the real core in one process, on virtual time. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { historyToJsonl } from '../../checkers/history/jsonl.js';
import { BUG_NAMES, isBugName, type BugName } from '../../impl/bugs.js';
import { READ_MODES, type ReadModeName } from '../../impl/server/node/config.js';
import { scheduleFromSeed, type ScheduleShape } from '../faults/arbitrary.js';
import { NEMESIS_NAMES, parseNemeses } from '../faults/nemeses.js';
import { parseSchedule, scheduleToJson } from '../faults/schedule-json.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { checkRun } from '../sim/check-run.js';
import { simJudge } from '../sim/search.js';
import { describeSize, shrinkCase, SIM_SHRINK_RUNS } from '../faults/shrink.js';
import { DEFAULT_SCHEDULES, DEFAULT_SHAPE, DEFAULT_SIM_OPTIONS, runSchedule } from '../sim/simulator.js';
import { registerWorkload } from '../../workloads/register.js';
import { writeSimReport } from '../../reports/sim-report.js';
import { ExitCode, UserError } from './exit-codes.js';

interface SimFlags {
  nodes: string;
  seed: string;
  ops: string;
  schedules: string;
  bug: string[];
  nemesis?: string[];
  readMode: ReadModeName;
  schedule?: string;
  out?: string;
  reportAll?: boolean;
  shrink?: boolean;
}


export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run seeded fault schedules in the deterministic simulator (exit 0 all valid, 1 a violation)')
    .option('--nodes <n>', 'cluster size, or a range each schedule draws from (e.g. 3-7)', '3-7')
    .option('--seed <s>', 'first seed; schedule k uses seed + k', '1')
    .option('--ops <n>', 'client operations per schedule', '1000')
    .option('--schedules <k>', 'how many schedules to run', String(DEFAULT_SCHEDULES))
    .addOption(new Option('--bug <name...>', 'switch on a seeded bug').choices(BUG_NAMES).default([]))
    .option('--nemesis <name...>', `draw faults from these nemeses only: ${[...NEMESIS_NAMES, 'all'].join(', ')} (default: all)`)
    .addOption(new Option('--read-mode <mode>', 'how nodes serve reads: index (ReadIndex), lease, or local (stale)').choices(Object.keys(READ_MODES)).default('index'))
    .option('--schedule <file>', 'replay this schedule (JSON, as --out writes it) instead of drawing schedules')
    .option('--out <dir>', "write each schedule's schedule.json and history.jsonl under this folder, and report.html for each invalid one")
    .option('--report-all', 'with --out, write report.html for every schedule, valid ones too')
    .option('--shrink', 'shrink each invalid schedule (fewer faults, ops, targets, shorter faults) and write it as shrunk.json under --out')
    .action(async (flags: SimFlags) => {
      process.exitCode = await runSim(flags);
    });
}

function positiveInt(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UserError(`--${name} takes a whole number ≥ ${min}, got "${text}"`);
  return n;
}

function clusterSizes(text: string): ScheduleShape['nodes'] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range === null) return positiveInt('nodes', text);
  const [min, max] = [Number(range[1]), Number(range[2])];
  if (min < 1 || max < min) throw new UserError(`--nodes takes N or MIN-MAX with 1 ≤ MIN ≤ MAX, got "${text}"`);
  return { min, max };
}

function readScheduleFile(path: string): FaultSchedule {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read --schedule ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSchedule(text, path);
}

async function runSim(flags: SimFlags): Promise<number> {
  if (flags.reportAll === true && flags.out === undefined) throw new UserError('--report-all writes reports under --out: give --out DIR too');
  if (flags.shrink === true && flags.out === undefined) throw new UserError('--shrink writes the shrunk schedule under --out: give --out DIR too');
  const sizes = clusterSizes(flags.nodes);
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed takes a whole number, got "${flags.seed}"`);
  const ops = positiveInt('ops', flags.ops);
  const replayed = flags.schedule === undefined ? null : readScheduleFile(flags.schedule);
  const schedules = replayed === null ? positiveInt('schedules', flags.schedules) : 1;
  const bugs = new Set<BugName>(flags.bug.filter(isBugName));
  const nemeses = flags.nemesis === undefined ? undefined : parseNemeses(flags.nemesis);
  const readMode = READ_MODES[flags.readMode];
  const shape: ScheduleShape = { ...DEFAULT_SHAPE, nodes: sizes, ...(nemeses === undefined ? {} : { nemeses }) };
  const model = registerWorkload().model;
  let failures = 0;
  for (let k = 0; k < schedules; k++) {
    // Runs are synchronous: let I/O through between them (a closed stdout is noticed here).
    await new Promise((resolve) => setImmediate(resolve));
    const s = seed + k;
    const started = performance.now();
    const schedule = replayed ?? scheduleFromSeed(s, shape);
    const result = runSchedule(schedule, { ...DEFAULT_SIM_OPTIONS, ops, seed: s, bugs, readMode });
    const verdict = await checkRun(result, model);
    const ms = performance.now() - started;
    const flagsOf = (name: string, values: readonly string[]): string => (values.length === 0 ? '' : ` --${name} ${values.join(' ')}`);
    const source = replayed === null ? ` --nodes ${flags.nodes}${flagsOf('nemesis', nemeses ?? [])} --schedules 1` : ` --schedule ${flags.schedule}`;
    const readFlag = flags.readMode === 'index' ? '' : ` --read-mode ${flags.readMode}`;
    const replay = `faultline sim${source} --ops ${ops} --seed ${s}${flagsOf('bug', [...bugs])}${readFlag}`;
    if (flags.out !== undefined) {
      const dir = join(flags.out, `seed-${s}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'schedule.json'), scheduleToJson(schedule));
      writeFileSync(join(dir, 'history.jsonl'), historyToJsonl(result.history));
      if (!verdict.valid || flags.reportAll === true) {
        const config = { nodes: schedule.nodes, ops, seed: s, bugs: [...bugs], readMode: flags.readMode, schedule, virtualMs: result.virtualMs, messages: result.messages };
        writeSimReport(join(dir, 'report.html'), { seed: s, events: result.history, check: verdict.linearizability, violations: result.violations, config, replay });
      }
    }
    const line =
      `seed ${s}: ${verdict.valid ? 'valid' : 'INVALID'} — ${ops} ops, ${schedule.nodes} nodes, ${schedule.nemeses.join('+') || 'no nemesis'} ` +
      `(${result.faults} faults), ${(result.virtualMs / 1000).toFixed(1)} s virtual, ${ms.toFixed(0)} ms`;
    process.stdout.write(`${line}${verdict.reason === null ? '' : `\n  ${verdict.reason}`}\n`);
    if (!verdict.valid) {
      failures++;
      process.stdout.write(`  replay: ${replay}\n`);
      if (flags.shrink === true) {
        const sim = { ...DEFAULT_SIM_OPTIONS, bugs, readMode };
        const shrunk = await shrinkCase({ schedule, length: ops, seed: s }, verdict.reason!, simJudge(sim, model), { maxRuns: SIM_SHRINK_RUNS, minLength: 10 });
        const file = join(flags.out!, `seed-${s}`, 'shrunk.json');
        mkdirSync(join(flags.out!, `seed-${s}`), { recursive: true });
        writeFileSync(file, scheduleToJson(shrunk.shrunk.schedule));
        process.stdout.write(`  shrunk from ${describeSize(shrunk.before, 'ops')} to ${describeSize(shrunk.after, 'ops')} in ${shrunk.runs} runs: ${shrunk.reason}\n`);
        process.stdout.write(`  replay shrunk: faultline sim --schedule ${file} --ops ${shrunk.shrunk.length} --seed ${shrunk.shrunk.seed}${flagsOf('bug', [...bugs])}${readFlag}\n`);
      }
    }
  }
  process.stdout.write(`${schedules - failures}/${schedules} schedules valid\n`);
  return failures === 0 ? ExitCode.valid : ExitCode.invalid;
}
