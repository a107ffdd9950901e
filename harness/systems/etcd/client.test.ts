import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Address } from '../../real/ports.js';
import { decode, encode, EtcdKvClient } from './client.js';

/** A stand-in for etcd's gateway: answers each request with the next scripted reply and records what it was asked. */
type Reply = { status: number; body: unknown } | 'hang';
let replies: Reply[] = [];
let requests: Array<{ path: string; body: Record<string, unknown> }> = [];
let server: Server;
let address: Address;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    requests.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
    const reply = replies.shift() ?? { status: 500, body: { error: 'no reply scripted', code: 2 } };
    if (reply === 'hang') return;
    res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  address = { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  replies = [];
  requests = [];
});

// Generous deadlines: an answer from this process must not time out on a loaded machine.
const client = (opTimeoutMs = 10_000, requestTimeoutMs = 5_000): EtcdKvClient => new EtcdKvClient(address, { name: 'c1', requestTimeoutMs, opTimeoutMs });
const header = { header: { revision: '2' } };
const timedOut = { status: 503, body: { error: 'etcdserver: request timed out', code: 14, message: 'etcdserver: request timed out' } };

describe('the etcd gateway client', () => {
  it('writes a value as base64 JSON text and reads it back as the value', async () => {
    replies = [{ status: 200, body: header }, { status: 200, body: { ...header, kvs: [{ key: encode('k'), value: encode('42') }] } }];
    expect(await client().write('k', 42)).toEqual({ type: 'ok', value: 42 });
    expect(await client().read('k')).toEqual({ type: 'ok', value: 42 });
    expect(requests[0]).toEqual({ path: '/v3/kv/put', body: { key: encode('k'), value: encode('42') } });
    expect(requests[1]).toEqual({ path: '/v3/kv/range', body: { key: encode('k') } });
  });

  it('reads a missing key as null', async () => {
    replies = [{ status: 200, body: header }];
    expect(await client().read('nope')).toEqual({ type: 'ok', value: null });
  });

  it('asks a cas from null as "the key was never created", and a failed compare is a definite cas-mismatch', async () => {
    replies = [{ status: 200, body: { ...header, succeeded: true } }, { status: 200, body: header }];
    expect(await client().cas('k', null, 1)).toEqual({ type: 'ok', value: [null, 1] });
    expect(await client().cas('k', 3, 4)).toEqual({ type: 'fail', error: 'cas-mismatch' });
    const [fromNull, fromThree] = requests.map((r) => r.body as { compare: Array<Record<string, string>> });
    expect(fromNull!.compare[0]).toMatchObject({ target: 'CREATE', result: 'EQUAL', create_revision: '0' });
    expect(fromThree!.compare[0]).toMatchObject({ target: 'VALUE', result: 'EQUAL' });
    expect(decode(fromThree!.compare[0]!.value!)).toBe('3');
    expect(requests).toHaveLength(2);
  });

  it('a write that timed out is info and is not sent again; a read that timed out is retried', async () => {
    replies = [timedOut];
    expect(await client().write('k', 1)).toEqual({ type: 'info', error: 'etcdserver: request timed out' });
    expect(requests).toHaveLength(1);
    replies = [timedOut, { status: 200, body: { ...header, kvs: [{ value: encode('1') }] } }];
    expect(await client().read('k')).toEqual({ type: 'ok', value: 1 });
    expect(requests).toHaveLength(3);
  });

  it('a write without an answer is info; a read without one ends as fail at its deadline', async () => {
    replies = ['hang'];
    expect(await client(2000, 300).write('k', 1)).toMatchObject({ type: 'info' });
    expect(requests).toHaveLength(1);
    replies = Array.from({ length: 20 }, () => 'hang' as const);
    expect(await client(700, 300).read('k')).toMatchObject({ type: 'fail' });
    expect(requests.length).toBeGreaterThan(2);
  });

  it('errors raised before a proposal are definite: retried when another moment may help, final otherwise', async () => {
    replies = [{ status: 503, body: { error: 'etcdserver: too many requests', code: 14 } }, { status: 200, body: header }];
    expect(await client().write('k', 1)).toEqual({ type: 'ok', value: 1 });
    replies = [{ status: 400, body: { error: 'etcdserver: request is too large', code: 3 } }];
    expect(await client().write('k', 1)).toEqual({ type: 'fail', error: 'etcdserver: request is too large' });
    replies = [{ status: 500, body: { error: 'context deadline exceeded', code: 2 } }];
    expect(await client().write('k', 1)).toEqual({ type: 'info', error: 'context deadline exceeded' });
  });

  it('a request that cannot be sent is a definite failure, tried until the deadline', async () => {
    const closed = new EtcdKvClient({ host: '127.0.0.1', port: 1 }, { name: 'c', requestTimeoutMs: 100, opTimeoutMs: 300 });
    expect(await closed.write('k', 1)).toMatchObject({ type: 'fail', error: 'ECONNREFUSED' });
  });
});
