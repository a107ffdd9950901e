/**
 * Toxiproxy through toxiproxy-node-client, on the timed transport of http.ts: proxies
 * by name, toxics by (proxy, name), proxies switched on and off.
 */
import { Toxiproxy, type Proxy, type Toxic, type ToxicDirection, type ToxicType } from 'toxiproxy-node-client';
import { formatAddress, freePort, LOOPBACK, parseAddress, type Address } from '../ports.js';
import { TimedHttp } from './http.js';

export interface ToxicSpec {
  /** `noop` (registered by the server, unknown to the client's types) passes bytes through untouched. */
  readonly type: ToxicType | 'noop';
  /** upstream: from the proxy's client to its upstream; downstream: back. */
  readonly stream: ToxicDirection;
  /** The share of connections it affects (default 1). */
  readonly toxicity?: number;
  readonly attributes: Readonly<Record<string, number>>;
}

export interface ProxyInfo {
  readonly name: string;
  /** Where the proxy listens. */
  readonly listen: Address;
  readonly upstream: Address;
}

export class ToxiproxyApi {
  private readonly toxiproxy: Toxiproxy;
  private readonly proxies = new Map<string, Proxy>();
  private readonly toxics = new Map<string, Toxic<unknown>>();

  constructor(
    readonly url: string,
    timeoutMs = 5000,
  ) {
    this.toxiproxy = new Toxiproxy(url);
    this.toxiproxy.api = new TimedHttp(timeoutMs).asClient();
  }

  version(): Promise<string> {
    return this.toxiproxy.getVersion();
  }

  /**
   * A proxy on a free loopback port in front of `upstream`: a port outside the ephemeral
   * range (ports.ts), so that a proxy disabled and enabled again (`--cut refuse`) finds
   * its port still free. A port taken between the probe and Toxiproxy's bind means
   * another try. With `listen` given (a proxy created again on a restarted server), the
   * proxy listens there or the call fails.
   */
  async createProxy(name: string, upstream: Address, listen?: Address): Promise<ProxyInfo> {
    for (let attempt = 1; ; attempt++) {
      try {
        const at = listen ?? { host: LOOPBACK, port: await freePort() };
        const proxy = await this.toxiproxy.createProxy({ name, listen: formatAddress(at), upstream: formatAddress(upstream) });
        this.proxies.set(name, proxy);
        return { name, listen: parseAddress(proxy.listen), upstream };
      } catch (error) {
        if (listen !== undefined || attempt >= 3 || !/address already in use/i.test((error as Error).message)) throw error;
      }
    }
  }

  async removeProxy(name: string): Promise<void> {
    await this.proxy(name).remove();
    this.proxies.delete(name);
    for (const key of this.toxics.keys()) if (key.startsWith(`${name}/`)) this.toxics.delete(key);
  }

  /** A disabled proxy closes its connections and refuses new ones; enabled again, it listens on the same port. */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    const proxy = this.proxy(name);
    this.proxies.set(name, await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream }));
  }

  async addToxic(proxyName: string, toxicName: string, spec: ToxicSpec): Promise<void> {
    const toxic = await this.proxy(proxyName).addToxic({
      name: toxicName,
      type: spec.type as ToxicType,
      stream: spec.stream,
      toxicity: spec.toxicity ?? 1,
      attributes: spec.attributes,
    });
    this.toxics.set(`${proxyName}/${toxicName}`, toxic as Toxic<unknown>);
  }

  async removeToxic(proxyName: string, toxicName: string): Promise<void> {
    const key = `${proxyName}/${toxicName}`;
    const toxic = this.toxics.get(key);
    if (toxic === undefined) throw new Error(`no toxic ${toxicName} on proxy ${proxyName}`);
    await toxic.remove();
    this.toxics.delete(key);
  }

  /** Names of the toxics in force on a proxy (as this client added them). */
  toxicsOn(proxyName: string): string[] {
    return [...this.toxics.keys()].filter((k) => k.startsWith(`${proxyName}/`)).map((k) => k.slice(proxyName.length + 1));
  }

  /** Every proxy as the server sees it: enabled or not, and its toxics. */
  async serverState(): Promise<Record<string, { enabled: boolean; toxics: string[] }>> {
    const all = await this.toxiproxy.getAll();
    const state: Record<string, { enabled: boolean; toxics: string[] }> = {};
    for (const [name, proxy] of Object.entries(all)) {
      const json = (await this.toxiproxy.api.get<{ enabled: boolean; toxics: Array<{ name: string }> }>(proxy.getPath())).data;
      state[name] = { enabled: json.enabled, toxics: json.toxics.map((t) => t.name) };
    }
    return state;
  }

  private proxy(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (proxy === undefined) throw new Error(`no proxy ${name}`);
    return proxy;
  }
}
