/** The benchmark's tables: one row per file, then totals per group and the targets. */
import Table from 'cli-table3';
import type { BenchFile, Group } from './corpus.js';
import type { OurTiming } from './ours.js';
import type { PorcupineTiming } from './porcupine.js';

export interface Row {
  readonly file: BenchFile;
  readonly ours: OurTiming;
  readonly porcupine: PorcupineTiming | undefined;
}

const GROUP_TITLES: Record<Group, string> = {
  etcd: 'Porcupine etcd logs',
  kv: 'Porcupine KV logs',
  knossos: 'Knossos EDN',
  generated: 'generated (JSONL)',
};

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
const ratioText = (r: number | undefined): string => (r === undefined ? '-' : r.toFixed(2));

export function ratio(row: Row): number | undefined {
  return row.porcupine === undefined ? undefined : row.ours.ms / row.porcupine.ms;
}

/** Ours, Porcupine's and the known verdict all agree (Porcupine's only when it ran). */
export function verdictsAgree(row: Row): boolean {
  const ours = row.ours.verdict === (row.file.linearizable ? 'valid' : 'invalid');
  return ours && (row.porcupine === undefined || row.porcupine.linearizable === row.file.linearizable);
}

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true }, colAligns: ['left', ...head.slice(1).map(() => 'right' as const)] });
}

export function fileTable(rows: readonly Row[]): string {
  const t = table(['file', 'ops', 'ours ms', 'porcupine ms', 'ours/porcupine', 'ours+parse ms', 'porcupine+parse ms', 'verdict', 'equal']);
  for (const row of rows) {
    t.push([
      row.file.name,
      String(row.ours.ops),
      ms(row.ours.ms),
      row.porcupine === undefined ? '-' : ms(row.porcupine.ms),
      ratioText(ratio(row)),
      ms(row.ours.ms + row.ours.parseMs),
      row.porcupine === undefined ? '-' : ms(row.porcupine.ms + row.porcupine.parseMs),
      row.ours.verdict,
      verdictsAgree(row) ? 'yes' : 'NO',
    ]);
  }
  return t.toString();
}

export function totalsTable(rows: readonly Row[]): string {
  const t = table(['group', 'files', 'ours ms', 'porcupine ms', 'ours/porcupine', 'ours+parse ms', 'porcupine+parse ms', 'files ratio > 1', 'verdicts equal']);
  for (const group of Object.keys(GROUP_TITLES) as Group[]) {
    const members = rows.filter((r) => r.file.group === group);
    if (members.length === 0) continue;
    const ours = sum(members.map((r) => r.ours.ms));
    const timed = members.every((r) => r.porcupine !== undefined);
    const porcupine = sum(members.map((r) => r.porcupine?.ms ?? 0));
    t.push([
      GROUP_TITLES[group],
      String(members.length),
      ms(ours),
      timed ? ms(porcupine) : '-',
      timed ? ratioText(ours / porcupine) : '-',
      ms(ours + sum(members.map((r) => r.ours.parseMs))),
      timed ? ms(porcupine + sum(members.map((r) => r.porcupine?.parseMs ?? 0))) : '-',
      String(members.filter((r) => (ratio(r) ?? 0) > 1).length),
      `${members.filter(verdictsAgree).length}/${members.length}`,
    ]);
  }
  return t.toString();
}

/** The issue's three targets, each met or not. */
export function targetLines(rows: readonly Row[], millionOps: Row | undefined): string[] {
  const disagree = rows.filter((r) => !verdictsAgree(r));
  const slower = rows.filter((r) => (ratio(r) ?? 0) > 1);
  const lines = [
    `equal verdicts on every file: ${disagree.length === 0 ? 'met' : `NOT met (${disagree.map((r) => r.file.name).join(', ')})`}`,
    `ratio <= 1.0 on every file: ${slower.length === 0 ? 'met' : `NOT met on ${slower.length}: ${slower.map((r) => `${r.file.name} ${ratioText(ratio(r))}`).join(', ')}`}`,
  ];
  if (millionOps !== undefined) {
    const { ms: check, parseMs } = millionOps.ours;
    lines.push(
      `1,000,000 ops over 1,000 keys in <= 10 s: ${check <= 10_000 ? 'met' : 'NOT met'} (check ${(check / 1000).toFixed(2)} s; with reading the file ${((check + parseMs) / 1000).toFixed(2)} s)`,
    );
  }
  return lines;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
