import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError, frameRecord, scanRecords } from './record.js';

const payloads = fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 8 });
const framed = (ps: Uint8Array[]): Buffer => Buffer.concat(ps.map(frameRecord));

describe('WAL records', () => {
  test.prop([payloads], { seed: 20261202 })('scan returns every framed payload', (ps) => {
    const scan = scanRecords(framed(ps), true);
    expect(scan.records.map((r) => [...r])).toEqual(ps.map((p) => [...p]));
    expect(scan.tornBytes).toBe(0);
  });

  test.prop([payloads, fc.nat()], { seed: 20261203 })('a cut anywhere in the last record is a torn tail: the earlier records survive', (ps, cutAt) => {
    const whole = framed(ps);
    const lastStart = whole.length - frameRecord(ps.at(-1)!).length;
    const cut = lastStart + (cutAt % (whole.length - lastStart));
    const scan = scanRecords(whole.subarray(0, cut), true);
    expect(scan.records).toHaveLength(ps.length - 1);
    expect(scan.end).toBe(lastStart);
    expect(scan.tornBytes).toBe(cut - lastStart);
  });

  test.prop([payloads, fc.nat(), fc.integer({ min: 1, max: 4096 })], { seed: 20261204 })(
    'a last record cut short inside preallocated space (zeros after it) is a torn tail too',
    (ps, cutAt, zeros) => {
      const whole = framed(ps);
      const lastStart = whole.length - frameRecord(ps.at(-1)!).length;
      const cut = lastStart + 1 + (cutAt % (whole.length - lastStart - 1));
      fc.pre(whole.subarray(cut).some((b) => b !== 0)); // else nothing was lost
      // What a crash leaves in a zero-filled file: the record's first bytes, then the zeros it had not replaced.
      const file = Buffer.concat([whole.subarray(0, cut), Buffer.alloc(whole.length - cut + zeros)]);
      const scan = scanRecords(file, true);
      expect(scan.records).toHaveLength(ps.length - 1);
      expect(scan.end).toBe(lastStart);
    },
  );

  test.prop([payloads, fc.integer({ min: 1, max: 4096 })], { seed: 20261204 })('a zero-filled remainder is a torn tail', (ps, zeros) => {
    const scan = scanRecords(Buffer.concat([framed(ps), Buffer.alloc(zeros)]), true);
    expect(scan.records).toHaveLength(ps.length);
    expect(scan.tornBytes).toBe(zeros);
  });

  test.prop([payloads.filter((ps) => ps.length >= 2), fc.nat(), fc.integer({ min: 1, max: 255 })], { seed: 20261205 })(
    'a flipped byte before the last record is corruption, reported at its record offset',
    (ps, at, flip) => {
      const whole = framed(ps);
      const lastStart = whole.length - frameRecord(ps.at(-1)!).length;
      const pos = at % lastStart;
      whole[pos] = whole[pos]! ^ flip;
      let starts = 0;
      const recordStart = ps.map((p) => { const s = starts; starts += p.length + 8; return s; }).filter((s) => s <= pos).at(-1)!;
      try {
        const scan = scanRecords(whole, true);
        // A flipped length can still make the rest parse as one torn tail only if it reaches past the end.
        expect(scan.end).toBeLessThanOrEqual(recordStart);
      } catch (error) {
        expect(error).toBeInstanceOf(CorruptRecordError);
        expect((error as CorruptRecordError).offset).toBe(recordStart);
      }
    },
  );

  it('without tailMayTear even a cut tail is corruption', () => {
    const whole = framed([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)]);
    expect(() => scanRecords(whole.subarray(0, whole.length - 1), false)).toThrow(/runs past the end/);
  });

  it('a checksum failure in a record followed by others is corruption, not a torn tail', () => {
    const whole = framed([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5), Uint8Array.of(6)]);
    whole[8] = whole[8]! ^ 0xff;
    expect(() => scanRecords(whole, true)).toThrow(new CorruptRecordError(0, 'checksum mismatch'));
  });
});
