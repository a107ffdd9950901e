/** Vitest global setup: one line when the reference corpus is absent (its tests are skipped). */
import { referenceCorpus, referenceHistoriesDir } from '../history/reference.js';

export default function corpusNotice(): void {
  if (referenceCorpus() !== null) return;
  console.log(`faultline: no reference corpus at ${referenceHistoriesDir()} (set FAULTLINE_SHARED to the folder holding histories/): the tests that read it are skipped`);
}
