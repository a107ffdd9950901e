/**
 * What Linux says about a process id: whether it is alive and when it started. A
 * (pid, start time) pair names one process for good: a pid can be reused, the pair
 * cannot, so the harness only ever signals a pid whose start time it recorded.
 */
import { readFileSync } from 'node:fs';

/** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or null when there is no such process. */
export function processStartTime(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); a zombie has exited and only waits to be reaped.
  if (fields[0] === 'Z') return null;
  const start = Number(fields[19]);
  return Number.isFinite(start) ? start : null;
}

/** Whether the process that had this start time still runs. */
export function isSameProcessAlive(pid: number, startTime: number): boolean {
  return processStartTime(pid) === startTime;
}

/** The process state letter (R running, S sleeping, T stopped, Z zombie…), or null. */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}
