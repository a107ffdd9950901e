/** Where faultline's own files are, from source (vitest) or from the build (dist/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: the nearest folder up whose package.json is faultline's. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'faultline') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find faultline\'s package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The built CLI that node processes run (`faultline node …`). */
export function cliEntry(): string {
  return join(packageRoot(), 'dist', 'harness', 'cli', 'main.js');
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
