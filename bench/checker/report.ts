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
const mb = (kb: number | undefined): string => (kb === undefined || kb === 0 ? '-' : (kb / 1024).toFixed(0));

export function ratio(row: Row): number | undefined {
  return row.porcupine === undefined ? undefined : row.ours.ms / row.porcupine.ms;
}

const known = (row: Row): string => (row.file.linearizable ? 'valid' : 'invalid');

/** Each side's verdict is the known one, or unknown (out of time or memory). */
export function verdictsAgree(row: Row): boolean {
  const ok = (verdict: string): boolean => verdict === known(row) || verdict === 'unknown';
  return ok(row.ours.verdict) && (row.porcupine === undefined || ok(row.porcupine.verdict));
}

/** Ours gave up where Porcupine decided. */
export function oursUnknownOnly(row: Row): boolean {
  return row.ours.verdict === 'unknown' && row.porcupine !== undefined && row.porcupine.verdict !== 'unknown';
}

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true }, colAligns: ['left', ...head.slice(1).map(() => 'right' as const)] });
}

export function fileTable(rows: readonly Row[]): string {
  const t = table(['file', 'ops', 'ours ms', 'porcupine ms', 'ours/porcupine', 'ours+parse ms', 'porcupine+parse ms', 'ours MiB', 'porcupine MiB', 'verdicts (ours/porcupine)', 'as known']);
  for (const row of rows) {
    t.push([
      row.file.name,
      String(row.ours.ops),
      ms(row.ours.ms),
      row.porcupine === undefined ? '-' : ms(row.porcupine.ms),
      ratioText(ratio(row)),
      ms(row.ours.ms + row.ours.parseMs),
      row.porcupine === undefined ? '-' : ms(row.porcupine.ms + row.porcupine.parseMs),
      mb(row.ours.maxRssKb),
      row.file.group === 'generated' ? mb(row.porcupine?.maxRssKb) : '-',
      `${row.ours.verdict}/${row.porcupine?.verdict ?? '-'}`,
      verdictsAgree(row) ? 'yes' : 'NO',
    ]);
  }
  return t.toString();
}

export function totalsTable(rows: readonly Row[]): string {
  const t = table(['group', 'files', 'ours ms', 'porcupine ms', 'ours/porcupine', 'ours+parse ms', 'porcupine+parse ms', 'files ratio > 1', 'verdicts as known']);
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

/** The issue's targets, each met or not. */
export function targetLines(rows: readonly Row[], millionOps: Row | undefined): string[] {
  const disagree = rows.filter((r) => !verdictsAgree(r));
  const unknownOnly = rows.filter(oursUnknownOnly);
  const slower = rows.filter((r) => (ratio(r) ?? 0) > 1);
  const lines = [
    `verdicts as known on every file (or unknown): ${disagree.length === 0 ? 'met' : `NOT met (${disagree.map((r) => r.file.name).join(', ')})`}`,
    `no unknown where Porcupine decides: ${unknownOnly.length === 0 ? 'met' : `NOT met (${unknownOnly.map((r) => r.file.name).join(', ')})`}`,
    `ratio <= 1.0 on every file: ${slower.length === 0 ? 'met' : `NOT met on ${slower.length}: ${slower.map((r) => `${r.file.name} ${ratioText(ratio(r))}`).join(', ')}`}`,
  ];
  if (millionOps !== undefined) {
    const { ms: check, parseMs } = millionOps.ours;
    lines.push(
      `1,000,000 ops over 1,000 keys in <= 10 s: ${check <= 10_000 ? 'met' : 'NOT met'} (check ${(check / 1000).toFixed(2)} s; with reading the file ${((check + parseMs) / 1000).toFixed(2)} s)`,
    );
  }
  const apart = rows.filter((r) => r.ours.maxRssKb !== undefined && r.porcupine !== undefined && r.porcupine.maxRssKb > 0);
  if (apart.length > 0) {
    const heavier = apart.filter((r) => r.ours.maxRssKb! > r.porcupine!.maxRssKb);
    lines.push(
      `peak memory (each generated file alone, reading included): ours ${mb(sum(apart.map((r) => r.ours.maxRssKb!)))} MiB in all, Porcupine ${mb(sum(apart.map((r) => r.porcupine!.maxRssKb)))} MiB; ours higher on ${heavier.length ? heavier.map((r) => r.file.name).join(', ') : 'none'}`,
    );
  }
  return lines;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
