/** Exit codes of every faultline command (DESIGN.md). */
export const ExitCode = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  badInput: 254,
  harnessFailed: 255,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user caused and can fix (bad flag, malformed file, missing tool).
 * The CLI prints its message as one line, without a stack trace, and exits 254.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
