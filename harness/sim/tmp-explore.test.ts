import { it } from 'vitest';
import type { FaultSchedule } from '../faults/schedule.js';
import { checkRun } from './check-run.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from './simulator.js';
import { registerWorkload } from '../../workloads/register.js';

const model = registerWorkload().model;
const configs = JSON.parse(process.env.EXP ?? '[]');
it('explore', async () => {
  for (const c of configs) {
    for (const bug of c.bugs) {
      let found = 0; const n = c.runs ?? 20; const reasons: string[] = [];
      for (let seed = 1; seed <= n; seed++) {
        const schedule: FaultSchedule = {
          nodes: 3, nemeses: ['leader-churn'],
          network: { minDelayMs: c.minDelay, maxDelayMs: c.maxDelay, lateRate: 0, lateMaxMs: c.maxDelay, dropRate: 0, duplicateRate: 0 },
          maxEntriesPerAppend: c.batch,
          faults: [{ at: 500, durationMs: c.duration ?? 20000, kind: 'leader-churn', strikeWithinMs: c.strike, outageMs: c.outage }],
        } as FaultSchedule;
        const r = runSchedule(schedule, { ...DEFAULT_SIM_OPTIONS, seed, ops: c.ops ?? 2000, electionTicks: 30, heartbeatTicks: 5, requestTimeoutMs: 800, opTimeoutMs: 2000, clients: 10, bugs: new Set([bug]) });
        const v = await checkRun(r, model);
        if (!v.valid) { found++; reasons.push((v.reason ?? '').slice(0, 60)); }
      }
      console.log(JSON.stringify(c), bug, `${found}/${n}`, reasons.slice(0, 3).join(' | '));
    }
  }
}, 3_000_000);
