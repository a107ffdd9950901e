/**
 * Merges adjacent messages to one peer that Raft treats as one: consecutive appends of
 * one term (the second continues where the first ends) become one append carrying both
 * entry lists and the later commit index; adjacent heartbeats become the later one (its
 * commit is no lower, and acknowledging its read round confirms every earlier round).
 * At 64 proposals per event-loop turn this turns 64 appends, 64 follower steps and 64
 * acknowledgements into one of each.
 */
import type { Message } from '../../raft/types.js';

type Append = Extract<Message, { type: 'append' }>;

export function coalesce(messages: readonly Message[]): Message[] {
  const out: Message[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (last !== undefined && last.to === message.to && last.from === message.from && last.term === message.term) {
      if (last.type === 'append' && message.type === 'append' && continues(last, message)) {
        out[out.length - 1] = { ...last, entries: [...last.entries, ...message.entries], commit: Math.max(last.commit, message.commit) };
        continue;
      }
      if (last.type === 'heartbeat' && message.type === 'heartbeat' && message.readRound >= last.readRound) {
        out[out.length - 1] = { ...message, commit: Math.max(last.commit, message.commit) };
        continue;
      }
    }
    out.push(message);
  }
  return out;
}

function continues(first: Append, next: Append): boolean {
  const end = first.prevIndex + first.entries.length;
  const endTerm = first.entries.at(-1)?.term ?? first.prevTerm;
  return next.prevIndex === end && next.prevTerm === endTerm;
}
