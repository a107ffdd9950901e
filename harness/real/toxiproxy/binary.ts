/**
 * Finds the Toxiproxy server: TOXIPROXY_SERVER, then `toxiproxy-server` on PATH, then
 * the one scripts/install.sh builds into tools/.
 */
import { join } from 'node:path';
import { locateExecutable } from '../executables.js';
import { packageRoot } from '../paths.js';

export const TOXIPROXY_HOWTO =
  'no Toxiproxy server: run `bash scripts/install.sh` (builds tools/toxiproxy-server with Go), ' +
  'put toxiproxy-server on PATH, or set TOXIPROXY_SERVER to one (v2.12.0)';

export function locateToxiproxy(env: NodeJS.ProcessEnv = process.env, root: string = packageRoot()): string {
  return locateExecutable(
    { name: 'toxiproxy-server', envVar: 'TOXIPROXY_SERVER', fallbacks: [join(root, 'tools', 'toxiproxy-server')], howto: TOXIPROXY_HOWTO },
    env,
  );
}
