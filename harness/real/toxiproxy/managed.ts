/**
 * Toxiproxy as the run wants it, whatever the server does. Every proxy (where it
 * listens, what it fronts, on or off) and its toxics, in the order they were added,
 * are remembered; calls on one proxy run one after another (a cut added while an
 * earlier heal's removal is in flight would otherwise meet a 409 and leave the flow
 * open). When the server stops answering — its API can hang for good when a toxic is
 * removed from a link whose next toxic has closed (Shopify/toxiproxy#558: latency
 * before a reset_peer that fired) — it is restarted and everything is created again,
 * each proxy on the port it had. Connections through the proxies break, as in a
 * network blip, and the nodes dial again.
 */
import type { Address } from '../ports.js';
import type { ProxyInfo, ToxicSpec, ToxiproxyApi } from './api.js';
import { ToxiproxyRequestError } from './http.js';

/** What the proxied network needs of Toxiproxy. */
export interface ProxyControl {
  createProxy(name: string, upstream: Address): Promise<ProxyInfo>;
  setEnabled(name: string, enabled: boolean): Promise<void>;
  addToxic(proxyName: string, toxicName: string, spec: ToxicSpec): Promise<void>;
  removeToxic(proxyName: string, toxicName: string): Promise<void>;
}

/** A server that can be replaced by a fresh one (ToxiproxyServer). */
export interface RestartableToxiproxy {
  readonly api: ToxiproxyApi;
  restart(): Promise<ToxiproxyApi>;
}

interface ProxyState {
  readonly listen: Address;
  readonly upstream: Address;
  enabled: boolean;
  readonly toxics: Map<string, ToxicSpec>;
}

/** The server did not answer at all (no status): it hangs or it is gone. */
function unanswered(error: unknown): error is ToxiproxyRequestError {
  return error instanceof ToxiproxyRequestError && error.status === null;
}

export class ManagedToxiproxy implements ProxyControl {
  private api: ToxiproxyApi;
  private readonly proxies = new Map<string, ProxyState>();
  private readonly queues = new Map<string, Promise<void>>();
  private recovering: Promise<void> | null = null;
  private generation = 0;
  private closed = false;
  /** Told of each restart, once the proxies stand again. */
  onRestart: (reason: string) => void = () => {};

  constructor(private readonly server: RestartableToxiproxy) {
    this.api = server.api;
  }

  async createProxy(name: string, upstream: Address): Promise<ProxyInfo> {
    await this.recovering;
    let info: ProxyInfo;
    try {
      info = await this.api.createProxy(name, upstream);
    } catch (error) {
      if (this.closed || !unanswered(error)) throw error;
      await this.recover(error.message);
      info = await this.api.createProxy(name, upstream);
    }
    this.proxies.set(name, { listen: info.listen, upstream, enabled: true, toxics: new Map() });
    return info;
  }

  setEnabled(name: string, enabled: boolean): Promise<void> {
    return this.change(name, (proxy) => {
      proxy.enabled = enabled;
      return (api) => api.setEnabled(name, enabled);
    });
  }

  addToxic(proxyName: string, toxicName: string, spec: ToxicSpec): Promise<void> {
    return this.change(proxyName, (proxy) => {
      proxy.toxics.set(toxicName, spec);
      return (api) => api.addToxic(proxyName, toxicName, spec);
    });
  }

  removeToxic(proxyName: string, toxicName: string): Promise<void> {
    return this.change(proxyName, (proxy) => {
      proxy.toxics.delete(toxicName);
      return (api) => api.removeToxic(proxyName, toxicName);
    });
  }

  /** From now on a failure is only reported: the server is being stopped on purpose. */
  close(): void {
    this.closed = true;
  }

  /**
   * Queues a change behind the proxy's earlier ones. The wanted state is recorded before
   * the call, so a restart that happens meanwhile creates it; a call that found the
   * server hung, or that a restart overtook, has then done its part.
   */
  private change(name: string, intend: (proxy: ProxyState) => (api: ToxiproxyApi) => Promise<void>): Promise<void> {
    const run = async (): Promise<void> => {
      await this.recovering;
      const proxy = this.proxies.get(name);
      if (proxy === undefined) throw new Error(`no proxy ${name}`);
      const call = intend(proxy);
      const generation = this.generation;
      try {
        await call(this.api);
      } catch (error) {
        if (this.closed) throw error;
        if (generation !== this.generation) return;
        if (!unanswered(error)) throw error;
        await this.recover(error.message);
      }
    };
    const queued = (this.queues.get(name) ?? Promise.resolve()).then(run);
    this.queues.set(
      name,
      queued.catch(() => {}),
    );
    return queued;
  }

  private recover(reason: string): Promise<void> {
    this.recovering ??= (async () => {
      try {
        this.api = await this.server.restart();
        this.generation++;
        await this.recreate();
        this.onRestart(reason);
      } finally {
        this.recovering = null;
      }
    })();
    return this.recovering;
  }

  /** Every proxy on the port it had, switched as it was, with its toxics in their order. */
  private async recreate(): Promise<void> {
    await Promise.all(
      [...this.proxies].map(async ([name, proxy]) => {
        await this.api.createProxy(name, proxy.upstream, proxy.listen);
        if (!proxy.enabled) await this.api.setEnabled(name, false);
        for (const [toxic, spec] of proxy.toxics) await this.api.addToxic(name, toxic, spec);
      }),
    );
  }
}
