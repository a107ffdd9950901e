import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../real/paths.js';

const root = packageRoot();
const normalise = (command: string): string => command.replace(/\s+/g, ' ').trim();

/** The commands of the workflow's `run:` steps (folded `>-` blocks joined), in order. */
function workflowCommands(yaml: string): string[] {
  const commands: string[] = [];
  const lines = yaml.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)run: (.*)$/.exec(lines[i]!);
    if (match === null) continue;
    if (match[2] !== '>-') {
      commands.push(match[2]!);
      continue;
    }
    const folded: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!) && lines[i + 1]!.search(/\S/) > match[1]!.length) folded.push(lines[++i]!.trim());
    commands.push(folded.join(' '));
  }
  return commands.map(normalise);
}

describe('.github/workflows/chaos.yml', () => {
  const yaml = readFileSync(join(root, '.github/workflows/chaos.yml'), 'utf8');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it("runs the README's CI commands, with the matrix's values in place", () => {
    const section = readme.slice(readme.indexOf('## Chaos runs in CI'), readme.indexOf('\n## ', readme.indexOf('## Chaos runs in CI') + 1));
    const readmeCommands = section
      .split('\n')
      .filter((l) => l.startsWith('    '))
      .map(normalise);
    const values: Record<string, string> = { 'matrix.system': 'etcd', 'matrix.nemesis': 'partition,kill,pause,latency', 'matrix.shard': '1' };
    const concrete = workflowCommands(yaml).map((c) =>
      c
        .replace(/\$\{\{ (matrix\.\w+) \}\}/g, (_, key: string) => values[key]!)
        .replace('"$SEEDS"', '1..8')
        .replace('"$TIME_LIMIT"', '30'),
    );
    expect(concrete).toEqual(readmeCommands);
  });

  it('splits a seed range over its shards with --shard, uploads the reports, and lets a failing run fail its job', () => {
    expect(yaml).toMatch(/shard: \[1, 2, 3, 4\]/);
    expect(yaml).toContain('--shard ${{ matrix.shard }}/4');
    expect(yaml).toMatch(/uses: actions\/upload-artifact@v4[\s\S]*if: always\(\)|if: always\(\)[\s\S]*uses: actions\/upload-artifact@v4/);
    expect(yaml).toContain('store/**/report.html');
    // No step swallows the run's exit code: an invalid run (exit 1) fails the job.
    expect(yaml).not.toMatch(/continue-on-error|\|\| true/);
  });
});
