/**
 * The node's client-facing error codes, each with its HTTP status and whether the
 * outcome is definite (the operation did not happen and never will). docs/node.md
 * has the same table; the harness records `fail` for definite errors, `info` otherwise.
 */
export const ERRORS = {
  'bad-request': { status: 400, definite: true },
  'not-found': { status: 404, definite: true },
  'method-not-allowed': { status: 405, definite: true },
  'payload-too-large': { status: 413, definite: true },
  'unsupported-media-type': { status: 415, definite: true },
  'cas-mismatch': { status: 409, definite: true },
  'no-leader': { status: 503, definite: true },
  'leader-unreachable': { status: 503, definite: true },
  'proposal-dropped': { status: 503, definite: true },
  'conf-change-pending': { status: 409, definite: true },
  'not-member': { status: 409, definite: true },
  timeout: { status: 504, definite: false },
  'forward-failed': { status: 502, definite: false },
  'shutting-down': { status: 503, definite: false },
} as const satisfies Record<string, { status: number; definite: boolean }>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}
