import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../checkers/history/test-support/files.js';
import { Supervisor } from '../process/supervisor.js';
import { FakeClock, faketimeLeftovers, locateLibfaketime } from './faketime.js';

const dir = tempDir('faketime');
const supervisor = new Supervisor();
afterAll(() => supervisor.close(1000));

/** The process prints its Date.now() every 50 ms; this reads its latest skew against the harness's clock. */
const printer = ['-e', 'setInterval(() => process.stdout.write(`${Date.now()} ${process.hrtime.bigint()}\\n`), 50)'];

function lastSkew(log: string): number {
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  const [fake] = lines.at(-1)!.split(' ');
  // Lines are at most 50 ms old: compare against now, allowing for it.
  return Number(fake) - Date.now();
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('libfaketime on a running Node process', () => {
  it('shows bumps and a drift that starts from the current reading, and leaves no shared memory after a SIGKILL', async () => {
    const clock = new FakeClock(locateLibfaketime(), join(dir, 'p.faketime'));
    const log = join(dir, 'p.log');
    clock.processStarting();
    const child = supervisor.spawn({
      name: 'printer',
      file: process.execPath,
      args: printer,
      env: clock.env(),
      stdoutPath: log,
      stderrPath: join(dir, 'p.err'),
      orphan: 'kill',
      leftovers: faketimeLeftovers,
    });
    await expect.poll(() => existsSync(log) && readFileSync(log, 'utf8').includes('\n'), { timeout: 10_000 }).toBe(true);
    expect(Math.abs(lastSkew(log))).toBeLessThan(400);

    clock.bump(60_000);
    await wait(300);
    expect(lastSkew(log)).toBeGreaterThan(59_000);
    expect(lastSkew(log)).toBeLessThan(61_000);

    // Under load the process may have run for seconds: without the cancelling offset, x3 would jump by twice that.
    await wait(700);
    clock.drift(3);
    await wait(200);
    const atDriftStart = lastSkew(log);
    expect(atDriftStart).toBeGreaterThan(59_000);
    expect(atDriftStart).toBeLessThan(61_500);
    await wait(1000);
    const grown = lastSkew(log) - atDriftStart;
    expect(grown).toBeGreaterThan(1200);
    expect(grown).toBeLessThan(3000);

    clock.reset();
    await wait(300);
    expect(Math.abs(lastSkew(log))).toBeLessThan(400);

    await expect.poll(() => existsSync(faketimeLeftovers(child.pid)[0]!)).toBe(true);
    await child.kill();
    for (const file of faketimeLeftovers(child.pid)) expect(existsSync(file)).toBe(false);
  });
});
