import { describe, expect, it } from 'vitest';
import type { Address } from '../ports.js';
import type { ToxicSpec, ToxiproxyApi } from './api.js';
import { ToxiproxyRequestError } from './http.js';
import { ManagedToxiproxy } from './managed.js';

const here: Address = { host: '127.0.0.1', port: 1 };
const cut: ToxicSpec = { type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } };

/** A server that keeps toxics by name as Toxiproxy does (a second add of a name is a 409), each removal slower than an add. */
function fakeServer(): { api: ToxiproxyApi; toxics: Set<string>; log: string[] } {
  const toxics = new Set<string>();
  const log: string[] = [];
  const api = {
    url: 'http://127.0.0.1:1',
    createProxy: async (name: string) => ({ name, listen: here, upstream: here }),
    setEnabled: async () => {},
    addToxic: async (_proxy: string, toxic: string) => {
      if (toxics.has(toxic)) throw new ToxiproxyRequestError('POST', 'http://127.0.0.1:1/proxies/p/toxics', 409, 'toxic already exists');
      toxics.add(toxic);
      log.push(`add ${toxic}`);
    },
    removeToxic: async (_proxy: string, toxic: string) => {
      await new Promise((r) => setTimeout(r, 30));
      toxics.delete(toxic);
      log.push(`remove ${toxic}`);
    },
  } as unknown as ToxiproxyApi;
  return { api, toxics, log };
}

describe('ManagedToxiproxy', () => {
  it('runs the calls on one proxy in order: a toxic added again while its removal is in flight is in force afterwards', async () => {
    const server = fakeServer();
    const managed = new ManagedToxiproxy({ api: server.api, restart: () => Promise.reject(new Error('no restart expected')) });
    await managed.createProxy('p', here);
    await managed.addToxic('p', 'cut', cut);
    await Promise.all([managed.removeToxic('p', 'cut'), managed.addToxic('p', 'cut', cut)]);
    expect(server.log).toEqual(['add cut', 'remove cut', 'add cut']);
    expect([...server.toxics]).toEqual(['cut']);
  });
});
