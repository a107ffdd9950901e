/**
 * One Toxiproxy server per run, on a free loopback port, its log in the run's
 * toxiproxy.log; started under the supervisor, so that it dies with the harness.
 */
import { readFileSync } from 'node:fs';
import { SetupError } from '../errors.js';
import { freePort, LOOPBACK } from '../ports.js';
import type { Orphan, Supervised, Supervisor } from '../process/supervisor.js';
import { ToxiproxyApi } from './api.js';

export interface ToxiproxyOptions {
  readonly binary: string;
  readonly logPath: string;
  /** How long the server may take to answer its first request (default 20 s: CI machines are slow). */
  readonly readyTimeoutMs?: number;
  /** How long an API request may go unanswered (default 5 s); then the server counts as hung. */
  readonly requestTimeoutMs?: number;
  /** Default `kill`: it dies with the harness. */
  readonly orphan?: Orphan;
}

export class ToxiproxyServer {
  private constructor(
    private current: Launched,
    private readonly supervisor: Supervisor,
    private readonly options: ToxiproxyOptions,
  ) {}

  get api(): ToxiproxyApi {
    return this.current.api;
  }

  get process(): Supervised {
    return this.current.process;
  }

  get url(): string {
    return this.api.url;
  }

  /** Starts a server and waits until it answers; a port taken in the meantime means another try. */
  static async start(supervisor: Supervisor, options: ToxiproxyOptions): Promise<ToxiproxyServer> {
    return new ToxiproxyServer(await launch(supervisor, options, null), supervisor, options);
  }

  /**
   * Kills this server (one that stopped answering) and starts another, on the same port
   * if it is still free. The new server has no proxies: whoever knew them creates them again.
   */
  async restart(): Promise<ToxiproxyApi> {
    await this.current.process.kill();
    this.current = await launch(this.supervisor, this.options, new URL(this.current.api.url).port);
    return this.current.api;
  }

  async stop(): Promise<void> {
    await this.process.stop(2000);
  }
}

interface Launched {
  readonly api: ToxiproxyApi;
  readonly process: Supervised;
}

async function launch(supervisor: Supervisor, options: ToxiproxyOptions, preferredPort: string | null): Promise<Launched> {
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = attempt === 0 && preferredPort !== null ? Number(preferredPort) : await freePort();
    const process = supervisor.spawn({
      name: 'toxiproxy',
      file: options.binary,
      args: ['-host', LOOPBACK, '-port', String(port)],
      // Below warn it logs every connection (clients open one per request): megabytes a minute.
      env: { LOG_LEVEL: 'warn' },
      stdoutPath: options.logPath,
      stderrPath: options.logPath,
      orphan: options.orphan ?? 'kill',
    });
    const api = new ToxiproxyApi(`http://${LOOPBACK}:${port}`, options.requestTimeoutMs);
    try {
      await waitUntilAnswering(api, process, options.readyTimeoutMs ?? 20_000);
      return { api, process };
    } catch (error) {
      lastError = error as Error;
      await process.kill();
    }
  }
  throw new SetupError(`Toxiproxy did not start (${lastError?.message}); see ${options.logPath}${logTail(options.logPath)}`);
}

async function waitUntilAnswering(api: ToxiproxyApi, process: Supervised, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!process.running) throw new Error(`it exited (${JSON.stringify(process.exit)})`);
    try {
      await api.version();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms: ${(error as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function logTail(path: string): string {
  try {
    const last = readFileSync(path, 'utf8').trim().split('\n').at(-1);
    return last === undefined || last === '' ? '' : ` — its last line: ${last}`;
  } catch {
    return '';
  }
}
