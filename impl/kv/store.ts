/**
 * The replicated state machine: a map of keys to values with client sessions. It
 * knows nothing of Raft: it applies commands in the order it is given them.
 */
import type { Bugs } from '../bugs.js';
import { NO_SESSION, type Command, type CommandResult, type Value } from './commands.js';

/** What applying a command did: its answer, and whether it was carried out (false: a retry answered from its session). */
export interface Applied {
  readonly result: CommandResult;
  readonly executed: boolean;
}

interface SessionRecord {
  readonly seq: number;
  readonly result: CommandResult;
}

export class KvStore {
  private readonly data = new Map<string, Value>();
  private readonly sessions = new Map<string, SessionRecord>();

  constructor(private readonly bugs: Bugs) {}

  get(key: string): Value {
    return this.data.get(key) ?? null;
  }

  /**
   * Applies a command once per (client, seq): a retry gets the first result again.
   * `seq` 0 means no session (a request without session headers): applied as it comes.
   */
  apply(command: Command): Applied {
    if (command.seq === NO_SESSION.seq) return { result: this.execute(command), executed: true };
    const session = this.sessions.get(command.client);
    if (session !== undefined && command.seq <= session.seq && !this.bugs.has('no-dedup')) return { result: session.result, executed: false };
    const result = this.execute(command);
    this.sessions.set(command.client, { seq: command.seq, result });
    return { result, executed: true };
  }

  private execute(command: Command): CommandResult {
    switch (command.op) {
      case 'put':
        this.data.set(command.key, command.value);
        return { ok: true, value: command.value };
      case 'delete':
        this.data.delete(command.key);
        return { ok: true, value: null };
      case 'cas': {
        const actual = this.get(command.key);
        if (actual !== command.from) return { ok: false, error: 'cas-mismatch', actual };
        this.data.set(command.key, command.to);
        return { ok: true, value: command.to };
      }
    }
  }

  /** The same state always gives the same string (keys sorted). */
  toSnapshot(): string {
    const sortedEntries = <T>(map: Map<string, T>): Array<[string, T]> =>
      [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify({ data: sortedEntries(this.data), sessions: sortedEntries(this.sessions) });
  }

  static restore(snapshot: string, bugs: Bugs): KvStore {
    const parsed = JSON.parse(snapshot) as { data: Array<[string, Value]>; sessions: Array<[string, SessionRecord]> };
    const store = new KvStore(bugs);
    for (const [k, v] of parsed.data) store.data.set(k, v);
    for (const [c, s] of parsed.sessions) store.sessions.set(c, s);
    return store;
  }
}
