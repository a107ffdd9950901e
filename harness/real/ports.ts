/**
 * Loopback listen ports, and host:port addresses.
 *
 * A port the kernel picks (`listen(0)`) comes from its ephemeral range, the same range
 * it draws the local ports of outgoing connections from: closed again and handed to a
 * child process to bind, such a port can be taken in between by any connection this
 * machine opens (an etcd node failed with "bind: address already in use" that way).
 * So listen ports are drawn at random from outside that range
 * (/proc/sys/net/ipv4/ip_local_port_range), probed by binding them, and never handed
 * out twice by one process.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** Ports below this are left to well-known services. */
const LOWEST = 10_000;
const HIGHEST = 65_535;
/** Linux's default ephemeral range, when /proc cannot say. */
const DEFAULT_EPHEMERAL: PortRange = { low: 32_768, high: 60_999 };
const ATTEMPTS = 200;

export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** The kernel's ephemeral port range, from the text of /proc/sys/net/ipv4/ip_local_port_range. */
export function parseEphemeralRange(text: string): PortRange | null {
  const [low, high] = text.trim().split(/\s+/).map(Number);
  return low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high) && low <= high ? { low, high } : null;
}

/** The ranges of [LOWEST, HIGHEST] outside the ephemeral range (empty when it covers them). */
export function listenRanges(ephemeral: PortRange): PortRange[] {
  const ranges: PortRange[] = [];
  if (ephemeral.low - 1 >= LOWEST) ranges.push({ low: LOWEST, high: Math.min(HIGHEST, ephemeral.low - 1) });
  if (ephemeral.high + 1 <= HIGHEST) ranges.push({ low: Math.max(LOWEST, ephemeral.high + 1), high: HIGHEST });
  return ranges;
}

function ephemeralRange(): PortRange {
  try {
    return parseEphemeralRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')) ?? DEFAULT_EPHEMERAL;
  } catch {
    return DEFAULT_EPHEMERAL;
  }
}

/** The `k`-th port of the ranges taken together (0 ≤ k < their size). */
export function portAt(ranges: readonly PortRange[], k: number): number {
  let rest = k;
  for (const { low, high } of ranges) {
    const size = high - low + 1;
    if (rest < size) return low + rest;
    rest -= size;
  }
  throw new RangeError(`port ${k} is beyond the ranges`);
}

export const RANGES = listenRanges(ephemeralRange());
export const RANGES_SIZE = RANGES.reduce((sum, r) => sum + r.high - r.low + 1, 0);
/** Every port this process handed out (or found taken): none is handed out twice. */
const handedOut = new Set<number>();

/** Binds `port` on loopback and lets it go: the port it got (the kernel's pick for 0), or null when it is taken. */
function probe(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(null) : reject(error)));
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : null));
    });
  });
}

/**
 * A loopback port for a process to listen on: outside the ephemeral range, free when
 * probed, and never returned before by this process. Where the ephemeral range leaves
 * no room (a machine configured so), the kernel's pick, still never twice.
 */
export async function freePort(random: () => number = Math.random): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const candidate = RANGES_SIZE === 0 ? 0 : portAt(RANGES, Math.floor(random() * RANGES_SIZE));
    if (handedOut.has(candidate)) continue;
    const port = await probe(candidate);
    if (port === null) {
      handedOut.add(candidate);
      continue;
    }
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free loopback port after ${ATTEMPTS} attempts`);
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
