/**
 * `store/index.html`: every run in the store, newest first — verdict, date, test,
 * configuration, ops, and a link to its report. A plain page, self-contained like
 * the reports; rebuilt after each run.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { escapeHtml, jsonForScript } from './html.js';
import { findField } from './run-folder.js';

export interface RunSummary {
  readonly test: string;
  readonly run: string;
  /** Relative to the store. */
  readonly path: string;
  readonly verdict: 'valid' | 'invalid' | 'unknown' | 'no result';
  readonly startedAt: string;
  /** For ordering: test.json's startedAtMs, its startedAt, the folder's name as a compact ISO time, or the folder's mtime. */
  readonly startedMs: number;
  readonly configuration: string;
  readonly ops: number | null;
  readonly hasReport: boolean;
}

/** Fields of the test value worth a glance in a list of runs, when present. */
const GLANCE = ['system', 'workload', 'nemesis', 'nemeses', 'nodes', 'clients', 'ops', 'rate', 'duration', 'durationS', 'timeLimit', 'readMode', 'bug', 'bugs', 'seed'];

export function listRuns(storeDir: string): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const test of subfolders(storeDir)) {
    for (const run of subfolders(join(storeDir, test))) {
      const dir = join(storeDir, test, run);
      if (!existsSync(join(dir, 'test.json')) && !existsSync(join(dir, 'history.jsonl'))) continue;
      runs.push(summarise(storeDir, test, run, dir));
    }
  }
  return runs.sort((a, b) => b.startedMs - a.startedMs);
}

/** Real folders only: `store/latest` is a link to a run, not a test. */
function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => {
    const stat = lstatSync(join(dir, name));
    return stat.isDirectory() && !stat.isSymbolicLink();
  });
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function summarise(storeDir: string, test: string, run: string, dir: string): RunSummary {
  const testValue = readJson(join(dir, 'test.json'));
  const results = readJson(join(dir, 'results.json'));
  const verdict = results?.verdict;
  const name = testValue?.name;
  const startedAt = testValue?.startedAt;
  const checker = results?.checker as { opCount?: unknown } | undefined;
  const counts = results?.counts as { ops?: unknown } | undefined;
  const ops = typeof counts?.ops === 'number' ? counts.ops : typeof checker?.opCount === 'number' ? checker.opCount : null;
  return {
    test: typeof name === 'string' ? name : test,
    run,
    path: relative(storeDir, dir),
    verdict: verdict === 'valid' || verdict === 'invalid' || verdict === 'unknown' ? verdict : 'no result',
    startedAt: typeof startedAt === 'string' ? startedAt : run,
    startedMs: startedMsOf(testValue, run, dir),
    configuration: GLANCE.flatMap((field) => {
      const value = findField(testValue, field);
      if (value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value))) return [];
      return [`${field} ${Array.isArray(value) ? value.join(',') : String(value)}`];
    }).join(' · '),
    ops,
    hasReport: existsSync(join(dir, 'report.html')),
  };
}

function startedMsOf(test: Record<string, unknown> | null, run: string, dir: string): number {
  if (typeof test?.startedAtMs === 'number') return test.startedAtMs;
  const fromIso = typeof test?.startedAt === 'string' ? Date.parse(test.startedAt) : NaN;
  if (!Number.isNaN(fromIso)) return fromIso;
  const compact = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2})[-:]?(\d{2})[-:]?(\d{2})/.exec(run);
  if (compact !== null) return Date.UTC(+compact[1]!, +compact[2]! - 1, +compact[3]!, +compact[4]!, +compact[5]!, +compact[6]!);
  return statSync(dir).mtimeMs;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #101828; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } .muted { color: #475467; }
input { font: inherit; border: 1px solid #d0d5dd; border-radius: 6px; padding: 4px 8px; min-width: 320px; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; } th { text-align: left; color: #475467; font-weight: 600; font-size: 12px; border-bottom: 1px solid #eaecf0; padding: 6px 8px; }
td { padding: 5px 8px; border-bottom: 1px solid #f2f4f7; vertical-align: top; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pill { display: inline-block; border-radius: 6px; padding: 1px 8px; color: #fff; font-weight: 650; font-size: 12.5px; }
.v-valid { background: #079455; } .v-invalid { background: #d92d20; } .v-unknown { background: #dc6803; } .v-no-result { background: #98a2b3; }
a { color: #1849a9; } .config { color: #475467; font-size: 13px; }`;

const FILTER_SCRIPT = `
const input = document.getElementById('filter');
input.addEventListener('input', () => {
  const q = input.value.trim().toLowerCase();
  for (const row of document.querySelectorAll('tbody tr')) row.hidden = q !== '' && !row.textContent.toLowerCase().includes(q);
});`;

export function storeIndexHtml(runs: readonly RunSummary[]): string {
  const counts = { valid: 0, invalid: 0, unknown: 0, 'no result': 0 };
  for (const r of runs) counts[r.verdict]++;
  const rows = runs.map((r) => {
    const link = r.hasReport ? `<a href="${escapeHtml(encodeURI(`${r.path}/report.html`))}">report</a>` : `<a href="${escapeHtml(encodeURI(r.path))}/">folder</a>`;
    return `<tr><td><span class="pill v-${r.verdict.replace(' ', '-')}">${escapeHtml(r.verdict)}</span></td><td>${escapeHtml(r.startedAt)}</td><td>${escapeHtml(r.test)}</td><td class="config">${escapeHtml(r.configuration)}</td><td class="num">${r.ops === null ? '' : r.ops.toLocaleString('en-US')}</td><td>${link}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>faultline runs</title><style>${STYLE}</style></head>
<body><main>
<h1>faultline runs</h1>
<div class="muted">${runs.length} runs: ${counts.valid} valid, ${counts.invalid} invalid, ${counts.unknown} unknown${counts['no result'] > 0 ? `, ${counts['no result']} without a result` : ''}. Newest first.</div>
<input id="filter" type="search" placeholder="Filter runs (verdict, test, configuration…)" aria-label="Filter runs">
<table><thead><tr><th>verdict</th><th>started</th><th>test</th><th>configuration</th><th>ops</th><th></th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<script type="application/json" id="runs">${jsonForScript(runs)}</script>
<script>${FILTER_SCRIPT}</script>
</main></body></html>
`;
}

/** Rebuilds `storeDir/index.html`; returns its path. */
export function writeStoreIndex(storeDir: string): string {
  const path = join(storeDir, 'index.html');
  writeFileSync(path, storeIndexHtml(listRuns(storeDir)));
  return path;
}
