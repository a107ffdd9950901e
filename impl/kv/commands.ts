/** What clients ask of the store, as carried in Raft entries (JSON in `data`). */

export type Value = string | number | boolean | null;

/** Identifies a request across retries, so that it is applied at most once. */
export interface Session {
  readonly client: string;
  /** Increases by one per request of the client (a retry repeats it); 0 is no session. */
  readonly seq: number;
}

/** A client's request that the store carried out (not a retry answered from its session), at the log index it came from. */
export interface ExecutedRequest extends Session {
  readonly index: number;
}

/** Requests without a session are applied every time they are committed. */
export const NO_SESSION: Session = { client: '', seq: 0 };

export type Command =
  | (Session & { readonly op: 'put'; readonly key: string; readonly value: Value })
  | (Session & { readonly op: 'cas'; readonly key: string; readonly from: Value; readonly to: Value })
  | (Session & { readonly op: 'delete'; readonly key: string });

export type CommandResult =
  | { readonly ok: true; readonly value: Value }
  /** A cas whose compare did not match: definitely not applied. */
  | { readonly ok: false; readonly error: 'cas-mismatch'; readonly actual: Value };

export function encodeCommand(command: Command): string {
  return JSON.stringify(command);
}

export function decodeCommand(data: string): Command {
  return JSON.parse(data) as Command;
}
