/**
 * One client operation as a series of attempts until its deadline, for any system's
 * client: each attempt is classified as ok, definitely not applied (worth another try
 * or not), or unknown; the operation ends as the outcome Jepsen's rules give. An
 * operation whose attempt may have been applied can no longer be a `fail`; whether it
 * may be tried again after that depends on the system (a session that applies a retry
 * once makes it safe; without one, a second copy could land after a later write).
 */
import type { Outcome } from './system.js';

export type Attempt =
  | { readonly kind: 'ok'; readonly value: unknown; readonly node?: string }
  /** Definitely not applied; `retry` when trying again may succeed. */
  | { readonly kind: 'definite'; readonly error: string; readonly retry: boolean; readonly node?: string }
  /** May have been applied. */
  | { readonly kind: 'unknown'; readonly error: string; readonly node?: string };

export interface AttemptPolicy {
  /** How long the operation may keep trying. */
  readonly opTimeoutMs: number;
  /** How long one attempt may take. */
  readonly requestTimeoutMs: number;
  /** The operation changes state: an unknown attempt makes it `info` rather than `fail`. */
  readonly mutates: boolean;
  /** Another attempt is safe after an unknown one. */
  readonly retryAfterUnknown: boolean;
}

export async function attemptUntilDeadline(policy: AttemptPolicy, attempt: (timeoutMs: number) => Promise<Attempt>): Promise<Outcome> {
  const deadline = Date.now() + policy.opTimeoutMs;
  let uncertain: Attempt | null = null;
  let last: Exclude<Attempt, { kind: 'ok' }> | null = null;
  for (let n = 0; ; n++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0 && last !== null) break;
    const outcome = await attempt(Math.max(1, Math.min(policy.requestTimeoutMs, remaining)));
    if (outcome.kind === 'ok') return { type: 'ok', value: outcome.value, node: outcome.node };
    last = outcome;
    if (last.kind === 'unknown') {
      uncertain = last;
      if (policy.mutates && !policy.retryAfterUnknown) break;
    }
    if (last.kind === 'definite' && !last.retry) break;
    if (Date.now() + backoff(n) >= deadline) break;
    await new Promise((r) => setTimeout(r, backoff(n)));
  }
  if (policy.mutates && uncertain !== null) return { type: 'info', error: uncertain.error, node: uncertain.node };
  return { type: 'fail', error: last!.error, node: last!.node };
}

/** 10, 20, 40… ms, at most 200. */
function backoff(attempt: number): number {
  return Math.min(200, 10 * 2 ** attempt);
}
