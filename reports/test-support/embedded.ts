/** The data a report page embeds, read back from its HTML. */
import type { ReportData } from '../data/report-data.js';

export function embeddedData(html: string): ReportData {
  const match = /<script type="application\/json" id="faultline-data">([^]*?)<\/script>/.exec(html);
  if (match === null) throw new Error('no embedded report data');
  return JSON.parse(match[1]!) as ReportData;
}
