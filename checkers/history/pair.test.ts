import { describe, expect, it } from 'vitest';
import { MalformedHistoryError } from './errors.js';
import { pairOperations, type SourcedEvent } from './pair.js';
import type { HistoryEvent } from './types.js';

type Spec = Omit<HistoryEvent, 'index' | 'time'>;

/** Events numbered by position; each on the line after the last (line = position + 1). */
function sourced(...specs: Spec[]): SourcedEvent[] {
  return specs.map((spec, i) => ({ event: { index: i, time: i * 100, ...spec }, line: i + 1 }));
}

function pairError(...specs: Spec[]): MalformedHistoryError {
  try {
    pairOperations('h.edn', sourced(...specs));
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedHistoryError);
    return error as MalformedHistoryError;
  }
  throw new Error('paired without complaint');
}

describe('pairing invocations with completions', () => {
  it('orders ops by call, numbers them densely and keeps event positions', () => {
    const ops = pairOperations(
      'h',
      sourced(
        { type: 'invoke', process: 'nemesis', f: 'start' },
        { type: 'invoke', process: 1, f: 'write', value: 1 },
        { type: 'invoke', process: 2, f: 'read', value: null },
        { type: 'info', process: 'nemesis', f: 'start', value: 'partitioned' },
        { type: 'ok', process: 2, f: 'read', value: 1 },
        { type: 'ok', process: 1, f: 'write', value: 1 },
      ),
    );
    expect(ops.map((o) => [o.id, o.process, o.call, o.ret, o.invokeIndex, o.completeIndex])).toEqual([
      [0, 1, 1, 5, 1, 5],
      [1, 2, 2, 4, 2, 4],
    ]);
    expect(ops[1]).toMatchObject({ f: 'read', input: null, output: 1, known: true, key: undefined });
  });

  it('drops failed ops: they never happened', () => {
    const ops = pairOperations('h', sourced({ type: 'invoke', process: 0, f: 'cas', value: [0, 1] }, { type: 'fail', process: 0, f: 'cas', value: [0, 1] }));
    expect(ops).toEqual([]);
  });

  it('an info or a missing completion is unknown and open to the end', () => {
    const ops = pairOperations(
      'h',
      sourced(
        { type: 'invoke', process: 0, f: 'write', value: 3 },
        { type: 'info', process: 0, f: 'write', value: 3 },
        { type: 'invoke', process: 1, f: 'write', value: 4 },
      ),
    );
    expect(ops).toHaveLength(2);
    for (const op of ops) expect(op).toMatchObject({ known: false, ret: Infinity, completeIndex: null, output: undefined });
    expect(ops.map((o) => o.input)).toEqual([3, 4]);
  });

  it('a process may start a new op once its last one completed', () => {
    const ops = pairOperations(
      'h',
      sourced(
        { type: 'invoke', process: 0, f: 'write', value: 1 },
        { type: 'fail', process: 0, f: 'write', value: 1 },
        { type: 'invoke', process: 0, f: 'read', value: null },
        { type: 'ok', process: 0, f: 'read', value: 0 },
      ),
    );
    expect(ops).toEqual([expect.objectContaining({ id: 0, f: 'read', call: 2, ret: 3 })]);
  });

  it('rejects a second invoke while the process has one open', () => {
    const e = pairError({ type: 'invoke', process: 3, f: 'read' }, { type: 'invoke', process: 3, f: 'write', value: 1 });
    expect(e.message).toBe("h.edn:2: expected a completion of process 3's op from line 1 before its next invoke");
  });

  it('rejects a completion with no invocation', () => {
    const e = pairError({ type: 'invoke', process: 3, f: 'read' }, { type: 'info', process: 4, f: 'read' });
    expect(e.message).toBe('h.edn:2: expected an invoke by process 4 before this info');
  });

  it('rejects a completion of another function than the one invoked', () => {
    const e = pairError({ type: 'invoke', process: 3, f: 'read' }, { type: 'ok', process: 3, f: 'write', value: 1 });
    expect(e.message).toBe("h.edn:2: expected the completion of process 3's read from line 1, got a write");
  });
});
