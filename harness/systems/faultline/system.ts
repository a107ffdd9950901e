/**
 * Our own store as a system under test: `faultline node` processes (docs/node.md).
 */
import { existsSync } from 'node:fs';
import type { BugName } from '../../../impl/bugs.js';
import { SetupError } from '../../real/errors.js';
import { cliEntry } from '../../real/paths.js';
import { formatAddress, type Address } from '../../real/ports.js';
import { httpJson } from '../http.js';
import type { ClientOptions, KvClient, Leadership, MemberRoute, Membership, NodeCommand, NodeLogChecker, NodePlan, NodeStatus, Role, System } from '../system.js';
import { FaultlineKvClient } from './client.js';
import { appliedIn, candidacyIn, leadershipIn as leadershipOf, RaftLogInvariants } from './invariants.js';

export type ReadMode = 'index' | 'lease' | 'local';
export const READ_MODES: readonly ReadMode[] = ['index', 'lease', 'local'];

export interface FaultlineOptions {
  readonly readMode: ReadMode;
  readonly bugs: readonly BugName[];
  /** The node's own deadline for a client request (it answers `timeout` after it). */
  readonly requestTimeoutMs: number;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
}

export const DEFAULT_FAULTLINE_OPTIONS: FaultlineOptions = {
  readMode: 'index',
  bugs: [],
  requestTimeoutMs: 800,
  tickMs: 10,
  electionTicks: 30,
  heartbeatTicks: 5,
};

interface StatusBody {
  readonly id: string;
  readonly role: string;
  readonly term: number;
  readonly leader: string | null;
  readonly clock: number;
  readonly membership?: { readonly voters: readonly string[]; readonly learners: readonly string[] };
}

export class FaultlineSystem implements System {
  readonly name = 'faultline';
  readonly membership: Membership;

  constructor(readonly options: FaultlineOptions = DEFAULT_FAULTLINE_OPTIONS) {
    this.membership = { add: (node, members, timeoutMs) => addMember(node, members, timeoutMs), remove: (node, members, timeoutMs) => removeMember(node, members, timeoutMs) };
  }

  get description(): Record<string, unknown> {
    return { ...this.options };
  }

  preflight(): void {
    if (!existsSync(cliEntry())) throw new SetupError(`the node program ${cliEntry()} is missing: run \`npm run build\` first`);
  }

  command(node: NodePlan): NodeCommand {
    const o = this.options;
    const args = [
      cliEntry(),
      'node',
      '--id', node.id,
      '--data', node.dataDir,
      '--peer-listen', formatAddress(node.peerListen),
      '--client-listen', formatAddress(node.clientListen),
      ...[...node.peers].flatMap(([id, address]) => ['--peer', `${id}=${formatAddress(address)}`]),
      '--read-mode', o.readMode,
      '--request-timeout-ms', String(o.requestTimeoutMs),
      '--tick-ms', String(o.tickMs),
      '--election-ticks', String(o.electionTicks),
      '--heartbeat-ticks', String(o.heartbeatTicks),
      ...(node.maxEntriesPerAppend === undefined ? [] : ['--max-append-entries', String(node.maxEntriesPerAppend)]),
      ...o.bugs.flatMap((bug) => ['--bug', bug]),
      ...(node.joining ? ['--join'] : []),
      ...(node.exitWithHarness ? ['--exit-on-stdin-close'] : []),
    ];
    return { file: process.execPath, args, orphan: node.exitWithHarness ? 'stdin-eof' : 'survive' };
  }

  async status(node: string, clientListen: Address, timeoutMs: number): Promise<NodeStatus> {
    const result = await httpJson(clientListen, { method: 'GET', path: '/status', timeoutMs });
    if (result.kind !== 'answer') throw new Error(`${node}: /status ${result.reason}`);
    if (result.status !== 200) throw new Error(`${node}: /status answered ${result.status}`);
    const body = result.body as StatusBody;
    return {
      id: body.id,
      role: roleOf(body.role),
      term: body.term,
      leader: body.leader,
      clock: body.clock,
      ...(body.membership === undefined ? {} : { voters: body.membership.voters }),
    };
  }

  client(address: Address, options: ClientOptions): KvClient {
    return new FaultlineKvClient(address, options);
  }

  logInvariants(): NodeLogChecker {
    return new RaftLogInvariants();
  }

  leadershipIn(line: string): Leadership | null {
    return leadershipOf(line);
  }

  appliedIn(line: string): boolean {
    return appliedIn(line);
  }

  candidacyIn(line: string): number | null {
    return candidacyIn(line);
  }
}

function roleOf(role: string): Role {
  switch (role) {
    case 'leader':
    case 'follower':
    case 'candidate':
      return role;
    case 'pre-candidate':
      return 'candidate';
    default:
      return 'other';
  }
}

/** Tells every member how to dial the new node, then asks the members, one after another, to add it. */
async function addMember(node: string, members: readonly MemberRoute[], timeoutMs: number): Promise<void> {
  await Promise.all(
    members.map((m) => httpJson(m.clientListen, { method: 'PUT', path: `/admin/peers/${node}`, body: { address: formatAddress(m.dialsNode) }, timeoutMs })),
  );
  await firstMemberThat(members, (m) => httpJson(m.clientListen, { method: 'POST', path: '/admin/members', body: { id: node }, timeoutMs }), `add ${node}`);
}

async function removeMember(node: string, members: readonly MemberRoute[], timeoutMs: number): Promise<void> {
  await firstMemberThat(members, (m) => httpJson(m.clientListen, { method: 'DELETE', path: `/admin/members/${node}`, timeoutMs }), `remove ${node}`);
}

async function firstMemberThat(members: readonly MemberRoute[], call: (m: MemberRoute) => ReturnType<typeof httpJson>, what: string): Promise<void> {
  const errors: string[] = [];
  for (const member of members) {
    const result = await call(member);
    if (result.kind === 'answer' && result.status === 200) return;
    errors.push(`${member.id}: ${result.kind === 'answer' ? `${result.status} ${JSON.stringify(result.body)}` : result.reason}`);
  }
  throw new Error(`cannot ${what} (${errors.join('; ')})`);
}
