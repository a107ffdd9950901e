import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, LOOPBACK, type Address } from '../ports.js';
import { Supervisor } from '../process/supervisor.js';
import { locateToxiproxy } from './binary.js';
import { ToxiproxyRequestError, TimedHttp } from './http.js';
import { ProxiedNetwork } from './network.js';
import { ToxiproxyServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-toxiproxy-'));
const supervisor = new Supervisor();
let server: ToxiproxyServer;
const sinks: Server[] = [];
/** What each fake node received, as text. */
const received = new Map<string, string>();

/** A fake node: a TCP server that records what it receives. */
async function sink(id: string): Promise<Address> {
  received.set(id, '');
  const s = createServer((socket) => socket.on('data', (d) => received.set(id, received.get(id)! + d.toString())));
  sinks.push(s);
  await new Promise<void>((r) => s.listen(0, LOOPBACK, r));
  return { host: LOOPBACK, port: (s.address() as { port: number }).port };
}

async function dial(address: Address): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(address.port, address.host, () => resolve(socket));
    socket.once('error', reject);
  });
}

const settle = (ms = 300): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await ToxiproxyServer.start(supervisor, { binary: locateToxiproxy(), logPath: join(dir, 'toxiproxy.log') });
});

afterAll(async () => {
  for (const s of sinks) s.close();
  await supervisor.close(1000);
});

describe('ProxiedNetwork on a real Toxiproxy', () => {
  it('routes each directed link through its own proxy, and cuts and heals one direction at a time', async () => {
    const net = new ProxiedNetwork(server.api, 'drop');
    for (const id of ['a', 'b']) await net.addNode({ id, peer: await sink(id), client: await sink(`${id}-client`) });
    expect(net.peerAddress('a', 'b')).not.toEqual(net.peerAddress('b', 'a'));
    const aToB = await dial(net.peerAddress('a', 'b'));
    const bToA = await dial(net.peerAddress('b', 'a'));
    aToB.write('1');
    bToA.write('1');
    await expect.poll(() => received.get('b')).toBe('1');
    await expect.poll(() => received.get('a')).toBe('1');

    const cut = await net.cut([{ from: 'a', to: 'b' }]);
    aToB.write('2');
    bToA.write('2');
    await expect.poll(() => received.get('a')).toBe('12');
    await settle();
    expect(received.get('b')).toBe('1');
    expect(aToB.destroyed).toBe(false);

    // Healing closes the connections the cut held (Toxiproxy ends a link whose timeout
    // toxic goes); a node reconnects, and a new connection gets through.
    aToB.on('error', () => {});
    await net.heal(cut);
    await expect.poll(() => aToB.readableEnded || aToB.destroyed).toBe(true);
    const again = await dial(net.peerAddress('a', 'b'));
    again.write('3');
    await expect.poll(() => received.get('b')).toBe('13');
    again.destroy();
    aToB.destroy();
    bToA.destroy();
  });

  it('keeps a flow cut until the last of two overlapping faults heals', async () => {
    const net = new ProxiedNetwork(server.api, 'drop');
    for (const id of ['c', 'd']) await net.addNode({ id, peer: await sink(id), client: await sink(`${id}-client`) });
    const first = await net.cut([{ from: 'c', to: 'd' }]);
    const second = await net.cut([{ from: 'c', to: 'd' }]);
    await net.heal(first);
    const socket = await dial(net.peerAddress('c', 'd'));
    socket.write('x');
    await settle();
    expect(received.get('d')).toBe('');
    await net.heal(second);
    expect(net.cutFlows).toEqual([]);
    socket.destroy();
    const again = await dial(net.peerAddress('c', 'd'));
    again.write('y');
    await expect.poll(() => received.get('d')).toBe('y');
    again.destroy();
  });

  it('in refuse mode, a cut link refuses connections and heals on the same port', async () => {
    const net = new ProxiedNetwork(server.api, 'refuse');
    for (const id of ['e', 'f']) await net.addNode({ id, peer: await sink(id), client: await sink(`${id}-client`) });
    const address = net.peerAddress('e', 'f');
    const cut = await net.cut([{ from: 'e', to: 'f' }]);
    await expect(dial(address)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await net.heal(cut);
    const socket = await dial(address);
    socket.write('z');
    await expect.poll(() => received.get('f')).toBe('z');
    socket.destroy();
  });

  it('adds latency to a route and takes it away again', async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    sinks.push(echo);
    await new Promise<void>((r) => echo.listen(0, LOOPBACK, r));
    const net = new ProxiedNetwork(server.api, 'drop');
    await net.addNode({ id: 'g', peer: await sink('g'), client: { host: LOOPBACK, port: (echo.address() as { port: number }).port } });
    const roundTrip = async (): Promise<number> => {
      const socket = await dial(net.clientAddress('g'));
      const started = performance.now();
      socket.write('ping');
      await new Promise((r) => socket.once('data', r));
      socket.destroy();
      return performance.now() - started;
    };
    const id = await net.degrade(net.routesAmong(['g'], true), { latencyMs: 300, jitterMs: 0 });
    expect(await roundTrip()).toBeGreaterThanOrEqual(290);
    await net.restore(id);
    expect(await roundTrip()).toBeLessThan(290);
    expect((await server.api.serverState())['client-g']!.toxics).toEqual([]);
  });

  it('loses what a slow link holds when a cut lands, rather than delivering it early, and chains each degradation in order', async () => {
    const net = new ProxiedNetwork(server.api, 'drop');
    for (const id of ['h', 'i']) await net.addNode({ id, peer: await sink(id), client: await sink(`${id}-client`) });
    const slow = await net.degrade([{ kind: 'peer', from: 'h', to: 'i' }], { latencyMs: 400, jitterMs: 0 });
    // Toxiproxy lists a chain in order: the latency, then the seal behind it.
    const chain = (await server.api.serverState())['peer-h-i']!.toxics.filter((name) => name.endsWith('-upstream'));
    expect(chain).toEqual([`q${slow}-0-upstream`, `q${slow}-1-upstream`]);
    const socket = await dial(net.peerAddress('h', 'i'));
    socket.write('before');
    await expect.poll(() => received.get('i'), { timeout: 2000 }).toBe('before');
    socket.write('in-flight');
    await settle(100);
    const cut = await net.cut([{ from: 'h', to: 'i' }]);
    // Without the seal Toxiproxy hands the latency's bytes on the moment the cut is added.
    await settle(700);
    expect(received.get('i')).toBe('before');
    socket.on('error', () => {});
    await net.heal(cut);
    await net.restore(slow);
    socket.destroy();
  });

  it('keeps Toxiproxy\'s own error message and names the request', async () => {
    await server.api.createProxy('twice', { host: LOOPBACK, port: 9 });
    const error = await server.api.createProxy('twice', { host: LOOPBACK, port: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToxiproxyRequestError);
    expect((error as Error).message).toBe('Toxiproxy POST /proxies: 409 proxy already exists');
  });
});

describe('TimedHttp', () => {
  it('gives up on a server that never answers, saying so', async () => {
    const silent = createServer(() => {});
    sinks.push(silent);
    await new Promise<void>((r) => silent.listen(0, LOOPBACK, r));
    const url = `http://${LOOPBACK}:${(silent.address() as { port: number }).port}/version`;
    await expect(new TimedHttp(200).getText(url)).rejects.toThrow('Toxiproxy GET /version: no answer within 200 ms');
  });

  it('names the network error when nothing listens', async () => {
    const port = await freePort();
    await expect(new TimedHttp(1000).getText(`http://${LOOPBACK}:${port}/version`)).rejects.toThrow('Toxiproxy GET /version: ECONNREFUSED');
  });
});
