/**
 * Finds a program the harness runs: the file an environment variable names, then the
 * program on PATH, then known install locations; otherwise one line that says how to
 * get it.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SetupError } from './errors.js';

export interface ExecutableSearch {
  /** The program's file name on PATH. */
  readonly name: string;
  /** The environment variable that names it, checked first. */
  readonly envVar: string;
  /** Where it may be when it is not on PATH, in order. */
  readonly fallbacks: readonly string[];
  /** What to do when it is nowhere: the error's one line. */
  readonly howto: string;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function locateExecutable(search: ExecutableSearch, env: NodeJS.ProcessEnv = process.env): string {
  const named = env[search.envVar];
  if (named !== undefined && named !== '') {
    if (isExecutable(named)) return named;
    throw new SetupError(`${search.envVar}=${named} is not an executable file; ${search.howto}`);
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, search.name));
  const found = [...onPath, ...search.fallbacks].find(isExecutable);
  if (found === undefined) throw new SetupError(search.howto);
  return found;
}
