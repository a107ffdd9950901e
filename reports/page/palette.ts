/** The page's colours: one meaning, one colour, everywhere (timeline, charts, legends). */
import type { LogLevel, Outcome } from '../data/report-data.js';

export const OUTCOME_COLORS: Record<Outcome, string> = {
  ok: '#3b7dd8',
  fail: '#a3a9b3',
  info: '#e59b1e',
  pending: '#e59b1e',
};

export const OUTCOME_MEANING: Record<Outcome, string> = {
  ok: 'ok — it happened, with this result',
  fail: 'failed — it definitely did not happen',
  info: 'unknown — it may have happened, at any time after its call, or never',
  pending: 'never answered — unknown, as above',
};

/** The op the checker cannot linearize, and the ops around it. */
export const FAILING_COLOR = '#d92d20';
export const CONCURRENT_COLOR = '#b42318';
export const SELECTED_COLOR = '#101828';
export const LINEARIZATION_COLOR = '#12b76a';
/** A node's time as leader, on its row. */
export const LEADER_COLOR = '#344054';

export const LEVEL_COLORS: Record<LogLevel, string> = {
  info: '#667085',
  warn: '#e59b1e',
  error: '#d92d20',
};

const KNOWN_FAULTS: Record<string, string> = {
  partition: '#7a5af8',
  grudge: '#9e77ed',
  'isolate-leader': '#7a5af8',
  crash: '#d92d20',
  kill: '#d92d20',
  'crash-leader': '#d92d20',
  pause: '#f79009',
  clock: '#0e9384',
  latency: '#b54708',
  membership: '#2e90fa',
  'leader-churn': '#c11574',
  nemesis: '#7a5af8',
};

const SPARE = ['#6172f3', '#dd2590', '#15b79e', '#ef6820', '#875bf7', '#66c61c'];

export function faultColor(kind: string): string {
  const known = KNOWN_FAULTS[kind];
  if (known !== undefined) return known;
  let hash = 0;
  for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return SPARE[Math.abs(hash) % SPARE.length]!;
}

/** `#rrggbb` with an alpha. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
