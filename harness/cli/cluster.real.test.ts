import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '../../dist/harness/cli/main.js');
const started: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('faultline cluster', () => {
  it('starts nodes in the foreground, prints their URLs and a curl line, and stops every node on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-cluster-'));
    dirs.push(dir);
    const child = spawn(process.execPath, [MAIN, 'cluster', '--nodes', '3', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child.pid!);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!out.includes('Ctrl-C stops every node') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const nodes = [...out.matchAll(/^(n\d)\s+(http:\/\/127\.0\.0\.1:\d+)\s+pid (\d+)/gm)].map((m) => ({ id: m[1]!, url: m[2]!, pid: Number(m[3]) }));
    started.push(...nodes.map((n) => n.pid));
    expect(nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    expect(out).toMatch(/curl -s -X PUT -H 'content-type: application\/json' -d '\{"value":"hello"\}' http:\/\/127\.0\.0\.1:\d+\/kv\/greeting/);
    const put = await fetch(`${nodes[0]!.url}/kv/greeting`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"value":"hello"}' });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${nodes[2]!.url}/kv/greeting`)).json()).toEqual({ value: 'hello' });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(nodes.filter((n) => alive(n.pid))).toEqual([]);
    expect(readFileSync(join(dir, 'n1.log'), 'utf8')).toContain('"event":"node-stopped"');
  });
});
