import { connect } from 'node:net';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, get, LocalCluster, put, type LocalNode } from '../launch/local-cluster.js';

let cluster: LocalCluster;
let node: LocalNode;

beforeAll(async () => {
  cluster = await LocalCluster.start({ nodes: 1 });
  node = cluster.nodes[0]!;
  await cluster.leader();
  expect((await put(node, 'sentinel', 'untouched')).status).toBe(200);
});
afterAll(async () => {
  await cluster.destroy();
});

const json = fc.jsonValue({ maxDepth: 2 });
const body = fc.oneof(
  fc.record({ value: json }),
  fc.record({ from: json, to: json }),
  fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 64 }),
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constant(JSON.stringify({ value: 'x'.repeat(1024 * 1024 + 1) })),
  fc.constant('{"value": '.repeat(5000)),
  fc.constant(undefined),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.oneof(
    fc.constantFrom('/kv/a', '/kv/b/cas', '/kv/', '/kv/%E0%A4%A', '/kv/a/b/c', '/status', '/metrics', '/admin/members', '/admin/members/n9', '/admin/peers/n9', '/nope', '/kv/a?x=1', `/kv/${'k'.repeat(1100)}`),
    fc.string({ maxLength: 20 }).map((s) => `/kv/${encodeURIComponent(s)}`),
  ),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', undefined),
  body: body.map((b) => (typeof b === 'object' && b !== undefined ? JSON.stringify(b) : b)),
  session: fc.option(fc.record({ client: fc.constantFrom('c1', 'bad client!', ''), seq: fc.constantFrom('1', '0', '-3', 'x', '99999999999999999999') })),
});

describe('the HTTP API under malformed requests', () => {
  test.prop([request], { numRuns: 150, seed: 20261209 })('answers 2xx or a JSON 4xx that says it is definite, never 5xx', async (r) => {
    const headers: Record<string, string> = {};
    if (r.contentType !== undefined) headers['content-type'] = r.contentType;
    if (r.session !== null) {
      headers['faultline-client'] = r.session.client;
      headers['faultline-seq'] = r.session.seq;
    }
    const res = await fetch(`${node.url}${r.path}`, {
      method: r.method,
      headers,
      ...(r.body === undefined || r.method === 'GET' ? {} : { body: r.body }),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      const parsed = JSON.parse(text) as { error: string; definite: boolean; message: string };
      expect(parsed.definite).toBe(true);
      expect(parsed.message).not.toContain('\n');
    }
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 2048 })], { numRuns: 40, seed: 20261210 })('answers raw junk on the socket with a 4xx or a closed connection', async (junk) => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(node.clientPort, '127.0.0.1');
      let data = '';
      socket.on('data', (d) => (data += d.toString('latin1')));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
      socket.setTimeout(2000, () => socket.destroy());
      socket.end(Buffer.from(junk));
    });
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
  });

  it('a body over the limit is refused without reading it, and the node stays up and correct', async () => {
    const huge = await call(node, 'PUT', '/kv/big', { value: 'x'.repeat(3 * 1024 * 1024) });
    expect([413, 0]).toContain(huge.status);
    expect((await call(node, 'GET', '/status')).status).toBe(200);
    expect((await get(node, 'sentinel')).body).toEqual({ value: 'untouched' });
    expect(node.logs.filter((l) => l.level === 'error')).toEqual([]);
    expect(node.process!.exitCode).toBeNull();
  });
});
