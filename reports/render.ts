/** From what is known of a run to a report file: prepare the data, inline it into the page, write it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { prepareReport, type ReportInput } from './data/prepare.js';
import { reportHtml } from './html.js';

export type { ReportInput } from './data/prepare.js';

export function renderReport(input: ReportInput): string {
  return reportHtml(prepareReport(input));
}

/** Writes the report to `path` (creating its folder) and returns the path. */
export function writeReport(path: string, input: ReportInput): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReport(input));
  return path;
}
