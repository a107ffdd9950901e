/** The report page: reads the embedded data and lays out its sections. */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { ReportData } from '../data/report-data.js';
import { chartsSection } from './charts.js';
import { configView } from './config.js';
import { counterexampleSection } from './counterexample.js';
import { h, section } from './dom.js';
import { formatCount } from './format.js';
import { logsSection } from './logs.js';
import { LEADER_COLOR, LEVEL_COLORS, OUTCOME_COLORS, OUTCOME_MEANING, faultColor } from './palette.js';
import { partitionsTable } from './partitions.js';
import { buildReport, type Report } from './report.js';
import { header } from './summary.js';
import { Timeline } from './timeline.js';

performance.mark('faultline:start');

function readData(): ReportData {
  const script = document.getElementById('faultline-data');
  if (script === null || script.textContent === null) throw new Error('this report has no data');
  return JSON.parse(script.textContent) as ReportData;
}

function unknownSection(r: Report): HTMLElement | null {
  const u = r.data.check.unknown;
  if (r.data.check.verdict !== 'unknown' || u === undefined) return null;
  const s = section('search', 'How far the checker got');
  const share = u.partitionOps === 0 ? 0 : u.deepestPrefix / u.partitionOps;
  s.append(
    h(
      'p',
      { class: 'lead' },
      `The checker stopped because it ran out of ${u.reason === 'time' ? 'time (raise --time-limit to give it longer)' : 'memory'}. `,
      `It had found ${formatCount(u.partitionsChecked)} of ${formatCount(u.partitionsTotal)} partitions linearizable. In the partition it was searching (${formatCount(u.partitionOps)} ops), the longest order it built held ${formatCount(u.deepestPrefix)} ops.`,
    ),
    h('div', { class: 'progress', title: `${Math.round(share * 100)} %` }, h('div', { class: 'progress-bar', style: `width: ${(share * 100).toFixed(1)}%` })),
    h('p', { class: 'muted' }, 'An unknown verdict is not a pass: no violation was found, but not every order was ruled out.'),
  );
  return s;
}

function legend(r: Report): HTMLElement {
  const kinds = [...new Set(r.data.faults.map((f) => f.kind))];
  return h(
    'div',
    { class: 'legend' },
    ...(['ok', 'fail', 'info'] as const).map((o) => h('span', { class: 'legend-item' }, h('i', { style: `background:${OUTCOME_COLORS[o]}` }), OUTCOME_MEANING[o])),
    r.failing >= 0 ? h('span', { class: 'legend-item' }, h('i', { style: 'background:#d92d20' }), 'the op that cannot be linearized (dashed: ops concurrent with it)') : null,
    ...kinds.map((k) => h('span', { class: 'legend-item' }, h('i', { style: `background:${faultColor(k)};opacity:.6` }), `fault: ${k}`)),
    r.data.leaders.length > 0 ? h('span', { class: 'legend-item' }, h('i', { style: `background:${LEADER_COLOR};height:3px` }), 'leader (from node logs)') : null,
    r.data.marks.length > 0 ? h('span', { class: 'legend-item' }, h('i', { style: `background:${LEVEL_COLORS.info};width:2px` }), 'node or nemesis event (hover for what)') : null,
  );
}

function main(): void {
  const r = buildReport(readData());
  const app = document.getElementById('app')!;
  const timeline = new Timeline(r);
  const jump = r.failing >= 0 ? () => timeline.focusOp(r.failing) : null;
  const links = { focus: (op: number) => timeline.focusOp(op), hover: (op: number | null) => timeline.highlight(op === null ? [] : [op]) };

  const sections: HTMLElement[] = [];
  const c = r.data.check.counterexample;
  if (c !== undefined) sections.push(counterexampleSection(r, c, links));
  const unknown = unknownSection(r);
  if (unknown !== null) sections.push(unknown);

  const timelineSection = section(
    'timeline',
    'Timeline',
    `Each bar is one op, from when its client called it (left end) to when the answer came (right end); each row is one client at a time. ${r.data.faults.length > 0 ? 'Shaded bands are faults the nemesis injected; ' : ''}${r.nodeRows.length > 0 ? 'node rows show faults and log events per node.' : ''}`,
  );
  timelineSection.append(legend(r), timeline.root);
  sections.push(timelineSection);

  if (r.data.check.partitions.length > 1 || r.data.keys.length > 1) {
    const keys = section('keys', 'Keys', 'The checker checks each key on its own: a history is linearizable when every key\'s ops are. Pick one to see its ops alone on the timeline.');
    keys.append(
      partitionsTable(r, (key) => {
        timeline.setKey(key);
        timeline.root.scrollIntoView({ block: 'start' });
      }),
    );
    sections.push(keys);
  }

  const charts = section('charts', 'Latency and throughput', 'Under the same fault bands as the timeline. Drag across a chart to zoom all three and the timeline; double-click to zoom out.');
  charts.append(chartsSection(r, (t0, t1) => timeline.setRange(t0, t1)));
  sections.push(charts);

  if (r.data.logs.length > 0 || r.data.textLogs.length > 0) {
    const logs = section('logs', 'Logs', 'Click a line to mark its moment on the timeline.');
    logs.append(logsSection(r, (t) => {
      timeline.showTime(t);
      timeline.root.scrollIntoView({ block: 'center' });
    }));
    sections.push(logs);
  }

  const config = section('configuration', 'Configuration');
  config.append(configView(r.data.config ?? { note: 'nothing recorded' }));
  sections.push(config);

  const nav = h(
    'nav',
    { class: 'page-nav' },
    ...sections.map((s) => h('a', { href: `#${s.id}` }, s.querySelector('h2')?.textContent ?? s.id)),
  );
  app.append(header(r, jump), nav, ...sections, h('footer', {}, `faultline · ${formatCount(r.ops.count)} ops · this page is self-contained: it loads nothing from the network.`));
  timeline.mount();
  performance.mark('faultline:rendered');
  (window as unknown as { faultline: unknown }).faultline = { report: r, timeline };
  document.body.dataset.ready = 'true';
}

try {
  main();
} catch (error) {
  document.body.prepend(h('pre', { class: 'fatal' }, `This report could not be drawn: ${error instanceof Error ? error.message : String(error)}`));
  throw error;
}
