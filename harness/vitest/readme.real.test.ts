import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { packageRoot } from '../real/paths.js';

const root = packageRoot();
const example = 'examples/register.test.ts';

/** Runs the README's example in its own vitest, as a user would; ends it by pid if it outlives its deadline. */
async function runExample(env: Record<string, string>): Promise<{ exitCode: number; output: string }> {
  const child = execa(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'unit', '--reporter', 'default', example], {
    cwd: root,
    env: { ...env, CI: '1', NO_COLOR: '1' },
    reject: false,
    all: true,
    timeout: 150_000,
  });
  try {
    const result = await child;
    // Colour codes, if any get through, are not part of what is said.
    return { exitCode: result.exitCode ?? -1, output: (result.all ?? '').replace(/\u001b\[[0-9;]*m/g, '') };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
}

describe("the README's example", () => {
  it('is the file examples/register.test.ts, word for word (the unit suite runs it against the correct store)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(readFileSync(join(root, example), 'utf8'));
  });

  it('fails against a store with a seeded bug, with the seed, the shrunk schedule, the counterexample, the replay and the report', async () => {
    const store = tempDir('readme-example');
    const { exitCode, output } = await runExample({ BUG: 'no-dedup', FAULTLINE_STORE: store, FAULTLINE_SEED: '20261130' });
    expect(exitCode, output).toBe(1);
    expect(output).toContain('register survives partitions (with seed=20261130)');
    expect(output).toMatch(/register survives partitions: run \d+ of 20 failed \(seed 20261130, path \d+; run seed \d+\)/);
    expect(output).toMatch(/shrunk from \d+ faults? \(\d+ ms in all\), 500 ops to \d+ faults?/);
    expect(output).toMatch(/replay: faultline sim --schedule \S+ --seed \d+ --ops \d+ --bug no-dedup/);
    expect(output).toMatch(/rerun the test's failing run: FAULTLINE_SEED=20261130 FAULTLINE_PATH=\d+ npx vitest run -t "register survives partitions"/);
    const report = /report: (\S+)/.exec(output)?.[1];
    expect(report?.startsWith(store), `${report} is not under ${store}`).toBe(true);
    expect(existsSync(report!)).toBe(true);
  }, 180_000);
});
