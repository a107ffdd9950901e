/**
 * Node logs (one JSON object a line: `{"time": node's Date.now() ms, "node", "level",
 * "event", …fields}`, TEAM.md) as the page shows them: every line, searchable, and the
 * notable ones marked on the timeline.
 */
import type { LogLevel, LogLine, Mark } from './report-data.js';

export interface NodeLog {
  readonly node: string;
  readonly text: string;
}

/** Lifecycle and role changes: what a reader looks for on a timeline. Warnings and errors are always marked. */
const NOTABLE = /start|stop|exit|crash|kill|restart|pause|resume|clock|leader|elect|recover|shutdown|listen|snapshot|fatal/i;

export interface ParsedLogs {
  readonly nodes: string[];
  readonly lines: LogLine[];
  readonly marks: Mark[];
}

/** `tickOf` turns a node's wall-clock ms into the history's ticks (null: not on its clock). */
export function parseNodeLogs(logs: readonly NodeLog[], tickOf: ((ms: number) => number) | null): ParsedLogs {
  const nodes = logs.map((l) => l.node);
  const lines: LogLine[] = [];
  const marks: Mark[] = [];
  logs.forEach((log, nodeIndex) => {
    let lastTime: number | null = null;
    for (const text of log.text.split('\n')) {
      if (text.trim() === '') continue;
      const parsed = parseLine(text);
      const time: number | null = parsed.ms === null || tickOf === null ? lastTime : tickOf(parsed.ms);
      lastTime = time;
      lines.push([nodeIndex, time, parsed.level, parsed.event, parsed.fields]);
      if (time !== null && (parsed.level !== 'info' || NOTABLE.test(parsed.event))) {
        marks.push({ time, node: log.node, label: parsed.event, level: parsed.level });
      }
    }
  });
  // One stream in time order (stable: a line without a time stays after the line before it).
  if (tickOf !== null) lines.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0));
  return { nodes, lines, marks };
}

interface ParsedLine {
  readonly ms: number | null;
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: string;
}

/** A line that is not a JSON object (a crash's stack trace, say) is kept as it is, as a warning. */
function parseLine(text: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ms: null, level: 'warn', event: '(not JSON)', fields: text };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ms: null, level: 'warn', event: '(not JSON)', fields: text };
  const { time, node: _node, level, event, ...rest } = raw as Record<string, unknown>;
  return {
    ms: typeof time === 'number' ? time : null,
    level: level === 'warn' || level === 'error' ? level : 'info',
    event: typeof event === 'string' ? event : '(no event)',
    fields: Object.keys(rest).length === 0 ? '' : JSON.stringify(rest),
  };
}
