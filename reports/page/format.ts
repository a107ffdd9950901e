/** How times, durations and counts read on the page. */
import type { TimeAxis } from '../data/report-data.js';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A tick as a reader reads it: seconds since the start, or an event position. */
export function formatTick(axis: TimeAxis, tick: number): string {
  if (axis.kind === 'position') return `event ${Math.round(tick)}`;
  return `${formatSeconds(tick / axis.ticksPerSecond)}`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s === 0) return '0 s';
  const abs = Math.abs(s);
  if (abs >= 100) return `${s.toFixed(1)} s`;
  if (abs >= 1) return `${s.toFixed(3)} s`;
  return `${(s * 1000).toFixed(abs >= 0.01 ? 1 : 3)} ms`;
}

/** A span of ticks: a duration, or a count of events. */
export function formatSpan(axis: TimeAxis, ticks: number): string {
  if (!Number.isFinite(ticks)) return 'never completed';
  if (axis.kind === 'position') return `${Math.round(ticks)} events`;
  return formatSeconds(ticks / axis.ticksPerSecond);
}

/** Tick marks at round steps for a view of [t0, t1] over `px` pixels. */
export function tickSteps(t0: number, t1: number, px: number, minGapPx = 90): number[] {
  const span = Math.max(t1 - t0, 1e-9);
  const raw = (span * minGapPx) / Math.max(px, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * power;
  for (const m of [1, 2, 5]) {
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  }
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return ticks;
}
