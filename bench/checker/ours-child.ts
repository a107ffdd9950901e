/** One generated file timed in a process of its own (ours.ts, timeOursApart): prints its OurTiming as JSON. */
import type { BenchFile } from './corpus.js';
import { timeAlone, type OurRun } from './ours.js';

const { file, run } = JSON.parse(process.argv[2] ?? '{}') as { file: BenchFile; run: OurRun };
process.stdout.write(`${JSON.stringify(await timeAlone(file, run))}\n`);
