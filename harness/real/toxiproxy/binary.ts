/**
 * Finds the Toxiproxy server: TOXIPROXY_SERVER, then `toxiproxy-server` on PATH, then
 * the one scripts/install.sh builds into tools/.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SetupError } from '../errors.js';
import { packageRoot } from '../paths.js';

export const TOXIPROXY_HOWTO =
  'no Toxiproxy server: run `bash scripts/install.sh` (builds tools/toxiproxy-server with Go), ' +
  'put toxiproxy-server on PATH, or set TOXIPROXY_SERVER to one (v2.12.0)';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function locateToxiproxy(env: NodeJS.ProcessEnv = process.env, root: string = packageRoot()): string {
  const named = env.TOXIPROXY_SERVER;
  if (named !== undefined && named !== '') {
    if (executable(named)) return named;
    throw new SetupError(`TOXIPROXY_SERVER=${named} is not an executable file; ${TOXIPROXY_HOWTO}`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'toxiproxy-server');
    if (executable(candidate)) return candidate;
  }
  const built = join(root, 'tools', 'toxiproxy-server');
  if (executable(built)) return built;
  throw new SetupError(TOXIPROXY_HOWTO);
}
