/**
 * The HTTP transport under toxiproxy-node-client, replaced: the client's own fetches
 * have no timeout and drop the server's error body ("Request failed with status code
 * 409"). This one gives every request a deadline and keeps what went wrong — method,
 * path, status, Toxiproxy's own message, or the network error's cause.
 */
import type { Toxiproxy } from 'toxiproxy-node-client';

type HttpClient = Toxiproxy['api'];

export class ToxiproxyRequestError extends Error {
  override readonly name = 'ToxiproxyRequestError';

  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`Toxiproxy ${method} ${new URL(url).pathname}: ${status === null ? '' : `${status} `}${detail}`);
  }
}

interface Response<T> {
  data: T;
}

export class TimedHttp {
  constructor(readonly timeoutMs: number) {}

  get<T>(url: string): Promise<Response<T>> {
    return this.json('GET', url);
  }

  post<T>(url: string, body?: unknown): Promise<Response<T>> {
    return this.json('POST', url, body);
  }

  async delete(url: string): Promise<void> {
    await this.text('DELETE', url);
  }

  getText(url: string): Promise<string> {
    return this.text('GET', url);
  }

  /** Shaped as the client's HttpClient, for `toxiproxy.api = …`. */
  asClient(): HttpClient {
    return this as unknown as HttpClient;
  }

  private async json<T>(method: string, url: string, body?: unknown): Promise<Response<T>> {
    const text = await this.text(method, url, body);
    if (text.length === 0) return { data: undefined as T };
    try {
      return { data: JSON.parse(text) as T };
    } catch {
      throw new ToxiproxyRequestError(method, url, null, `answered with something other than JSON: ${text.slice(0, 200)}`);
    }
  }

  private async text(method: string, url: string, body?: unknown): Promise<string> {
    let response: globalThis.Response;
    try {
      response = await fetch(url, {
        method,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
    } catch (error) {
      throw new ToxiproxyRequestError(method, url, null, describeFetchError(error, this.timeoutMs));
    }
    const text = await response.text();
    if (!response.ok) throw new ToxiproxyRequestError(method, url, response.status, errorMessage(text));
    return text;
  }
}

/** Toxiproxy answers errors as {"error": "...", "status": N}. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // Not JSON: show it as it is.
  }
  return text.trim().slice(0, 200) || '(empty body)';
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
