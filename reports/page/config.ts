/** The run's configuration (the test value) as a readable tree. */
import { h } from './dom.js';

export function configView(value: unknown, depth = 0): HTMLElement {
  if (typeof value === 'string') return h('code', { class: 'config-scalar' }, value);
  if (value === null || typeof value !== 'object') return h('code', { class: 'config-scalar' }, JSON.stringify(value) ?? 'null');
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return h('code', { class: 'config-scalar' }, value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const table = h('table', { class: 'config' }, h('tbody', {}, ...entries.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, configView(v, depth + 1))))));
  if (depth < 2) return table;
  return h('details', {}, h('summary', {}, Array.isArray(value) ? `${value.length} items` : `${entries.length} fields`), table);
}
