import { describe, expect, it } from 'vitest';
import { ExitCode } from './exit-codes.js';
import { faultlineCli as faultline } from './test-support/faultline.js';

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
