/** The reference store as bench:kv drives it: a 3-node LocalCluster with default flags (fsync on, ReadIndex reads); its audit lines are not parsed in the clients' process. */
import { LocalCluster } from '../../impl/server/launch/local-cluster.js';
import { JsonClient } from './http.js';
import { sumMetric, type BenchSystem } from './system.js';

export async function startOurs(client: JsonClient): Promise<BenchSystem> {
  const cluster = await LocalCluster.start({ nodes: 3, skipAudit: true });
  const leader = async (): Promise<number> => cluster.nodes.indexOf(await cluster.leader(30_000, cluster.running()));
  await leader();
  return {
    name: 'faultline',
    urls: cluster.nodes.map((n) => n.url),
    async put(url, key, value, timeoutMs) {
      return (await client.call('PUT', `${url}/kv/${key}`, { value }, timeoutMs)).status;
    },
    async get(url, key, timeoutMs) {
      return (await client.call('GET', `${url}/kv/${key}`, undefined, timeoutMs)).status;
    },
    leaderChanges: () => sumMetric(client, cluster.running().map((n) => n.url), 'faultline_leader_changes_total'),
    leader,
    async kill(member) {
      await cluster.signal(cluster.nodes[member]!, 'SIGKILL');
    },
    async restart(member) {
      const node = cluster.nodes[member]!;
      cluster.spawn(node, []);
      await cluster.ready(node);
      await cluster.leader(30_000, cluster.nodes);
    },
    pids: () => cluster.running().flatMap((n) => (n.process?.pid === undefined ? [] : [n.process.pid])),
    async stop() {
      await cluster.destroy();
    },
  };
}
