/** The top of the page: what was checked, the verdict in one sentence, the numbers, and how to replay it. */
import { h } from './dom.js';
import { OUTCOME_FAIL, OUTCOME_INFO, OUTCOME_OK, OUTCOME_PENDING } from './decode.js';
import { formatCount, formatSpan } from './format.js';
import { modelWords, type Report } from './report.js';

const VERDICT_WORDS = { valid: 'Valid', invalid: 'Invalid', unknown: 'Unknown' } as const;

export function header(r: Report, onJump: (() => void) | null): HTMLElement {
  const { data } = r;
  const banner = h(
    'div',
    { class: `banner verdict-${data.verdict}`, id: 'verdict' },
    h('div', { class: 'verdict-pill' }, VERDICT_WORDS[data.verdict]),
    h('div', { class: 'verdict-text' }, h('div', { class: 'verdict-sentence' }, sentence(r)), ...data.findings.map((f) => h('div', { class: 'finding' }, f))),
    onJump === null ? null : h('button', { type: 'button', class: 'jump', id: 'jump-to-error', onclick: onJump }, 'Jump to the first error →'),
  );
  return h(
    'header',
    { class: 'page-header' },
    h('div', { class: 'brand' }, 'faultline report'),
    h('h1', {}, data.title),
    h('div', { class: 'muted source' }, data.source, ' · generated ', new Date(data.generatedAt).toLocaleString()),
    banner,
    facts(r),
    replay(r),
    ...data.warnings.map((w) => h('div', { class: 'warning' }, `⚠ ${w}`)),
  );
}

function sentence(r: Report): string {
  const { check } = r.data;
  const c = check.counterexample;
  if (c !== undefined) {
    const where = c.partition === null ? '' : ` on key ${c.partition}`;
    return `Not linearizable: process ${String(c.op.process)}'s ${c.op.description} fits no order of the ops${where} that ${modelWords(check.model)} could produce.`;
  }
  if (r.data.verdict === 'invalid') return check.verdict === 'valid' ? 'Invalid, although the history itself is linearizable:' : 'Invalid:';
  if (check.verdict === 'unknown') {
    const u = check.unknown;
    return `Unknown: the checker ran out of ${u?.reason ?? 'time'} before it could decide.`;
  }
  return `Linearizable: every op fits one order that ${modelWords(check.model)} could produce (${formatCount(check.opCount)} ops checked in ${formatCount(check.partitionCount)} ${check.partitionCount === 1 ? 'partition' : 'partitions'}).`;
}

function facts(r: Report): HTMLElement {
  const { ops, data } = r;
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < ops.count; i++) counts[ops.outcome[i]!]!++;
  const items: Array<[string, string, string?]> = [
    ['ops', formatCount(ops.count)],
    ['ok', formatCount(counts[OUTCOME_OK]!), 'ok'],
    ['failed', formatCount(counts[OUTCOME_FAIL]!), 'fail'],
    ['unknown', formatCount(counts[OUTCOME_INFO]! + counts[OUTCOME_PENDING]!), 'info'],
    ['processes', formatCount(data.processes.length)],
    ...(data.keys.length === 0 ? [] : ([['keys', formatCount(data.keys.length)]] as Array<[string, string]>)),
    [data.axis.kind === 'time' ? 'duration' : 'events', formatSpan(data.axis, data.span).replace(/ events$/, '')],
    ['faults', formatCount(data.faults.length)],
    ['model', data.check.model],
    ['checked in', `${data.check.elapsedMs.toFixed(0)} ms`],
  ];
  if (data.seed !== null) items.push(['seed', data.seed]);
  return h('dl', { class: 'stats' }, ...items.map(([k, v, cls]) => h('div', { class: `stat ${cls === undefined ? '' : `stat-${cls}`}` }, h('dt', {}, k), h('dd', {}, v))));
}

function replay(r: Report): HTMLElement | null {
  const command = r.data.replay;
  if (command === null) return null;
  const code = h('code', { id: 'replay-command' }, command);
  const button = h('button', { type: 'button', class: 'copy' }, 'Copy');
  button.addEventListener('click', () => {
    const done = (): void => {
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
    };
    navigator.clipboard?.writeText(command).then(done, () => selectText(code));
  });
  return h('div', { class: 'replay' }, h('span', { class: 'replay-label' }, 'Replay this run:'), code, button);
}

function selectText(el: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
