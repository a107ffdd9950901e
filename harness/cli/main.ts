#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { MalformedHistoryError } from '../../checkers/history/errors.js';
import { InvalidScheduleError } from '../faults/schedule.js';
import { registerCheck } from './check.js';
import { registerCluster } from './cluster.js';
import { registerNode } from './node.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSim } from './sim.js';
import { SetupError } from '../real/errors.js';
import { ExitCode, UserError } from './exit-codes.js';

const program = new Command('faultline')
  .description('Jepsen-style chaos testing: simulate, run, check and report')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

// Each subcommand registers itself from its own module.
const registrations: Array<(program: Command) => void> = [registerCheck, registerSim, registerNode, registerCluster, registerReport, registerRun];

for (const register of registrations) register(program);

// `faultline sim | head`: the reader went away; stop quietly instead of dying on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : ExitCode.badInput);
  }
  if (error instanceof UserError || error instanceof MalformedHistoryError || error instanceof SetupError || error instanceof InvalidScheduleError) {
    process.stderr.write(`faultline: ${error.message}\n`);
    process.exit(ExitCode.badInput);
  }
  process.stderr.write(`faultline: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(ExitCode.harnessFailed);
}
