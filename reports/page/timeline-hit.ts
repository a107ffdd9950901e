/** What is under the pointer on the timeline: an op, or the faults, marks and leaderships of a node row. */
import type { Report } from './report.js';
import { opNear } from './rows.js';
import { AXIS_HEIGHT, LABEL_WIDTH, lanesTop, NODE_ROW_HEIGHT, plotWidth, ROW_HEIGHT, tOf, type View } from './timeline-draw.js';

/** The op drawn at (x, y), within 3 pixels; -1 for none. */
export function opAt(r: Report, view: View, x: number, y: number): number {
  if (x < LABEL_WIDTH || y < lanesTop(view)) return -1;
  const row = view.rows[Math.floor((y - lanesTop(view)) / ROW_HEIGHT + view.firstRow)];
  if (row === undefined) return -1;
  const pxTicks = (view.t1 - view.t0) / plotWidth(view);
  return opNear(r.ops, row.ops, tOf(view, x), pxTicks * 3);
}

/** What the fault row or a node row says at (x, y), in lines; null for nothing. */
export function markAt(r: Report, view: View, x: number, y: number): string | null {
  if (y < AXIS_HEIGHT || y >= lanesTop(view)) return null;
  const t = tOf(view, x);
  const span = r.data.span;
  const slack = ((view.t1 - view.t0) / plotWidth(view)) * 4;
  if (y < AXIS_HEIGHT + view.faultRowHeight) {
    const band = r.data.faults.find((b) => t >= b.start - slack && t <= (b.end ?? span) + slack);
    return band === undefined ? null : `${band.kind}${band.label === '' ? '' : `: ${band.label}`}${band.end === null ? ' (never ended)' : ''}`;
  }
  const node = view.nodeRows[Math.floor((y - AXIS_HEIGHT - view.faultRowHeight) / NODE_ROW_HEIGHT)];
  if (node === undefined) return null;
  const marks = r.data.marks.filter((m) => (m.node ?? '') === node && Math.abs(m.time - t) <= slack);
  if (marks.length > 0) return marks.map((m) => `${m.node ?? 'nemesis'}: ${m.label}`).slice(0, 6).join('\n');
  const band = r.data.faults.find((b) => b.nodes.includes(node) && t >= b.start && t <= (b.end ?? span));
  const leads = r.data.leaders.some((l) => l.node === node && t >= l.start && t <= (l.end ?? span));
  const lines = [band === undefined ? null : `${node}: ${band.kind}${band.label === '' ? '' : ` (${band.label})`}`, leads ? `${node} is the leader` : null];
  const said = lines.filter((l) => l !== null);
  return said.length === 0 ? null : said.join('\n');
}
