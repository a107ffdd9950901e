import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTemp } from '../../checkers/history/test-support/files.js';
import { ExitCode } from './exit-codes.js';
import { faultline, type CliOutcome } from './test-support/faultline.js';

function expectOneLine(outcome: CliOutcome, pattern: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(ExitCode.badInput);
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('faultline run refuses bad input in one line, before starting anything', () => {
  const store = tempDir('run-flags');

  it.each([
    [['--nodes', '0'], /--nodes takes a whole number from 1 to 9, got "0"/],
    [['--time-limit', 'soon'], /--time-limit takes a positive number of seconds/],
    [['--nemesis', 'partition,meteor'], /unknown nemesis "meteor"/],
    [['--workload', 'queue'], /--workload takes one of register, set, got "queue"/],
    [['--read-mode', 'psychic'], /--read-mode takes one of index, lease, local/],
    [['--cut', 'snip'], /--cut takes one of drop, refuse/],
    [['--seed', '-1'], /--seed takes a whole number from 0 to/],
    [['--schedule', '/nonexistent/schedule.json'], /--schedule \/nonexistent\/schedule.json: cannot read it \(ENOENT\)/],
  ])('%j', async (args, pattern) => {
    expectOneLine(await faultline(['run', '--store', store, ...args]), pattern);
  });

  it('says how to get Toxiproxy when there is none', async () => {
    expectOneLine(await faultline(['run', '--store', store], { TOXIPROXY_SERVER: '/nonexistent/toxiproxy-server' }), /TOXIPROXY_SERVER=.* is not an executable file; .*scripts\/install.sh/);
  });

  it('says how to get libfaketime when the clock nemesis needs it', async () => {
    const outcome = await faultline(['run', '--store', store, '--nemesis', 'clock', '--time-limit', '20', '--nemesis-interval', '2'], { FAULTLINE_LIBFAKETIME: '/nonexistent/libfaketime.so.1' });
    expectOneLine(outcome, /libfaketime/);
  });

  it('refuses a schedule that is not one', async () => {
    const file = writeTemp(tempDir('schedule'), 'bad.json', '{"faults": 3}');
    expectOneLine(await faultline(['run', '--store', store, '--schedule', file]), /bad.json: not a fault schedule/);
  });

  it('made no run folder for any of them', () => {
    expect(existsSync(join(store, 'faultline-register')) ? readdirSync(join(store, 'faultline-register')) : []).toEqual([]);
  });
});
