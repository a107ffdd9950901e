/**
 * A run that cannot start for a reason the user can fix — a missing tool, a port in
 * use — ends in this one line (exit 254), never a stack trace.
 */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
