import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LOOPBACK, type Address } from '../ports.js';
import { Supervisor } from '../process/supervisor.js';
import { locateToxiproxy } from './binary.js';
import { ManagedToxiproxy } from './managed.js';
import { ProxiedNetwork } from './network.js';
import { ToxiproxyServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-managed-'));
const supervisor = new Supervisor();
const servers: Server[] = [];
const stopTraffic: Array<() => void> = [];

/** A fake node: takes connections and counts the bytes it receives. */
async function sink(): Promise<{ address: Address; received: () => number }> {
  let bytes = 0;
  const s = createServer((socket) => {
    socket.on('data', (d) => (bytes += d.length));
    socket.on('error', () => {});
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, LOOPBACK, r));
  return { address: { host: LOOPBACK, port: (s.address() as { port: number }).port }, received: () => bytes };
}

/** Ten connections writing through `address` all the time, dialling again whenever one is reset. */
function traffic(address: Address): void {
  let stopped = false;
  const sockets = new Set<Socket>();
  const dial = (): void => {
    if (stopped) return;
    const socket = connect(address.port, address.host);
    const writer = setInterval(() => socket.writable && socket.write('x'.repeat(1000)), 2);
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(writer);
      sockets.delete(socket);
      setTimeout(dial, 5);
    });
  };
  for (let i = 0; i < 10; i++) dial();
  stopTraffic.push(() => {
    stopped = true;
    for (const socket of sockets) socket.destroy();
  });
}

async function startServer(): Promise<ToxiproxyServer> {
  return ToxiproxyServer.start(supervisor, { binary: locateToxiproxy(), logPath: join(dir, 'toxiproxy.log'), requestTimeoutMs: 1000 });
}

afterEach(() => {
  for (const stop of stopTraffic.splice(0)) stop();
});

afterAll(async () => {
  for (const s of servers) s.close();
  await supervisor.close(1000);
});

describe('ManagedToxiproxy', () => {
  it('restarts a Toxiproxy whose API hangs (Shopify/toxiproxy#558) and creates every proxy again on its port, with its toxics and cuts', async () => {
    const server = await startServer();
    const managed = new ManagedToxiproxy(server);
    const reasons: string[] = [];
    managed.onRestart = (reason) => reasons.push(reason);
    const net = new ProxiedNetwork(managed, 'drop');
    const [a, b] = [await sink(), await sink()];
    await net.addNode({ id: 'a', peer: a.address, client: (await sink()).address });
    await net.addNode({ id: 'b', peer: b.address, client: (await sink()).address });
    const listenBefore = net.peerAddress('a', 'b');
    const cut = await net.cut([{ from: 'b', to: 'a' }]);

    // The upstream bug, reproduced: latency ahead of a reset_peer that fires, under traffic; removing the latency never returns.
    await managed.addToxic('peer-a-b', 'slow', { type: 'latency', stream: 'upstream', attributes: { latency: 100, jitter: 0 } });
    await managed.addToxic('peer-a-b', 'reset', { type: 'reset_peer', stream: 'upstream', attributes: { timeout: 200 } });
    traffic(listenBefore);
    await new Promise((r) => setTimeout(r, 1000));
    const hungPid = server.process.pid;
    await managed.removeToxic('peer-a-b', 'slow');

    expect(reasons).toEqual([expect.stringContaining('DELETE /proxies/peer-a-b/toxics/slow: no answer within 1000 ms')]);
    expect(server.process.pid).not.toBe(hungPid);
    const state = await server.api.serverState();
    expect(Object.keys(state).sort()).toEqual(['client-a', 'client-b', 'peer-a-b', 'peer-b-a']);
    // The cut b→a is realised on both proxies that carry it, as before the restart; the latency is gone, the reset stays.
    expect(state['peer-a-b']!.toxics.sort()).toEqual(['cut-downstream', 'reset']);
    expect(state['peer-b-a']!.toxics).toEqual(['cut-upstream']);

    // The proxies listen where the nodes were told to dial; the new server answers and heals.
    expect(net.peerAddress('a', 'b')).toEqual(listenBefore);
    await managed.removeToxic('peer-a-b', 'reset');
    await net.heal(cut);
    expect(Object.values(await server.api.serverState()).flatMap((p) => p.toxics)).toEqual([]);
    const receivedBefore = a.received();
    const socket = connect(net.peerAddress('b', 'a').port, LOOPBACK);
    socket.on('error', () => {});
    socket.write('after the restart');
    await expect.poll(() => a.received() - receivedBefore).toBe('after the restart'.length);
    socket.destroy();
  });
});
