import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './exit-codes.js';

const run = promisify(execFile);
const bin = new URL('../../dist/harness/cli/main.js', import.meta.url).pathname;

async function faultline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('faultline CLI', () => {
  it('prints help and exits 0', async () => {
    const result = await faultline('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: faultline');
  });

  it('rejects an unknown option with one line and exit 254, no stack trace', async () => {
    const result = await faultline('--no-such-flag');
    expect(result.code).toBe(ExitCode.badInput);
    expect(result.stderr).toMatch(/unknown option/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
