/**
 * Node logs: every line of every node, searchable (plain text, or /a regex/), by node
 * and level, in one virtualised list so that a long run's logs stay fast. Clicking a
 * line marks its time on the timeline.
 */
import type { LogLine, TextLog } from '../data/report-data.js';
import { h } from './dom.js';
import { formatCount, formatTick } from './format.js';
import { LEVEL_COLORS } from './palette.js';
import type { Report } from './report.js';

const LINE_HEIGHT = 20;
const VIEW_LINES = 18;

interface Source {
  readonly label: string;
  readonly count: number;
  /** The line's cells: time, node, level, text. */
  cells(i: number): readonly [string, string, LogLine[2], string];
  time(i: number): number | null;
}

export function logsSection(r: Report, onTime: (t: number) => void): HTMLElement {
  const sources: Source[] = [];
  if (r.data.logs.length > 0) sources.push(nodeSource(r));
  for (const log of r.data.textLogs) sources.push(textSource(log));
  const root = h('div', { class: 'logs' });
  if (sources.length === 0) return root;
  if (r.data.logsOffClock !== null) root.append(h('p', { class: 'muted' }, `Not on the timeline: ${r.data.logsOffClock}.`));

  const sourceSelect = h('select', { 'aria-label': 'Which log' }, ...sources.map((s, i) => h('option', { value: String(i) }, `${s.label} (${formatCount(s.count)} lines)`)));
  const nodeSelect = h('select', { 'aria-label': 'Node' }, h('option', { value: '' }, 'all nodes'), ...r.data.nodes.map((n, i) => h('option', { value: String(i) }, n)));
  const levelSelect = h('select', { 'aria-label': 'Level' }, h('option', { value: '' }, 'all levels'), h('option', { value: 'warn' }, 'warnings and errors'), h('option', { value: 'error' }, 'errors'));
  const search = h('input', { type: 'search', placeholder: 'Search the log (text, or /regex/)', 'aria-label': 'Search the log' });
  const count = h('span', { class: 'muted' });
  const spacer = h('div', { class: 'log-spacer' });
  const lines = h('div', { class: 'log-lines' });
  const viewport = h('div', { class: 'log-viewport', tabindex: 0 }, spacer, lines);
  viewport.style.height = `${LINE_HEIGHT * VIEW_LINES}px`;
  root.append(h('div', { class: 'toolbar' }, sourceSelect, nodeSelect, levelSelect, search, count), viewport);

  let matches: number[] = [];
  const source = (): Source => sources[Number(sourceSelect.value)]!;
  const refilter = (): void => {
    const s = source();
    const isNodes = s === sources[0] && r.data.logs.length > 0;
    nodeSelect.hidden = !isNodes;
    levelSelect.hidden = !isNodes;
    const test = matcher(search.value);
    const node = nodeSelect.value === '' || !isNodes ? null : Number(nodeSelect.value);
    const level = levelSelect.value;
    matches = [];
    for (let i = 0; i < s.count; i++) {
      const [, , lineLevel, text] = s.cells(i);
      if (node !== null && r.data.logs[i]![0] !== node) continue;
      if (level === 'warn' && lineLevel === 'info') continue;
      if (level === 'error' && lineLevel !== 'error') continue;
      if (test !== null && !test(text)) continue;
      matches.push(i);
    }
    count.textContent = `${formatCount(matches.length)} of ${formatCount(s.count)} lines`;
    spacer.style.height = `${matches.length * LINE_HEIGHT}px`;
    viewport.scrollTop = 0;
    paint();
  };
  const paint = (): void => {
    const s = source();
    const first = Math.floor(viewport.scrollTop / LINE_HEIGHT);
    lines.style.transform = `translateY(${first * LINE_HEIGHT}px)`;
    lines.replaceChildren(
      ...matches.slice(first, first + VIEW_LINES + 2).map((i) => {
        const [time, node, level, text] = s.cells(i);
        const t = s.time(i);
        const line = h('div', { class: `log-line level-${level}` }, h('span', { class: 'log-time' }, time), h('span', { class: 'log-node' }, node), h('span', { class: 'log-text' }, text));
        line.style.borderLeftColor = LEVEL_COLORS[level];
        if (t !== null) {
          line.classList.add('clickable');
          line.title = 'Show this moment on the timeline';
          line.addEventListener('click', () => onTime(t));
        }
        return line;
      }),
    );
  };
  viewport.addEventListener('scroll', paint);
  for (const control of [sourceSelect, nodeSelect, levelSelect]) control.addEventListener('change', refilter);
  search.addEventListener('input', refilter);
  refilter();
  return root;
}

function nodeSource(r: Report): Source {
  const logs = r.data.logs;
  return {
    label: 'node logs',
    count: logs.length,
    cells(i) {
      const [node, time, level, event, fields] = logs[i]!;
      return [time === null ? '' : formatTick(r.data.axis, time), r.data.nodes[node]!, level, fields === '' ? event : `${event} ${fields}`];
    },
    time: (i) => logs[i]![1],
  };
}

function textSource(log: TextLog): Source {
  return { label: log.name, count: log.lines.length, cells: (i) => ['', '', 'info', log.lines[i]!], time: () => null };
}

/** Plain text matches case-insensitively; /…/ is a regular expression (an invalid one matches as text). */
export function matcher(query: string): ((text: string) => boolean) | null {
  const q = query.trim();
  if (q === '') return null;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(q);
  if (regex !== null) {
    try {
      const re = new RegExp(regex[1]!, regex[2]!.includes('i') ? 'i' : '');
      return (text) => re.test(text);
    } catch {
      // fall through to plain text
    }
  }
  const needle = q.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}
