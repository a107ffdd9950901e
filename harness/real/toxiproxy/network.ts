/**
 * The cluster's network as Toxiproxy proxies: node i reaches node j only through the
 * proxy i→j, and clients reach node j only through the proxy of route j. Faults are
 * stated as directed flows — "what `from` sends to `to` is lost" — and realised per
 * proxy; overlapping faults count, so a flow heals when the last fault cutting it ends.
 *
 * A flow from→to travels as upstream bytes of proxy from→to and, for a node that
 * answers on a connection its peer opened, as downstream bytes of proxy to→from.
 * Mode `drop` (a `timeout` toxic with timeout 0: bytes vanish, connections stay open)
 * cuts both, so one-way cuts are exact; when the cut heals, Toxiproxy closes the
 * connections it held, and nodes reconnect. Mode `refuse` disables proxy from→to (its
 * connections close, new ones are refused): exact for nodes that send only on
 * connections they opened themselves.
 */
import { formatAddress, type Address } from '../ports.js';
import type { ToxicSpec } from './api.js';
import type { ProxyControl } from './managed.js';

export type CutMode = 'drop' | 'refuse';

export interface NetworkNode {
  readonly id: string;
  /** Where the node listens for its peers. */
  readonly peer: Address;
  /** Where the node listens for clients. */
  readonly client: Address;
}

/** Bytes that `from` sends to `to` are lost. */
export interface Flow {
  readonly from: string;
  readonly to: string;
}

/** How bad a link is: any of latency with jitter, a bandwidth cap, sliced writes, reset connections. */
export interface LinkQuality {
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** KB/s. */
  readonly bandwidthKBs?: number;
  /** Writes sliced into pieces of about this many bytes, each delayed by sliceDelayUs. */
  readonly sliceBytes?: number;
  readonly sliceDelayUs?: number;
  /** A share of connections is reset this many ms after it opens. */
  readonly resetAfterMs?: number;
  readonly resetShare?: number;
}

export type Route = { readonly kind: 'peer'; readonly from: string; readonly to: string } | { readonly kind: 'client'; readonly to: string };

const peerProxy = (from: string, to: string): string => `peer-${from}-${to}`;
const clientProxy = (to: string): string => `client-${to}`;
const proxyName = (route: Route): string => (route.kind === 'peer' ? peerProxy(route.from, route.to) : clientProxy(route.to));

export class ProxiedNetwork {
  private readonly nodes = new Map<string, NetworkNode>();
  private readonly listen = new Map<string, Address>();
  private readonly cuts = new Map<string, number>();
  private readonly degraded = new Map<number, { proxies: string[]; toxics: string[] }>();
  private readonly closedRoutes = new Set<string>();
  private nextId = 1;

  constructor(
    private readonly api: ProxyControl,
    readonly mode: CutMode,
  ) {}

  /** Adds a node with proxies for every link to and from the nodes already there, and its client route. */
  async addNode(node: NetworkNode): Promise<void> {
    const others = [...this.nodes.values()];
    this.nodes.set(node.id, node);
    const created = [
      this.create(clientProxy(node.id), node.client),
      ...others.flatMap((other) => [this.create(peerProxy(node.id, other.id), other.peer), this.create(peerProxy(other.id, node.id), node.peer)]),
    ];
    await Promise.all(created);
  }

  /** The address `from` dials to reach `to`'s peer port. */
  peerAddress(from: string, to: string): Address {
    return this.address(peerProxy(from, to));
  }

  /** The address clients dial to reach `node`. */
  clientAddress(node: string): Address {
    return this.address(clientProxy(node));
  }

  /** `--peer`-style map of where `from` reaches each other node. */
  peersOf(from: string, among: Iterable<string> = this.nodes.keys()): Map<string, Address> {
    const peers = new Map<string, Address>();
    for (const to of among) if (to !== from) peers.set(to, this.peerAddress(from, to));
    return peers;
  }

  /**
   * Opens or closes a node's client route. A stopped process refuses connections; a
   * proxy in front of it would accept them and then reset them, which a client cannot
   * tell from a node that died holding its request. While a node is down its route is
   * closed, so that clients see what they would see without the proxy.
   */
  async setClientRoute(node: string, open: boolean): Promise<void> {
    const proxy = clientProxy(node);
    if (this.closedRoutes.has(proxy) === !open) return;
    if (open) this.closedRoutes.delete(proxy);
    else this.closedRoutes.add(proxy);
    await this.api.setEnabled(proxy, open);
  }

  /** Cuts every flow given; returns what heal() takes. */
  async cut(flows: readonly Flow[]): Promise<Flow[]> {
    const unique = dedupe(flows);
    await Promise.all(unique.map((flow) => this.adjust(flow, +1)));
    return unique;
  }

  async heal(flows: readonly Flow[]): Promise<void> {
    await Promise.all(dedupe(flows).map((flow) => this.adjust(flow, -1)));
  }

  /** Flows currently cut (by at least one fault). */
  get cutFlows(): Flow[] {
    return [...this.cuts.keys()].map((key) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to };
    });
  }

  /** Makes the given routes worse; returns an id for restore(). */
  async degrade(routes: readonly Route[], quality: LinkQuality): Promise<number> {
    const id = this.nextId++;
    const specs = [...toxicsFor(quality), SEAL];
    const proxies = routes.map(proxyName);
    const toxics = STREAMS.flatMap((stream) => specs.map((spec, i) => ({ name: `q${id}-${i}-${stream}`, spec: { ...spec, stream } })));
    this.degraded.set(id, { proxies, toxics: toxics.map((t) => t.name) });
    // Toxiproxy chains toxics in the order it gets them: one after another on each proxy.
    await Promise.all(proxies.map((proxy) => inTurn(toxics, (t) => this.api.addToxic(proxy, t.name, t.spec))));
    return id;
  }

  async restore(id: number): Promise<void> {
    const entry = this.degraded.get(id);
    if (entry === undefined) return;
    this.degraded.delete(id);
    // Last added first: a toxic removed while a later one in its chain has closed can hang Toxiproxy (see toxicsFor).
    const lastFirst = [...entry.toxics].reverse();
    await Promise.all(entry.proxies.map((proxy) => inTurn(lastFirst, (toxic) => this.api.removeToxic(proxy, toxic))));
  }

  /** Every route between the given nodes (peer links both ways), and optionally their client routes. */
  routesAmong(nodes: readonly string[], clients: boolean): Route[] {
    const routes: Route[] = [];
    for (const from of nodes) for (const to of nodes) if (from !== to) routes.push({ kind: 'peer', from, to });
    if (clients) for (const to of nodes) routes.push({ kind: 'client', to });
    return routes.filter((r) => this.listen.has(proxyName(r)));
  }

  /** Ends every cut and every degradation. */
  async healAll(): Promise<void> {
    const flows = this.cutFlows;
    await Promise.all(flows.map((flow) => this.set(flow, false)));
    this.cuts.clear();
    await Promise.all([...this.degraded.keys()].map((id) => this.restore(id)));
  }

  private async create(name: string, upstream: Address): Promise<void> {
    const info = await this.api.createProxy(name, upstream);
    this.listen.set(name, info.listen);
  }

  private address(proxy: string): Address {
    const address = this.listen.get(proxy);
    if (address === undefined) throw new Error(`no proxy ${proxy}`);
    return address;
  }

  private async adjust(flow: Flow, delta: 1 | -1): Promise<void> {
    const key = `${flow.from}\u0000${flow.to}`;
    const before = this.cuts.get(key) ?? 0;
    const after = Math.max(0, before + delta);
    if (after === 0) this.cuts.delete(key);
    else this.cuts.set(key, after);
    if ((before === 0) !== (after === 0)) await this.set(flow, after > 0);
  }

  private async set(flow: Flow, cut: boolean): Promise<void> {
    const forward = peerProxy(flow.from, flow.to);
    if (this.mode === 'refuse') {
      await this.api.setEnabled(forward, !cut);
      return;
    }
    const legs: Array<[string, 'upstream' | 'downstream']> = [
      [forward, 'upstream'],
      [peerProxy(flow.to, flow.from), 'downstream'],
    ];
    await Promise.all(
      legs.map(([proxy, stream]) => {
        const name = `cut-${stream}`;
        if (!this.listen.has(proxy)) return Promise.resolve();
        return cut ? this.api.addToxic(proxy, name, DROP(stream)) : this.api.removeToxic(proxy, name);
      }),
    );
  }

  describe(): string {
    return [...this.listen].map(([name, address]) => `${name} ${formatAddress(address)}`).join(', ');
  }
}

const DROP = (stream: 'upstream' | 'downstream'): ToxicSpec => ({ type: 'timeout', stream, attributes: { timeout: 0 } });

/**
 * A pass-through that ends every degradation's chain. Toxiproxy adds a toxic by
 * interrupting the last one in the chain, and an interrupted latency toxic hands on the
 * bytes it was holding at once: a cut added right behind a latency toxic would deliver
 * what was in flight early instead of losing it. Behind the seal, a cut interrupts the
 * seal, which holds nothing, and what the latency still holds is lost when it comes out
 * — as on a network that fails with packets on the wire. (A leader struck moments after
 * it sends an entry must not have that entry arrive sooner for it.)
 */
const SEAL: Omit<ToxicSpec, 'stream'> = { type: 'noop', attributes: {} };

/**
 * Toxics in chain order. reset_peer goes first: in a reproduction of Shopify/toxiproxy#558
 * (ten connections writing through one proxy), removing a latency toxic that sat ahead
 * of a reset_peer that had fired hung Toxiproxy's API every time; with reset_peer ahead
 * of the latency, no removal order hung. ManagedToxiproxy restarts a server that hangs anyway.
 */
function toxicsFor(quality: LinkQuality): Array<Omit<ToxicSpec, 'stream'>> {
  const specs: Array<Omit<ToxicSpec, 'stream'>> = [];
  if (quality.resetAfterMs !== undefined) specs.push({ type: 'reset_peer', toxicity: quality.resetShare ?? 1, attributes: { timeout: quality.resetAfterMs } });
  if (quality.latencyMs !== undefined) specs.push({ type: 'latency', attributes: { latency: quality.latencyMs, jitter: quality.jitterMs ?? 0 } });
  if (quality.bandwidthKBs !== undefined) specs.push({ type: 'bandwidth', attributes: { rate: quality.bandwidthKBs } });
  if (quality.sliceBytes !== undefined) {
    specs.push({
      type: 'slicer',
      attributes: { average_size: quality.sliceBytes, size_variation: Math.floor(quality.sliceBytes / 2), delay: quality.sliceDelayUs ?? 0 },
    });
  }
  return specs;
}

const STREAMS = ['upstream', 'downstream'] as const;

async function inTurn<T>(items: readonly T[], act: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) await act(item);
}

function dedupe(flows: readonly Flow[]): Flow[] {
  const seen = new Set<string>();
  return flows.filter((f) => {
    const key = `${f.from}\u0000${f.to}`;
    if (f.from === f.to || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
