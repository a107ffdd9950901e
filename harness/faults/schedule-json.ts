/**
 * A fault schedule as JSON: written by the simulator (and by real runs into test.json),
 * read back by `faultline sim --schedule` and `faultline run --schedule`. Reading checks
 * every field, with one clear line for what is wrong.
 */
import { z } from 'zod';
import { CALM_NETWORK, InvalidScheduleError, nodeIds, namedNodes, type ClockChange, type Fault, type FaultSchedule, type NetworkProfile } from './schedule.js';

const ms = z.number().int().nonnegative();
const nodeId = z.string().regex(/^n[1-9][0-9]*$/, 'a node is named n1, n2, …');
const target = z.union([z.literal('leader'), z.array(nodeId).min(1)]);
const rate = z.number().min(0).max(1);
const timed = { at: ms, durationMs: z.number().int().positive() };

const clockChange: z.ZodType<ClockChange> = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('bump'), deltaMs: z.number().int() }),
  z.object({ mode: z.literal('strobe'), deltaMs: z.number().int(), periodMs: z.number().int().positive() }),
  z.object({ mode: z.literal('drift'), rate: z.number().positive().max(1000) }),
]);

const fault: z.ZodType<Fault> = z.union([
  z.strictObject({ ...timed, kind: z.literal('partition'), groups: z.array(z.array(nodeId).min(1)).min(2) }),
  z.strictObject({ ...timed, kind: z.literal('isolate'), nodes: target }),
  z.strictObject({ ...timed, kind: z.literal('grudge'), cannotHear: z.record(nodeId, z.array(nodeId)) }),
  z.strictObject({ ...timed, kind: z.literal('crash'), nodes: target }),
  z.strictObject({ ...timed, kind: z.literal('pause'), nodes: target }),
  z.object({ ...timed, kind: z.literal('clock'), nodes: target }).and(clockChange),
  z.strictObject({
    ...timed,
    kind: z.literal('latency'),
    nodes: target,
    delayMs: ms,
    jitterMs: ms,
    bandwidthKBs: z.number().positive().optional(),
    sliceBytes: z.number().int().positive().optional(),
    sliceDelayUs: ms.optional(),
    resetAfterMs: ms.optional(),
    resetShare: rate.optional(),
  }),
  z.strictObject({
    ...timed,
    kind: z.literal('membership'),
    change: z.union([z.strictObject({ action: z.literal('remove'), node: z.union([nodeId, z.literal('leader')]) }), z.strictObject({ action: z.literal('add') })]),
  }),
  z.strictObject({ ...timed, kind: z.literal('crash-voters'), strikeWithinMs: ms, outageMs: z.number().int().positive() }),
  z.strictObject({ ...timed, kind: z.literal('leader-churn'), strikeWithinMs: ms, outageMs: z.number().int().positive() }),
]);

const network: z.ZodType<NetworkProfile> = z
  .strictObject({ minDelayMs: ms, maxDelayMs: ms, lateRate: rate, lateMaxMs: ms, dropRate: rate.max(0.5), duplicateRate: rate })
  .refine((n) => n.minDelayMs <= n.maxDelayMs && n.maxDelayMs <= n.lateMaxMs, 'network: need minDelayMs ≤ maxDelayMs ≤ lateMaxMs');

const schedule = z
  .strictObject({
    nodes: z.number().int().min(1).max(99),
    nemeses: z.array(z.string()).default([]),
    network: network.default(CALM_NETWORK),
    maxEntriesPerAppend: z.number().int().positive().default(64),
    faults: z.array(fault),
  })
  .superRefine((s, ctx) => {
    const known = new Set(nodeIds(s.nodes));
    s.faults.forEach((f, i) => {
      for (const id of namedNodes(f)) {
        if (!known.has(id)) ctx.addIssue({ code: 'custom', path: ['faults', i], message: `names ${id}, but the cluster is ${nodeIds(s.nodes).join(',')}` });
      }
      if (f.kind === 'partition' && new Set(f.groups.flat()).size !== f.groups.flat().length) {
        ctx.addIssue({ code: 'custom', path: ['faults', i, 'groups'], message: 'a node is in two groups' });
      }
    });
  });

/** Reads a schedule from JSON text; `source` names it in errors. Faults come back in order of `at`. */
export function parseSchedule(text: string, source: string): FaultSchedule {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidScheduleError(`${source}: not JSON (${(error as Error).message})`);
  }
  const parsed = schedule.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidScheduleError(`${source}: not a fault schedule${where}: ${issue.message}`);
  }
  return { ...parsed.data, faults: [...parsed.data.faults].sort((a, b) => a.at - b.at) };
}

export function scheduleToJson(s: FaultSchedule): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
