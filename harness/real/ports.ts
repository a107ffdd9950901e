/** Free loopback ports and host:port addresses. */
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A port that was free a moment ago (the kernel's pick). Another process may take it before it is bound. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Address {
  readonly host: string;
  readonly port: number;
}

export function formatAddress(address: Address): string {
  return `${address.host}:${address.port}`;
}

export function parseAddress(text: string): Address {
  const at = text.lastIndexOf(':');
  const port = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new Error(`not a host:port address: ${text}`);
  return { host: text.slice(0, at), port };
}
