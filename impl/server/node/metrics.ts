/** The node's Prometheus metrics (prom-client), in a registry of its own. */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export class NodeMetrics {
  readonly registry = new Registry();
  readonly proposals = new Counter({ name: 'faultline_proposals_total', help: 'Entries this node proposed as leader', registers: [this.registry] });
  readonly committed = new Counter({ name: 'faultline_entries_committed_total', help: 'Entries applied to the state machine', registers: [this.registry] });
  readonly reads = new Counter({ name: 'faultline_reads_total', help: 'Reads served by this node', labelNames: ['mode'], registers: [this.registry] });
  readonly fsync = new Histogram({
    name: 'faultline_fsync_seconds',
    help: 'WAL flush time including fdatasync',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly elections = new Counter({ name: 'faultline_elections_total', help: 'Campaigns this node started (pre-vote or vote)', registers: [this.registry] });
  readonly leaderChanges = new Counter({ name: 'faultline_leader_changes_total', help: 'Times the known leader changed', registers: [this.registry] });
  readonly term = new Gauge({ name: 'faultline_term', help: 'Current Raft term', registers: [this.registry] });
  readonly commitIndex = new Gauge({ name: 'faultline_commit_index', help: 'Commit index', registers: [this.registry] });
  readonly dropped = new Counter({ name: 'faultline_peer_messages_dropped_total', help: 'Peer messages dropped (queue full or no address)', labelNames: ['peer'], registers: [this.registry] });
  readonly forwarded = new Counter({ name: 'faultline_forwarded_total', help: 'Client requests forwarded to the leader', registers: [this.registry] });
  readonly snapshots = new Counter({ name: 'faultline_snapshots_total', help: 'Snapshots taken or installed', labelNames: ['kind'], registers: [this.registry] });
  readonly http = new Counter({ name: 'faultline_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'code'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
