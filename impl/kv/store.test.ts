import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { NO_BUGS } from '../bugs.js';
import type { Command, Value } from './commands.js';
import { KvStore } from './store.js';

const key = fc.constantFrom('a', 'b', 'c');
const value = fc.integer({ min: 0, max: 3 });
const command = fc.oneof(
  fc.record({ op: fc.constant('put' as const), key, value }),
  fc.record({ op: fc.constant('cas' as const), key, from: fc.option(value, { nil: null }), to: value }),
  fc.record({ op: fc.constant('delete' as const), key }),
);

describe('KvStore', () => {
  test.prop([fc.array(command, { maxLength: 60 })], { seed: 20261160 })('behaves like a Map', (commands) => {
    const store = new KvStore(NO_BUGS);
    const model = new Map<string, Value>();
    commands.forEach((c, seq) => {
      const { result, executed } = store.apply({ ...c, client: 'c', seq } as Command);
      expect(executed).toBe(true);
      if (c.op === 'put') model.set(c.key, c.value);
      else if (c.op === 'delete') model.delete(c.key);
      else {
        const actual = model.get(c.key) ?? null;
        expect(result.ok).toBe(actual === c.from);
        if (actual === c.from) model.set(c.key, c.to);
      }
      for (const k of ['a', 'b', 'c']) expect(store.get(k)).toBe(model.get(k) ?? null);
    });
  });

  it('applies a retried request once and returns the first result', () => {
    const store = new KvStore(NO_BUGS);
    store.apply({ op: 'put', key: 'k', value: 1, client: 'x', seq: 1 });
    const first = store.apply({ op: 'cas', key: 'k', from: 1, to: 2, client: 'c', seq: 7 });
    const retry = store.apply({ op: 'cas', key: 'k', from: 1, to: 2, client: 'c', seq: 7 });
    expect(first).toEqual({ result: { ok: true, value: 2 }, executed: true });
    expect(retry).toEqual({ result: first.result, executed: false });
    expect(store.get('k')).toBe(2);
  });

  it('applies a request without a session (seq 0) every time', () => {
    const store = new KvStore(NO_BUGS);
    store.apply({ op: 'put', key: 'k', value: 1, client: '', seq: 0 });
    expect(store.apply({ op: 'cas', key: 'k', from: 1, to: 2, client: '', seq: 0 })).toEqual({ result: { ok: true, value: 2 }, executed: true });
    expect(store.apply({ op: 'cas', key: 'k', from: 1, to: 2, client: '', seq: 0 })).toMatchObject({ result: { ok: false, actual: 2 }, executed: true });
    expect(JSON.parse(store.toSnapshot()).sessions).toEqual([]);
  });

  it('with no-dedup, a retried cas is applied again and reports a mismatch', () => {
    const store = new KvStore(new Set(['no-dedup']));
    store.apply({ op: 'put', key: 'k', value: 1, client: 'x', seq: 1 });
    store.apply({ op: 'cas', key: 'k', from: 1, to: 2, client: 'c', seq: 7 });
    expect(store.apply({ op: 'cas', key: 'k', from: 1, to: 2, client: 'c', seq: 7 })).toMatchObject({ result: { ok: false, actual: 2 }, executed: true });
  });

  test.prop([fc.array(command, { maxLength: 40 })], { seed: 20261140 })('snapshots are deterministic and restore exactly', (commands) => {
    const a = new KvStore(NO_BUGS);
    commands.forEach((c, seq) => a.apply({ ...c, client: `c${seq % 3}`, seq } as Command));
    const snapshot = a.toSnapshot();
    const b = KvStore.restore(snapshot, NO_BUGS);
    expect(b.toSnapshot()).toBe(snapshot);
    for (const k of ['a', 'b', 'c']) expect(b.get(k)).toBe(a.get(k));
  });

  it('gives the same snapshot string for the same state whatever order it was written in (keys and clients sorted)', () => {
    const written = (order: string[]): KvStore => {
      const store = new KvStore(NO_BUGS);
      for (const k of order) store.apply({ op: 'put', key: k, value: 1, client: k, seq: 1 });
      return store;
    };
    const snapshot = written(['b', 'c', 'a']).toSnapshot();
    expect(written(['c', 'a', 'b']).toSnapshot()).toBe(snapshot);
    expect((JSON.parse(snapshot) as { data: Array<[string, number]> }).data.map(([k]) => k)).toEqual(['a', 'b', 'c']);
  });
});
