/**
 * Which row each process is drawn in. A client that gets an unknown (`info`) result
 * goes on under a new process id (Jepsen's rule), so a long run has many more
 * processes than clients. A process only lives from its first call to its last
 * completion, so processes whose lives do not overlap share a row: the rows are
 * about as many as the clients, and a row still runs one op at a time.
 */

export interface ProcessLife {
  readonly process: string;
  readonly first: number;
  /** Infinity while it may still be running at the end of the history. */
  readonly last: number;
}

export interface LaneAssignment {
  /** The lane of each process, by its position in the input. */
  readonly laneOf: number[];
  /** Per lane, its processes in order. */
  readonly lanes: string[][];
}

/** Greedy interval partitioning in order of first call: each process takes the lowest free lane. */
export function assignLanes(lives: readonly ProcessLife[]): LaneAssignment {
  const order = lives.map((_, i) => i).sort((a, b) => lives[a]!.first - lives[b]!.first || a - b);
  const laneOf = new Array<number>(lives.length).fill(0);
  const lanes: string[][] = [];
  const freeFrom: number[] = [];
  for (const i of order) {
    const life = lives[i]!;
    let lane = freeFrom.findIndex((t) => t <= life.first);
    if (lane === -1) {
      lane = lanes.length;
      lanes.push([]);
      freeFrom.push(0);
    }
    laneOf[i] = lane;
    lanes[lane]!.push(life.process);
    freeFrom[lane] = life.last;
  }
  return { laneOf, lanes };
}
