/** Where this node dials each peer: `--peer` flags, then what it learnt since, kept in DATA/peers.json. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeId } from '../../raft/types.js';
import { writeFileDurably } from '../disk/durable.js';

export class AddressBook {
  private readonly path: string;
  private readonly addresses = new Map<NodeId, string>();

  constructor(dataDir: string, flags: ReadonlyMap<NodeId, string>) {
    this.path = join(dataDir, 'peers.json');
    if (existsSync(this.path)) {
      const saved = JSON.parse(readFileSync(this.path, 'utf8')) as Record<NodeId, string>;
      for (const [peer, address] of Object.entries(saved)) this.addresses.set(peer, address);
    }
    for (const [peer, address] of flags) this.addresses.set(peer, address);
    this.save();
  }

  entries(): ReadonlyMap<NodeId, string> {
    return this.addresses;
  }

  has(peer: NodeId): boolean {
    return this.addresses.has(peer);
  }

  set(peer: NodeId, address: string): boolean {
    if (this.addresses.get(peer) === address) return false;
    this.addresses.set(peer, address);
    this.save();
    return true;
  }

  private save(): void {
    writeFileDurably(this.path, Buffer.from(JSON.stringify(Object.fromEntries(this.addresses), null, 1)));
  }
}
