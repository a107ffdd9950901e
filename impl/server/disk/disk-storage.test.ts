import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entry, HardState, Snapshot } from '../../raft/types.js';
import { applySave, applySnapshot, emptyImage } from '../storage.js';
import { DiskStorage } from './disk-storage.js';
import { scanRecords } from './record.js';
import { StorageCorruptError } from './wal.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-wal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const membership = { voters: ['n1'], learners: [] };
const entry = (index: number, term: number): Entry => ({ index, term, type: 'normal', data: `v${index}@${term}` });

type Step =
  | { kind: 'append'; from: number; count: number; term: number; commit: number }
  | { kind: 'vote'; term: number }
  | { kind: 'sync' }
  | { kind: 'snapshot'; back: number }
  | { kind: 'received-snapshot'; ahead: number; term: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), from: fc.nat(6), count: fc.integer({ min: 1, max: 5 }), term: fc.integer({ min: 1, max: 4 }), commit: fc.nat(3) }),
  fc.record({ kind: fc.constant('vote' as const), term: fc.integer({ min: 1, max: 9 }) }),
  fc.constant({ kind: 'sync' as const }),
  fc.record({ kind: fc.constant('snapshot' as const), back: fc.nat(4) }),
  fc.record({ kind: fc.constant('received-snapshot' as const), ahead: fc.integer({ min: 1, max: 5 }), term: fc.integer({ min: 1, max: 9 }) }),
);

describe('DiskStorage', () => {
  test.prop([fc.array(step, { maxLength: 40 }), fc.integer({ min: 64, max: 2048 })], { seed: 20261201 })(
    'a reopened folder holds exactly what was synced, through segments, snapshots and compaction',
    (steps, segmentBytes) => {
      const dir = tempDir();
      let storage = DiskStorage.open(dir, segmentBytes);
      const model = emptyImage();
      let staged: Array<() => void> = [];
      let hard: HardState = { term: 0, vote: null, commit: 0 };
      let last = 0;
      let first = 1;
      for (const s of steps) {
        if (s.kind === 'append') {
          const from = Math.max(first, last - s.from + 1);
          const entries = Array.from({ length: s.count }, (_, i) => entry(from + i, s.term));
          hard = { ...hard, commit: Math.min(hard.commit + s.commit, from - 1) };
          const h = hard;
          storage.save(null, entries, h);
          staged.push(() => applySave(model, null, entries, h));
          last = from + s.count - 1;
        } else if (s.kind === 'vote') {
          hard = { ...hard, term: Math.max(hard.term, s.term), vote: 'n2' };
          const h = hard;
          storage.save(null, [], h);
          staged.push(() => applySave(model, null, [], h));
        } else if (s.kind === 'sync') {
          storage.sync();
          staged.forEach((f) => f());
          staged = [];
        } else if (s.kind === 'snapshot') {
          // As Raft's compact(): at an index the log holds, above the current snapshot.
          storage.sync();
          staged.forEach((f) => f());
          staged = [];
          const at = model.entries.at(-1 - Math.min(s.back, model.entries.length - 1));
          if (at === undefined) continue;
          const snapshot: Snapshot = { meta: { index: at.index, term: at.term, membership }, data: `state@${at.index}` };
          storage.saveSnapshot(snapshot);
          applySnapshot(model, snapshot);
          first = Math.max(first, at.index + 1);
        } else {
          const index = last + s.ahead;
          const snapshot: Snapshot = { meta: { index, term: s.term, membership }, data: `received@${index}` };
          storage.save(snapshot, [], null);
          staged.push(() => applySnapshot(model, snapshot));
          first = last = index;
          first++;
        }
      }
      storage.close();
      staged.forEach((f) => f());
      storage = DiskStorage.open(dir, segmentBytes);
      const state = storage.load();
      if (state === null) {
        expect(model.entries).toEqual([]);
        expect(model.snapshot).toBeNull();
      } else {
        expect(state.snapshot).toEqual(model.snapshot);
        expect(state.entries).toEqual(model.entries);
        expect(state.hardState).toEqual(model.hardState);
      }
      storage.close();
    },
  );

  it('loses what was saved but never synced, as a SIGKILL loses a process\'s memory', () => {
    const dir = tempDir();
    const storage = DiskStorage.open(dir, 1 << 20);
    storage.bootstrap([entry(1, 1)], { term: 1, vote: null, commit: 1 });
    storage.save(null, [entry(2, 1)], { term: 1, vote: 'n1', commit: 1 });
    const reopened = DiskStorage.open(dir, 1 << 20).load()!;
    expect(reopened.entries).toEqual([entry(1, 1)]);
    expect(reopened.hardState.vote).toBeNull();
  });

  it('syncAsync fsyncs off the event loop when something must be durable, and not for a commit-only change', async () => {
    const dir = tempDir();
    const storage = DiskStorage.open(dir, 1 << 20);
    storage.bootstrap([entry(1, 1)], { term: 1, vote: null, commit: 1 });
    storage.save(null, [entry(2, 1)], { term: 1, vote: 'n1', commit: 1 });
    let done = false;
    expect(storage.syncAsync(() => (done = true))).toBe(true);
    expect(done).toBe(false);
    await new Promise<void>((resolve) => {
      const poll = (): void => (done ? resolve() : void setTimeout(poll, 1));
      poll();
    });
    storage.save(null, [], { term: 1, vote: 'n1', commit: 2 });
    expect(storage.syncAsync(() => expect.unreachable())).toBe(false);
    expect(storage.syncAsync(() => expect.unreachable())).toBe(false);
    storage.close();
    expect(DiskStorage.open(dir, 1 << 20).load()).toEqual({ hardState: { term: 1, vote: 'n1', commit: 2 }, snapshot: null, entries: [entry(1, 1), entry(2, 1)] });
  });

  it('keeps the last segment zero-filled ahead of its records: a crash leaves padding, not a torn tail; close cuts it off', () => {
    const dir = tempDir();
    const storage = DiskStorage.open(dir, 1 << 20);
    storage.bootstrap([entry(1, 1)], { term: 1, vote: null, commit: 1 });
    storage.save(null, [entry(2, 1)], { term: 1, vote: 'n1', commit: 1 });
    storage.sync();
    const segment = join(dir, 'wal', readdirSync(join(dir, 'wal'))[0]!);
    const bytes = readFileSync(segment);
    const { end } = scanRecords(bytes, true);
    expect(bytes.length).toBeGreaterThan(end);
    expect(bytes.subarray(end).every((b) => b === 0)).toBe(true);
    // As after a SIGKILL: opened again without a close.
    const reopened = DiskStorage.open(dir, 1 << 20);
    expect(reopened.recovered.torn).toBeNull();
    expect(reopened.load()!.entries).toEqual([entry(1, 1), entry(2, 1)]);
    reopened.save(null, [entry(3, 1)], null);
    reopened.sync();
    reopened.close();
    const closed = readFileSync(segment);
    expect(scanRecords(closed, false).end).toBe(closed.length);
    expect(DiskStorage.open(dir, 1 << 20).load()!.entries).toEqual([entry(1, 1), entry(2, 1), entry(3, 1)]);
  });

  it('truncates a torn tail and reports where', () => {
    const dir = tempDir();
    const storage = DiskStorage.open(dir, 1 << 20);
    storage.bootstrap([entry(1, 1)], { term: 1, vote: null, commit: 1 });
    storage.save(null, [entry(2, 1), entry(3, 1)], null);
    storage.sync();
    storage.close();
    const segment = join(dir, 'wal', readdirSync(join(dir, 'wal'))[0]!);
    const size = statSync(segment).size;
    truncateSync(segment, size - 3);
    const reopened = DiskStorage.open(dir, 1 << 20);
    expect(reopened.load()!.entries).toEqual([entry(1, 1)]);
    expect(reopened.recovered.torn).toMatchObject({ file: segment, bytes: expect.any(Number) });
    expect(statSync(segment).size).toBe(reopened.recovered.torn!.offset);
    reopened.close();
  });

  it('refuses to start on a checksum failure before the tail, naming the file and offset', () => {
    const dir = tempDir();
    const storage = DiskStorage.open(dir, 1 << 20);
    storage.bootstrap([entry(1, 1)], { term: 1, vote: null, commit: 1 });
    storage.save(null, [entry(2, 1)], null);
    storage.sync();
    storage.close();
    const segment = join(dir, 'wal', readdirSync(join(dir, 'wal'))[0]!);
    const bytes = readFileSync(segment);
    bytes[12] = bytes[12]! ^ 0x55;
    writeFileSync(segment, bytes);
    expect(() => DiskStorage.open(dir, 1 << 20)).toThrow(new StorageCorruptError(segment, 0, 'checksum mismatch'));
  });

  it('refuses to start on a damaged snapshot file', () => {
    const dir = tempDir();
    const storage = DiskStorage.open(dir, 1 << 20);
    storage.bootstrap([entry(1, 1), entry(2, 1)], { term: 1, vote: null, commit: 2 });
    storage.saveSnapshot({ meta: { index: 2, term: 1, membership }, data: 'x'.repeat(100) });
    storage.close();
    const file = join(dir, 'snap', readdirSync(join(dir, 'snap'))[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 1;
    writeFileSync(file, bytes);
    expect(() => DiskStorage.open(dir, 1 << 20)).toThrow(StorageCorruptError);
  });
});
