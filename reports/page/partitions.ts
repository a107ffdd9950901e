/** Per-key drill-down: every partition the checker searched, worst first; picking one shows its ops alone on the timeline. */
import { h } from './dom.js';
import { formatCount } from './format.js';
import type { Report } from './report.js';

const SHOWN = 40;
const RANK = { invalid: 0, unknown: 1, valid: 2 } as const;

export function partitionsTable(r: Report, onPick: (key: number | null) => void): HTMLElement {
  const { check, keys } = r.data;
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const rows = [...check.partitions].sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || b.ops - a.ops);
  const body = h('tbody');
  const add = (from: number, to: number): void => {
    for (const p of rows.slice(from, to)) {
      const key = p.partition === null ? undefined : keyIndex.get(p.partition);
      const button =
        key === undefined
          ? null
          : h('button', { type: 'button', class: 'link-button', onclick: () => onPick(key) }, 'show on the timeline');
      body.append(h('tr', { class: `verdict-row-${p.verdict}` }, h('td', {}, p.partition ?? '(all ops)'), h('td', { class: 'num' }, formatCount(p.ops)), h('td', {}, p.verdict), h('td', { class: 'num' }, formatCount(p.steps)), h('td', {}, button)));
    }
  };
  add(0, SHOWN);
  const rest = rows.length - SHOWN;
  const more = rest > 0 ? h('button', { type: 'button', class: 'link-button' }, `Show the other ${formatCount(rest)}`) : null;
  more?.addEventListener('click', () => {
    add(SHOWN, rows.length);
    more.remove();
  });
  const unsearched = check.partitionCount - check.partitions.length;
  return h(
    'div',
    {},
    h('table', { class: 'ops-table partitions' }, h('thead', {}, h('tr', {}, h('th', {}, 'key'), h('th', {}, 'ops'), h('th', {}, 'verdict'), h('th', {}, 'search steps'), h('th', {}))), body),
    more,
    unsearched > 0 ? h('p', { class: 'muted' }, `${formatCount(unsearched)} more partitions were not searched: the check stopped at the first one that is not valid.`) : null,
  );
}
