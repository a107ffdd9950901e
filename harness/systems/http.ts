/**
 * One HTTP/JSON request with a deadline, told apart by what can be known of its fate:
 * an answer; `unsent` — it failed before the whole request left this process (no
 * connection, or the connection broke while it was being written), so the server
 * cannot have acted on it; or `lost` — it was sent and no answer came back, so it may
 * have taken effect. A new connection per request: a pooled one that a heal or a
 * restart closed would turn a harmless retry into an unknown outcome.
 */
import { request as httpRequest } from 'node:http';
import type { Address } from '../real/ports.js';

export type HttpResult =
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown; readonly headers: Readonly<Record<string, string | string[] | undefined>> }
  | { readonly kind: 'unsent'; readonly reason: string }
  | { readonly kind: 'lost'; readonly reason: string };

export interface HttpCall {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export function httpJson(address: Address, call: HttpCall): Promise<HttpResult> {
  return new Promise((resolve) => {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    let sent = false;
    let settled = false;
    const settle = (result: HttpResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = httpRequest(
      {
        host: address.host,
        port: address.port,
        method: call.method,
        path: call.path,
        agent: false,
        headers: {
          ...call.headers,
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => settle({ kind: 'lost', reason: reasonOf(error) }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text === '' ? null : JSON.parse(text);
          } catch {
            // Not JSON: keep the text for the error message.
          }
          settle({ kind: 'answer', status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    const timer = setTimeout(() => {
      settle(sent ? { kind: 'lost', reason: `no answer within ${call.timeoutMs} ms` } : { kind: 'unsent', reason: `not sent within ${call.timeoutMs} ms` });
      req.destroy();
    }, call.timeoutMs);
    req.on('finish', () => {
      sent = true;
    });
    req.on('error', (error) => settle(sent ? { kind: 'lost', reason: reasonOf(error) } : { kind: 'unsent', reason: reasonOf(error) }));
    req.end(payload);
  });
}

function reasonOf(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}
