/** `faultline node`: one member of the reference store as a process (docs/node.md). */
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Command, Option } from 'commander';
import { BUG_NAMES, isBugName, type BugName } from '../../impl/bugs.js';
import { DEFAULTS, READ_MODES, type NodeConfig, type ReadModeName } from '../../impl/server/node/config.js';
import { jsonLogger } from '../../impl/server/node/log.js';
import { startNode, type RunningNode } from '../../impl/server/node/node.js';
import { StorageCorruptError } from '../../impl/server/disk/wal.js';
import { ExitCode, UserError } from './exit-codes.js';

interface NodeFlags {
  id: string;
  data: string;
  peerListen: string;
  clientListen: string;
  peer: string[];
  join?: boolean;
  readMode: ReadModeName;
  tickMs: string;
  electionTicks: string;
  heartbeatTicks: string;
  snapshotEvery: string;
  maxAppendEntries: string;
  segmentBytes: string;
  requestTimeoutMs: string;
  peerQueue: string;
  seed?: string;
  bug: string[];
  exitOnStdinClose?: boolean;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ADDRESS = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export function registerNode(program: Command): void {
  program
    .command('node')
    .description('run one node of the reference Raft KV store (docs/node.md)')
    .requiredOption('--id <id>', 'this member\'s id')
    .requiredOption('--data <dir>', 'data folder (WAL, snapshots)')
    .requiredOption('--peer-listen <host:port>', 'address peers connect to')
    .requiredOption('--client-listen <host:port>', 'HTTP API address')
    .option('--peer <id=host:port>', 'dial address of a peer (repeatable)', collect, [])
    .option('--join', 'start empty and wait to be added to an existing cluster')
    .addOption(new Option('--read-mode <mode>', 'index (ReadIndex), lease, or local (stale)').choices(Object.keys(READ_MODES)).default(DEFAULTS.readMode))
    .option('--tick-ms <n>', 'one Raft tick of the wall clock', String(DEFAULTS.tickMs))
    .option('--election-ticks <n>', 'election timeout in ticks (randomized up to twice)', String(DEFAULTS.electionTicks))
    .option('--heartbeat-ticks <n>', 'heartbeat interval in ticks', String(DEFAULTS.heartbeatTicks))
    .option('--snapshot-every <n>', 'applied entries between snapshots', String(DEFAULTS.snapshotEvery))
    .option('--max-append-entries <n>', 'entries per append message', String(DEFAULTS.maxAppendEntries))
    .option('--segment-bytes <n>', 'WAL segment size', String(DEFAULTS.segmentBytes))
    .option('--request-timeout-ms <n>', 'how long a client request may wait', String(DEFAULTS.requestTimeoutMs))
    .option('--peer-queue <n>', 'send queue bound per peer (messages)', String(DEFAULTS.peerQueue))
    .option('--seed <n>', 'seed of the randomized election timeout (default: random)')
    .addOption(new Option('--bug <name>', 'switch on a seeded bug (repeatable)').choices(BUG_NAMES).argParser(collectBug).default([]))
    .option('--exit-on-stdin-close', 'exit when stdin reaches EOF (the harness died)')
    .action(async (flags: NodeFlags) => {
      await runNode(configFrom(flags), flags.exitOnStdinClose === true);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectBug(value: string, previous: string[]): string[] {
  if (!isBugName(value)) throw new UserError(`--bug ${value}: unknown; one of ${BUG_NAMES.join(', ')}`);
  return [...previous, value];
}

function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new UserError(`--${name} takes a whole number ≥ ${min}, got "${text}"`);
  return n;
}

function address(name: string, text: string): string {
  if (!ADDRESS.test(text) || Number(text.split(':')[1]) > 65535) throw new UserError(`--${name} takes HOST:PORT, got "${text}"`);
  return text;
}

export function configFrom(flags: NodeFlags): NodeConfig {
  if (!ID.test(flags.id)) throw new UserError(`--id takes 1-64 of [A-Za-z0-9_-], got "${flags.id}"`);
  const peers = new Map<string, string>();
  for (const spec of flags.peer) {
    const at = spec.indexOf('=');
    const id = spec.slice(0, at);
    if (at < 0 || !ID.test(id)) throw new UserError(`--peer takes ID=HOST:PORT, got "${spec}"`);
    if (id === flags.id) throw new UserError(`--peer ${spec}: that is this node's own id`);
    if (peers.has(id)) throw new UserError(`--peer ${id} given twice`);
    peers.set(id, address('peer', spec.slice(at + 1)));
  }
  const electionTicks = whole('election-ticks', flags.electionTicks, 2);
  const heartbeatTicks = whole('heartbeat-ticks', flags.heartbeatTicks, 1);
  if (heartbeatTicks >= electionTicks) throw new UserError('--heartbeat-ticks must be below --election-ticks');
  const seed = flags.seed === undefined ? randomInt(2 ** 31) : Number(flags.seed);
  if (!Number.isSafeInteger(seed)) throw new UserError(`--seed takes a whole number, got "${flags.seed}"`);
  return {
    id: flags.id,
    dataDir: flags.data,
    peerListen: address('peer-listen', flags.peerListen),
    clientListen: address('client-listen', flags.clientListen),
    peers,
    join: flags.join === true,
    readMode: flags.readMode,
    tickMs: whole('tick-ms', flags.tickMs, 1),
    electionTicks,
    heartbeatTicks,
    snapshotEvery: whole('snapshot-every', flags.snapshotEvery, 1),
    maxAppendEntries: whole('max-append-entries', flags.maxAppendEntries, 1),
    segmentBytes: whole('segment-bytes', flags.segmentBytes, 4096),
    requestTimeoutMs: whole('request-timeout-ms', flags.requestTimeoutMs, 1),
    peerQueue: whole('peer-queue', flags.peerQueue, 16),
    seed,
    bugs: new Set(flags.bug as BugName[]),
  };
}

async function runNode(config: NodeConfig, exitOnStdinClose: boolean): Promise<void> {
  const log = jsonLogger(config.id);
  try {
    mkdirSync(config.dataDir, { recursive: true });
  } catch (error) {
    throw new UserError(`--data ${config.dataDir}: ${(error as Error).message}`);
  }
  let node: RunningNode;
  try {
    node = await startNode(config, log);
  } catch (error) {
    if (error instanceof StorageCorruptError) {
      log('error', 'error', { message: error.message, file: error.file, offset: error.offset });
      process.stderr.write(`faultline node: refusing to start: ${error.message}\n`);
      process.exit(ExitCode.harnessFailed);
    }
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') throw new UserError(`address in use: ${error.message}`);
    log('error', 'error', { message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  const stop = (reason: string): void => {
    void node.stop(reason).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (exitOnStdinClose) {
    process.stdin.on('end', () => stop('stdin-closed'));
    process.stdin.on('close', () => stop('stdin-closed'));
    process.stdin.on('error', () => stop('stdin-closed'));
    process.stdin.resume();
  }
}
