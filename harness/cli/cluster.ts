/** `faultline cluster`: a local cluster of the reference store in the foreground, to try by hand; Ctrl-C stops it. */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { LocalCluster } from '../../impl/server/launch/local-cluster.js';
import { UserError } from './exit-codes.js';

interface ClusterFlags {
  nodes: string;
  dir?: string;
}

export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description('start a local cluster of the reference store in the foreground (Ctrl-C stops every node)')
    .option('--nodes <n>', 'how many nodes (1-9)', '3')
    .option('--dir <dir>', 'keep data and node logs here (default: a temporary folder, removed on exit)')
    .allowUnknownOption(false)
    .argument('[node-flags...]', 'flags passed to every node after --, e.g. -- --read-mode lease')
    .action(async (nodeFlags: string[], flags: ClusterFlags) => {
      await runCluster(flags, nodeFlags);
    });
}

async function runCluster(flags: ClusterFlags, nodeFlags: string[]): Promise<void> {
  const nodes = Number(flags.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) throw new UserError(`--nodes takes 1 to 9, got "${flags.nodes}"`);
  const dir = flags.dir === undefined ? undefined : resolve(flags.dir);
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  const cluster = await LocalCluster.start({
    nodes,
    flags: nodeFlags,
    ...(dir === undefined ? {} : { dir, onLine: (node, line) => appendFileSync(join(dir, `${node.id}.log`), `${line}\n`) }),
  }).catch((error: unknown) => {
    throw new UserError(`the cluster did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping every node (SIGTERM)…\n');
    await cluster.destroy('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const leader = await cluster.leader(30_000).catch(() => null);
  for (const node of cluster.nodes) {
    process.stdout.write(`${node.id}  ${node.url}  pid ${node.process?.pid}${node === leader ? '  (leader)' : ''}\n`);
  }
  const first = cluster.nodes[0]!;
  process.stdout.write(
    `\ntry:\n  curl -s -X PUT -H 'content-type: application/json' -d '{"value":"hello"}' ${first.url}/kv/greeting\n` +
      `  curl -s ${cluster.nodes.at(-1)!.url}/kv/greeting\n  curl -s ${first.url}/status\n` +
      `${dir === undefined ? '' : `\ndata and logs in ${dir}\n`}\nCtrl-C stops every node.\n`,
  );
  // Stay in the foreground until a signal; a node that dies is reported.
  for (const node of cluster.nodes) {
    void node.exit?.then((code) => {
      if (!stopping) process.stdout.write(`${node.id} exited (${code ?? 'signal'})${node.stderr === '' ? '' : `: ${node.stderr.trim()}`}\n`);
    });
  }
  await new Promise(() => {});
}
