/** Free loopback ports, and the one-line error when a chosen one is taken. */
import { createServer } from 'node:net';
import { SetupError } from './errors.js';

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

/** Fails with one line when `port` is already bound on the loopback address. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new SetupError(`port ${port} (${what}) is in use on ${LOOPBACK}: free it or choose another`) : error),
    );
    server.listen(port, LOOPBACK, () => server.close(() => resolve()));
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
