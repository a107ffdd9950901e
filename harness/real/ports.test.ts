import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort, listenRanges, LOOPBACK, parseEphemeralRange, portAt, RANGES, RANGES_SIZE } from './ports.js';

describe('listen ports', () => {
  it('reads the kernel ephemeral range', () => {
    expect(parseEphemeralRange('32768\t60999\n')).toEqual({ low: 32768, high: 60999 });
    expect(parseEphemeralRange('garbage')).toBeNull();
    expect(parseEphemeralRange('5000 1000')).toBeNull();
  });

  it('draws from outside the ephemeral range, above the well-known ports', () => {
    expect(listenRanges({ low: 32768, high: 60999 })).toEqual([{ low: 10000, high: 32767 }, { low: 61000, high: 65535 }]);
    expect(listenRanges({ low: 1024, high: 65535 })).toEqual([]);
    expect(listenRanges({ low: 40000, high: 65535 })).toEqual([{ low: 10000, high: 39999 }]);
    const ranges = listenRanges({ low: 32768, high: 60999 });
    expect(portAt(ranges, 0)).toBe(10000);
    expect(portAt(ranges, 22767)).toBe(32767);
    expect(portAt(ranges, 22768)).toBe(61000);
    expect(() => portAt(ranges, 22768 + 4536)).toThrow(RangeError);
  });

  it('skips a port that is taken, and one it handed out before', async () => {
    // Two ports of the range next to each other, the first held by a server of ours. This runs
    // before the test below hands out 300 random ports, one of which could be k + 1 or k + 2.
    const k = Math.floor(RANGES_SIZE / 3) + Math.floor(Math.random() * 1000);
    const taken = portAt(RANGES, k);
    const held = createServer();
    await new Promise<void>((resolve, reject) => {
      held.once('error', reject);
      held.listen(taken, LOOPBACK, resolve);
    });
    try {
      const draws = [k, k + 1, k, k + 1, k + 2].map((i) => (i + 0.5) / RANGES_SIZE);
      const random = () => draws.shift() ?? Math.random();
      expect(await freePort(random)).toBe(portAt(RANGES, k + 1));
      expect(await freePort(random)).toBe(portAt(RANGES, k + 2));
    } finally {
      await new Promise((r) => held.close(r));
    }
  });

  it('hands out bindable ports outside the ephemeral range, never the same twice', async () => {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const ports = await Promise.all(Array.from({ length: 300 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port < low! || port > high!).toBe(true);
    // Each can be bound as handed out.
    const servers = await Promise.all(
      ports.slice(0, 20).map((port) => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(port, LOOPBACK, () => resolve(server));
      })),
    );
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });
});
