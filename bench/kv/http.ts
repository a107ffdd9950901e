/** A minimal keep-alive JSON-over-HTTP client, the same for both systems under test. */
import { Agent, request } from 'node:http';

export interface HttpReply {
  readonly status: number;
  readonly body: unknown;
}

export class JsonClient {
  private readonly agent: Agent;

  constructor(connections: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** Resolves with status 0 on a connection error or timeout. */
  call(method: string, url: string, body: unknown, timeoutMs: number): Promise<HttpReply> {
    return new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(url, {
        method,
        agent: this.agent,
        timeout: timeoutMs,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', () => resolve({ status: 0, body: null }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: null }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
