/** Runs the built CLI as a user would, and collects what it printed and its exit code. */
import { execFile } from 'node:child_process';

export const FAULTLINE_BIN = new URL('../../../dist/harness/cli/main.js', import.meta.url).pathname;

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function faultline(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [FAULTLINE_BIN, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 255;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `faultline('check', file)`: the same, with the arguments spread and the default environment. */
export function faultlineCli(...args: string[]): Promise<CliOutcome> {
  return faultline(args);
}
