/**
 * npm run bench:report — how big a report is and how fast it draws: the generated
 * histories of the checker benchmark (100,000 ops over 1,000 keys, valid and
 * invalid) and a 10,000-op cut of the valid one, each checked, rendered, and opened
 * in headless Chromium. "first render" is the page's own performance mark: from
 * navigation start (the file read and parsed) to its first complete drawing.
 * Prints figures; asserts nothing.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseHistory } from '../checkers/history/read.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import { haveChromium, launchBrowser } from '../reports/chromium.js';
import { writeReport } from '../reports/render.js';
import { generatedFiles, repositoryRoot } from './checker/corpus.js';

const root = repositoryRoot();
const out = join(root, 'bench', 'generated', 'reports');
mkdirSync(out, { recursive: true });
const reps = Number(process.env.BENCH_REPS ?? 3);

const files = generatedFiles(root, (name) => /-100k-/.test(name)).map((f) => ({ label: f.name.replace(/^kv-|-1000keys.*$/g, ''), path: f.path }));
// A 10,000-op cut of the valid history, to show the size grows linearly.
const full = files[0]!;
const lines = readFileSync(full.path, 'utf8').split('\n');
const cut = join(out, 'kv-10k.jsonl');
writeFileSync(cut, `${lines.slice(0, 20_000).join('\n')}\n`);
files.unshift({ label: '10k (a cut of 100k)', path: cut });

console.log(`${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)}; Node ${process.version}; first render: median of ${reps} page loads`);
const browser = haveChromium() ? await launchBrowser({ width: 1440, height: 900 }) : null;
if (browser === null) console.log('no Chromium at /usr/bin/chromium: sizes only');
const rows: string[][] = [];
for (const { label, path } of files) {
  const history = parseHistory(path, readFileSync(path, 'utf8'), 'jsonl');
  const check = await checkOperations(history.operations, { name: 'kv', initial: null });
  const started = performance.now();
  const report = writeReport(join(out, `${basename(path, '.jsonl')}.html`), { title: label, source: path, events: history.events, check });
  const renderMs = performance.now() - started;
  const bytes = statSync(report).size;
  const ops = history.events.filter((e) => e.type === 'invoke').length;
  const times: number[] = [];
  let drawn = NaN;
  for (let i = 0; browser !== null && i < reps; i++) {
    const opened = await browser.open(report);
    if (opened.errors.length > 0 || opened.requests.length > 0) throw new Error(`${label}: ${[...opened.errors, ...opened.requests].join('; ')}`);
    times.push(opened.renderedAtMs);
    drawn = Number(await opened.page.locator('.timeline').getAttribute('data-op-count'));
    await opened.page.close();
  }
  times.sort((a, b) => a - b);
  rows.push([
    label,
    check.verdict,
    ops.toLocaleString('en-US'),
    (bytes / 1e6).toFixed(2),
    (bytes / ops).toFixed(1),
    renderMs.toFixed(0),
    times.length === 0 ? '—' : times[times.length >> 1]!.toFixed(0),
    Number.isNaN(drawn) ? '—' : drawn.toLocaleString('en-US'),
  ]);
}
await browser?.close();
const head = ['history', 'verdict', 'ops', 'file MB', 'bytes/op', 'write ms', 'first render ms', 'ops drawn'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
console.log(`reports in ${out}`);
