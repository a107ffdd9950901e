/** The node's log: one JSON object per line on stdout, stamped with its own wall clock. */
export type Level = 'info' | 'warn' | 'error';

export type Logger = (level: Level, event: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(node: string, write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (level, event, fields = {}) => write(`${JSON.stringify({ time: Date.now(), node, level, event, ...fields })}\n`);
}
