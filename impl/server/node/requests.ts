/**
 * What a client may send, checked strictly: the route, the key, the JSON body (exact
 * fields, bounded sizes) and the session headers. Anything else is a RequestError with
 * a one-line reason and a 4xx code.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { NO_SESSION, type Session, type Value } from '../../kv/commands.js';
import type { ErrorCode } from './errors.js';

export const MAX_KEY_BYTES = 1024;
export const MAX_VALUE_BYTES = 1024 * 1024;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly allow?: string,
  ) {
    super(message);
  }
}

export type Route =
  | { readonly route: 'kv-get' | 'kv-delete'; readonly key: string }
  | { readonly route: 'kv-put'; readonly key: string }
  | { readonly route: 'kv-cas'; readonly key: string }
  | { readonly route: 'status' | 'metrics' | 'members-add' }
  | { readonly route: 'members-remove' | 'peers-set'; readonly id: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CLIENT = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Matches method and path to a route; 404 for an unknown path, 405 for a wrong method. */
export function route(method: string, url: string): Route {
  if (url.includes('?') || url.includes('#')) throw new RequestError('bad-request', 'query strings are not accepted');
  const parts = url.split('/').slice(1);
  const allow = (methods: string, chosen: Record<string, Route>): Route => {
    const found = chosen[method];
    if (found === undefined) throw new RequestError('method-not-allowed', `${method} is not allowed on ${url}; allowed: ${methods}`, methods);
    return found;
  };
  if (parts[0] === 'kv' && parts.length === 2) {
    const key = decodeKey(parts[1]!);
    return allow('GET, PUT, DELETE', { GET: { route: 'kv-get', key }, PUT: { route: 'kv-put', key }, DELETE: { route: 'kv-delete', key } });
  }
  if (parts[0] === 'kv' && parts.length === 3 && parts[2] === 'cas') return allow('POST', { POST: { route: 'kv-cas', key: decodeKey(parts[1]!) } });
  if (url === '/status') return allow('GET', { GET: { route: 'status' } });
  if (url === '/metrics') return allow('GET', { GET: { route: 'metrics' } });
  if (url === '/admin/members') return allow('POST', { POST: { route: 'members-add' } });
  if (parts[0] === 'admin' && parts.length === 3 && (parts[1] === 'members' || parts[1] === 'peers')) {
    const id = nodeId(decodeSegment(parts[2]!));
    return parts[1] === 'members' ? allow('DELETE', { DELETE: { route: 'members-remove', id } }) : allow('PUT', { PUT: { route: 'peers-set', id } });
  }
  throw new RequestError('not-found', `no route ${url}`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestError('bad-request', 'malformed percent-encoding in the path');
  }
}

function decodeKey(segment: string): string {
  const key = decodeSegment(segment);
  const bytes = Buffer.byteLength(key);
  if (bytes === 0) throw new RequestError('bad-request', 'the key is empty');
  if (bytes > MAX_KEY_BYTES) throw new RequestError('bad-request', `the key is ${bytes} bytes; at most ${MAX_KEY_BYTES}`);
  return key;
}

export function nodeId(text: unknown): string {
  if (typeof text !== 'string' || !ID.test(text)) throw new RequestError('bad-request', 'a node id is 1-64 of [A-Za-z0-9_-]');
  return text;
}

export function address(text: unknown): string {
  if (typeof text !== 'string' || !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(text) || Number(text.split(':')[1]) > 65535) {
    throw new RequestError('bad-request', 'an address is HOST:PORT');
  }
  return text;
}

/** The session headers: both or neither. */
export function session(headers: IncomingHttpHeaders): Session {
  const client = headers['faultline-client'];
  const seq = headers['faultline-seq'];
  if (client === undefined && seq === undefined) return NO_SESSION;
  if (typeof client !== 'string' || typeof seq !== 'string') throw new RequestError('bad-request', 'send both Faultline-Client and Faultline-Seq, once each, or neither');
  if (!CLIENT.test(client)) throw new RequestError('bad-request', 'Faultline-Client is 1-64 of [A-Za-z0-9_.:-]');
  if (!/^[1-9]\d{0,15}$/.test(seq) || !Number.isSafeInteger(Number(seq))) throw new RequestError('bad-request', 'Faultline-Seq is a positive integer');
  return { client, seq: Number(seq) };
}

/** Parses a JSON object body with exactly `fields` (those ending in `?` optional). */
export function parseBody(contentType: string | undefined, body: Buffer, fields: readonly string[]): Record<string, unknown> {
  if (contentType === undefined || !/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new RequestError('unsupported-media-type', 'send the body as Content-Type: application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestError('bad-request', 'the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RequestError('bad-request', 'the body must be a JSON object');
  const object = parsed as Record<string, unknown>;
  const names = fields.map((f) => f.replace(/\?$/, ''));
  for (const name of Object.keys(object)) {
    if (!names.includes(name)) throw new RequestError('bad-request', `unknown field "${name}"; expected ${names.join(', ')}`);
  }
  for (const field of fields) {
    if (!field.endsWith('?') && !Object.hasOwn(object, field)) throw new RequestError('bad-request', `missing field "${field}"`);
  }
  return object;
}

/** A value the store keeps: a string, a finite number, a boolean or null, at most 1 MiB of JSON. */
export function value(v: unknown, field: string): Value {
  const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new RequestError('bad-request', `"${field}" must be a string, number, boolean or null`);
  const bytes = Buffer.byteLength(JSON.stringify(v));
  if (bytes > MAX_VALUE_BYTES) throw new RequestError('payload-too-large', `"${field}" is ${bytes} bytes of JSON; at most ${MAX_VALUE_BYTES}`);
  return v as Value;
}
