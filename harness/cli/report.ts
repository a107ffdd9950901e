/** `faultline report RUN_DIR`: re-renders a stored run's report.html (and the store's index). */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { MissingPageError } from '../../reports/assets.js';
import { renderRunReport, RunFolderError } from '../../reports/run-folder.js';
import { writeStoreIndex } from '../../reports/store-index.js';
import { ExitCode, UserError } from './exit-codes.js';

interface ReportFlags {
  index?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render a stored run as report.html in its folder, and rebuild the store\'s index.html')
    .argument('[run-dir...]', 'run folders (store/<test>/<timestamp>/)')
    .option('--index <store-dir>', 'rebuild this store\'s index.html (done anyway for runs inside a folder named store)')
    .action(async (runDirs: string[], flags: ReportFlags) => {
      process.exitCode = await runReport(runDirs, flags);
    });
}

/** The store a run folder sits in: store/<test>/<timestamp>/ → store/, when it is one. */
export function storeOf(runDir: string): string | null {
  const store = dirname(dirname(resolve(runDir)));
  return basename(store) === 'store' || existsSync(join(store, 'index.html')) ? store : null;
}

async function runReport(runDirs: readonly string[], flags: ReportFlags): Promise<number> {
  if (runDirs.length === 0 && flags.index === undefined) throw new UserError('give a run folder (store/<test>/<timestamp>/), or --index STORE_DIR');
  const stores = new Set<string>(flags.index === undefined ? [] : [resolve(flags.index)]);
  try {
    for (const dir of runDirs) {
      process.stdout.write(`${await renderRunReport(dir)}\n`);
      const store = storeOf(dir);
      if (store !== null) stores.add(store);
    }
  } catch (error) {
    if (error instanceof RunFolderError || error instanceof MissingPageError) throw new UserError(error.message);
    throw error;
  }
  for (const store of stores) {
    if (!existsSync(store)) throw new UserError(`no store at ${store}`);
    process.stdout.write(`${writeStoreIndex(store)}\n`);
  }
  return ExitCode.valid;
}
