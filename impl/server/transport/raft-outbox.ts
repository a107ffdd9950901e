/**
 * The Replica's Transport on a real network: Raft messages wait per peer until the
 * Replica flushes or the event-loop turn ends, are coalesced (coalesce.ts), then handed
 * to the PeerTransport and written to the sockets at once — one append per peer per
 * turn instead of one per proposal, and no second turn's wait before it leaves.
 */
import type { Message, NodeId } from '../../raft/types.js';
import type { Transport } from '../replica.js';
import { coalesce } from './coalesce.js';
import type { PeerTransport } from './peer-transport.js';

export class RaftOutbox implements Transport {
  private readonly queues = new Map<NodeId, Message[]>();
  private scheduled = false;

  constructor(private readonly transport: PeerTransport) {}

  send(message: Message): void {
    const queue = this.queues.get(message.to);
    if (queue === undefined) this.queues.set(message.to, [message]);
    else queue.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  flush(): void {
    this.drain();
    this.transport.flush();
  }

  private drain(): void {
    for (const [peer, queue] of this.queues) {
      if (queue.length === 0) continue;
      const batch = queue.length === 1 ? queue : coalesce(queue);
      this.queues.set(peer, []);
      for (const m of batch) this.transport.send(peer, { k: 'raft', m });
    }
  }
}
