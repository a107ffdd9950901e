/** `faultline sim`: seeded fault schedules against the real core in one process, on virtual time. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { historyToJsonl } from '../../checkers/history/jsonl.js';
import { BUG_NAMES, isBugName, type BugName } from '../../impl/bugs.js';
import { checkRun } from '../sim/check-run.js';
import { isNemesis, NEMESES, scheduleFromSeed } from '../sim/schedule.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from '../sim/simulator.js';
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
  out?: string;
  reportAll?: boolean;
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run seeded fault schedules in the deterministic simulator (exit 0 all valid, 1 a violation)')
    .option('--nodes <n>', 'cluster size', '5')
    .option('--seed <s>', 'first seed; schedule k uses seed + k', '1')
    .option('--ops <n>', 'client operations per schedule', '1000')
    .option('--schedules <k>', 'how many schedules to run', '20')
    .addOption(new Option('--bug <name...>', 'switch on a seeded bug').choices(BUG_NAMES).default([]))
    .addOption(new Option('--nemesis <name...>', 'draw faults from these nemeses only (default: all)').choices(Object.keys(NEMESES)))
    .option('--out <dir>', 'write each schedule\'s history.jsonl under this folder, and report.html for each invalid one')
    .option('--report-all', 'with --out, write report.html for every schedule, valid ones too')
    .action(async (flags: SimFlags) => {
      process.exitCode = await runSim(flags);
    });
}

function positiveInt(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UserError(`--${name} takes a whole number ≥ ${min}, got "${text}"`);
  return n;
}

async function runSim(flags: SimFlags): Promise<number> {
  const nodes = positiveInt('nodes', flags.nodes);
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed takes a whole number, got "${flags.seed}"`);
  const ops = positiveInt('ops', flags.ops);
  const schedules = positiveInt('schedules', flags.schedules);
  const bugs = new Set<BugName>(flags.bug.filter(isBugName));
  const nemeses = flags.nemesis?.filter(isNemesis);
  if (flags.reportAll === true && flags.out === undefined) throw new UserError('--report-all writes reports under --out: give --out DIR too');
  const model = registerWorkload().model;
  let failures = 0;
  for (let k = 0; k < schedules; k++) {
    const s = seed + k;
    const started = performance.now();
    const schedule = scheduleFromSeed(s, { nodes, horizonMs: 3000, maxFaults: 30, ...(nemeses === undefined ? {} : { nemeses }) });
    const result = runSchedule(schedule, { ...DEFAULT_SIM_OPTIONS, nodes, ops, seed: s, bugs });
    const verdict = await checkRun(result, model);
    const ms = performance.now() - started;
    const bugFlags = [...bugs].map((b) => ` --bug ${b}`).join('');
    const nemesisFlags = nemeses === undefined ? '' : ` --nemesis ${nemeses.join(' ')}`;
    const replay = `faultline sim --nodes ${nodes} --ops ${ops} --seed ${s} --schedules 1${bugFlags}${nemesisFlags}`;
    if (flags.out !== undefined) {
      const dir = join(flags.out, `seed-${s}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'history.jsonl'), historyToJsonl(result.history));
      if (!verdict.valid || flags.reportAll === true) {
        const config = { nodes, ops, seed: s, bugs: [...bugs], schedule, virtualMs: result.virtualMs, messages: result.messages };
        writeSimReport(join(dir, 'report.html'), { seed: s, events: result.history, check: verdict.linearizability, violations: result.violations, config, replay });
      }
    }
    const line =
      `seed ${s}: ${verdict.valid ? 'valid' : 'INVALID'} — ${ops} ops, ${schedule.nemesis} (${result.faults} faults), ` +
      `${(result.virtualMs / 1000).toFixed(1)} s virtual, ${ms.toFixed(0)} ms`;
    process.stdout.write(`${line}${verdict.reason === null ? '' : `\n  ${verdict.reason}`}\n`);
    if (!verdict.valid) {
      failures++;
      process.stdout.write(`  replay: ${replay}\n`);
    }
  }
  process.stdout.write(`${schedules - failures}/${schedules} schedules valid\n`);
  return failures === 0 ? ExitCode.valid : ExitCode.invalid;
}
