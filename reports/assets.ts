/**
 * The page's script and style sheet, built by `npm run build` (esbuild bundles
 * reports/page with uPlot into dist/reports/page/). A report inlines both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PageAssets {
  readonly script: string;
  readonly style: string;
}

/** The folder holding package.json, above this module (in the source tree or in dist/). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the faultline folder (package.json) above reports/');
    dir = parent;
  }
  return dir;
}

let cached: PageAssets | undefined;

export function pageAssets(): PageAssets {
  if (cached !== undefined) return cached;
  const dir = join(repositoryRoot(), 'dist', 'reports', 'page');
  const script = join(dir, 'page.js');
  const style = join(dir, 'page.css');
  if (!existsSync(script) || !existsSync(style)) {
    throw new MissingPageError(`the report page is not built (${script}): run npm run build`);
  }
  cached = { script: readFileSync(script, 'utf8'), style: readFileSync(style, 'utf8') };
  return cached;
}

export class MissingPageError extends Error {
  override readonly name = 'MissingPageError';
}
