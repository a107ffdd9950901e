/**
 * A run folder made by hand, in the layout the chaos harness writes (TEAM.md): a
 * seeded register history (bench/checker/generate.ts) with nemesis events in the
 * start/end form, node logs in the node's JSON-lines form, test.json and results.json.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHistory } from '../../bench/checker/generate.js';
import { historyToJsonl } from '../../checkers/history/jsonl.js';
import { parseHistory } from '../../checkers/history/read.js';
import type { HistoryEvent } from '../../checkers/history/types.js';
import { checkOperations } from '../../checkers/linearizable/check.js';
import type { TestRecord } from '../../harness/store/types.js';

export interface RunFixture {
  readonly dir: string;
  readonly events: readonly HistoryEvent[];
  /** Client ops (invocations), failed ones included. */
  readonly invocations: number;
}

const STARTED_AT_MS = 1_767_225_600_000;
const NODES = ['n1', 'n2', 'n3'];

export interface FixtureShape {
  readonly ops: number;
  readonly seed: number;
  /** A read of a value never written, past the middle: an invalid history. */
  readonly invalid?: boolean;
  /** Write results.json (a run that died leaves none). */
  readonly results?: boolean;
  readonly startedAtMs?: number;
}

export async function makeRunFolder(dir: string, shape: FixtureShape): Promise<RunFixture> {
  mkdirSync(join(dir, 'nodes'), { recursive: true });
  const generated = generateHistory(join(dir, 'generated.jsonl'), {
    ops: shape.ops,
    keys: 3,
    clients: 5,
    crashPpm: 40_000,
    seed: shape.seed,
    readNeverWritten: shape.invalid === true,
  });
  const client = parseHistory(generated, readFileSync(generated, 'utf8'), 'jsonl').events;
  rmSync(generated);
  const span = client[client.length - 1]!.time;
  const at = (share: number): number => Math.round(span * share);
  const nemesis: Array<Omit<HistoryEvent, 'index'>> = [
    nemesisEvent(at(0.15), 'partition', 'p1', 'start', { groups: [['n1'], ['n2', 'n3']] }),
    nemesisEvent(at(0.35), 'partition', 'p1', 'end', { groups: [['n1'], ['n2', 'n3']] }),
    nemesisEvent(at(0.45), 'crash', 'c1', 'start', { nodes: ['n3'] }),
    nemesisEvent(at(0.6), 'crash', 'c1', 'end', { nodes: ['n3'] }),
    nemesisEvent(at(0.7), 'clock', 'k1', 'start', { nodes: ['n2'], offsets: { n2: 250 } }),
    nemesisEvent(at(0.85), 'clock', 'k1', 'end', { nodes: ['n2'] }),
  ];
  const events = [...client.map(({ index: _index, ...rest }) => rest), ...nemesis]
    .sort((a, b) => a.time - b.time)
    .map((e, index) => ({ index, ...e }) as HistoryEvent);
  writeFileSync(join(dir, 'history.jsonl'), historyToJsonl(events));
  const startedAtMs = shape.startedAtMs ?? STARTED_AT_MS;
  const wall = (ns: number): number => startedAtMs + ns / 1e6;
  for (const node of NODES) writeFileSync(join(dir, 'nodes', `${node}.log`), nodeLog(node, span, wall));
  writeFileSync(join(dir, 'nodes', 'n3.stderr.log'), 'Error: killed by the nemesis\n    at main (node.js:1:1)\n');
  writeFileSync(join(dir, 'toxiproxy.log'), 'INFO[0000] Starting Toxiproxy HTTP server on 127.0.0.1:8474\nINFO[0001] Started proxy name=n1-n2 listen=127.0.0.1:21001\n');
  const test: TestRecord = {
    name: 'register',
    startedAt: new Date(startedAtMs).toISOString(),
    startedAtMs,
    seed: shape.seed,
    command: ['faultline', 'run', '--seed', String(shape.seed)],
    versions: { faultline: '0.1.0', node: 'v20' },
    config: {
      system: 'faultline-kv',
      workload: { name: 'register', model: { name: 'kv', initial: null } },
      nemesis: ['partition', 'crash', 'clock'],
      nodes: 3,
      ops: shape.ops,
    },
    schedule: null,
  };
  writeFileSync(join(dir, 'test.json'), JSON.stringify(test, null, 2));
  if (shape.results !== false) {
    const history = parseHistory(join(dir, 'history.jsonl'), historyToJsonl(events), 'jsonl');
    const checker = await checkOperations(history.operations, { name: 'kv', initial: null }, { workers: 0 });
    const results = { verdict: checker.verdict, checker, counts: { ops: history.operations.length }, latency: {}, replay: `faultline run --seed ${shape.seed}` };
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
  }
  return { dir, events, invocations: events.filter((e) => e.type === 'invoke' && e.process !== 'nemesis').length };
}

function nemesisEvent(time: number, f: string, fault: string, phase: 'start' | 'end', details: Record<string, unknown>): Omit<HistoryEvent, 'index'> {
  return { time, type: 'info', process: 'nemesis', f, value: { fault, phase, ...details } };
}

function nodeLog(node: string, span: number, wall: (ns: number) => number): string {
  const at = (share: number): number => wall(span * share);
  const lines: object[] = [{ time: at(0), node, level: 'info', event: 'node-start', pid: 100 + Number(node.slice(1)) }];
  if (node === 'n1') lines.push({ time: at(0.01), node, level: 'info', event: 'role-change', role: 'leader', term: 1, leader: 'n1' });
  for (let i = 1; i < 20; i++) lines.push({ time: at(i / 20), node, level: 'info', event: 'log-compacted', firstIndex: i * 10 });
  if (node === 'n1') {
    lines.push({ time: at(0.16), node, level: 'warn', event: 'peer-disconnected', peer: 'n2', reason: 'timeout' });
    lines.push({ time: at(0.25), node, level: 'info', event: 'role-change', role: 'follower', term: 2, leader: 'n2' });
  }
  if (node === 'n2') lines.push({ time: at(0.22), node, level: 'info', event: 'role-change', role: 'leader', term: 2, leader: 'n2' });
  if (node === 'n2') lines.push({ time: at(0.7), node, level: 'warn', event: 'clock-jump', deltaMs: 250 });
  if (node === 'n3') {
    lines.push({ time: at(0.6), node, level: 'info', event: 'node-start', pid: 200 });
    lines.push({ time: at(0.61), node, level: 'warn', event: 'wal-torn-tail', file: '0000.wal', offset: 4096, bytes: 17 });
  }
  lines.sort((a, b) => (a as { time: number }).time - (b as { time: number }).time);
  // A line that is not JSON: what a crashing process prints.
  const extra = node === 'n3' ? 'Error: killed by the nemesis\n' : '';
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n${extra}`;
}
