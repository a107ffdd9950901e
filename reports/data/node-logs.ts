/**
 * Node logs (one JSON object a line: `{"time": node's Date.now() ms, "node", "level",
 * "event", …fields}`, TEAM.md) as the page shows them: every line, searchable, and the
 * notable ones marked on the timeline.
 */
import type { Leadership, LogLevel, LogLine, Mark } from './report-data.js';

export interface NodeLog {
  readonly node: string;
  readonly text: string;
}

/**
 * Lifecycle, role and membership changes (docs/node.md's events, and words other
 * systems use for them): what a reader looks for on a timeline. Warnings and errors
 * are always marked.
 */
const NOTABLE = /start|stop|ready|exit|crash|kill|restart|pause|resume|clock|role|leader|elect|membership|removed|recover|shutdown|snapshot-installed|fatal/i;
/** A role change, and the role it names (docs/node.md: `role-change` with `role`). */
const ROLE_CHANGE = /role|leader/i;
/** Events after which a node leads no more. */
const DOWN = /stop|shutdown|exit|crash|killed|removed/i;
/** Fields worth showing in a mark's label, in this order. */
const LABEL_FIELDS = ['role', 'term', 'leader', 'change', 'deltaMs', 'reason', 'peer', 'message'];

export interface ParsedLogs {
  readonly nodes: string[];
  readonly lines: LogLine[];
  readonly marks: Mark[];
  readonly leaders: Leadership[];
}

/** `tickOf` turns a node's wall-clock ms into the history's ticks (null: not on its clock). */
export function parseNodeLogs(logs: readonly NodeLog[], tickOf: ((ms: number) => number) | null): ParsedLogs {
  const nodes = logs.map((l) => l.node);
  const lines: LogLine[] = [];
  const marks: Mark[] = [];
  const leaders: Leadership[] = [];
  logs.forEach((log, nodeIndex) => {
    let lastTime: number | null = null;
    let leading: { node: string; start: number; end: number | null } | null = null;
    for (const text of log.text.split('\n')) {
      if (text.trim() === '') continue;
      const parsed = parseLine(text);
      const time: number | null = parsed.ms === null || tickOf === null ? lastTime : tickOf(parsed.ms);
      lastTime = time;
      lines.push([nodeIndex, time, parsed.level, parsed.event, parsed.fields]);
      if (time === null) continue;
      if (parsed.level !== 'info' || NOTABLE.test(parsed.event)) marks.push({ time, node: log.node, label: markLabel(parsed), level: parsed.level });
      const role = parsed.values.role;
      const becomesLeader = ROLE_CHANGE.test(parsed.event) && (role === undefined ? /became-leader|leader-elected/i.test(parsed.event) : role === 'leader');
      if (leading !== null && ((ROLE_CHANGE.test(parsed.event) && !becomesLeader) || DOWN.test(parsed.event))) {
        leading.end = time;
        leaders.push(leading);
        leading = null;
      }
      if (becomesLeader && leading === null) leading = { node: log.node, start: time, end: null };
    }
    if (leading !== null) leaders.push(leading);
  });
  // One stream in time order (stable: a line without a time stays after the line before it).
  if (tickOf !== null) lines.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0));
  return { nodes, lines, marks, leaders };
}

function markLabel(line: ParsedLine): string {
  const shown = LABEL_FIELDS.filter((f) => line.values[f] !== undefined).map((f) => `${f} ${String(line.values[f])}`);
  return shown.length === 0 ? line.event : `${line.event}: ${shown.join(', ')}`;
}

interface ParsedLine {
  readonly ms: number | null;
  readonly level: LogLevel;
  readonly event: string;
  /** The other fields, as JSON text. */
  readonly fields: string;
  /** Their scalar values, for labels. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** A line that is not a JSON object (a crash's stack trace, say) is kept as it is, as a warning. */
function parseLine(text: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ms: null, level: 'warn', event: '(not JSON)', fields: text, values: {} };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ms: null, level: 'warn', event: '(not JSON)', fields: text, values: {} };
  const { time, node: _node, level, event, ...rest } = raw as Record<string, unknown>;
  return {
    ms: typeof time === 'number' ? time : null,
    level: level === 'warn' || level === 'error' ? level : 'info',
    event: typeof event === 'string' ? event : '(no event)',
    fields: Object.keys(rest).length === 0 ? '' : JSON.stringify(rest),
    values: rest,
  };
}
